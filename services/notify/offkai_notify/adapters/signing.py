"""Signatures on generic webhook posts, and how receivers check them.

Every POST to a generic webhook carries:

    Content-Type:     application/json; charset=utf-8
    Offkai-Timestamp: 1768557600              (Unix seconds when this attempt was sent)
    Offkai-Signature: v1=<64 hex characters>
    Idempotency-Key:  <delivery id>           (the same on every retry of one delivery)

Verifying a post (the receiver holds the signing secret returned once by
ChannelsService.RegisterChannel):

1. Read the raw request body as bytes, before any JSON parsing.
2. Take ``t = Offkai-Timestamp``; refuse the post if it is not an integer or
   differs from your clock by more than 300 seconds (5 minutes): an old post
   replayed by someone who captured it is refused.
3. Compute ``HMAC-SHA256(key = secret as UTF-8, message = t + "." + body)``
   as lowercase hex, and compare it with the value after ``v1=`` in
   ``Offkai-Signature`` in constant time (Python: ``hmac.compare_digest``).
   Refuse on mismatch.
4. Treat ``Idempotency-Key`` as the delivery's identity: a retry after a
   timeout carries the same key (with a fresh timestamp and signature), so
   remember keys you processed for at least a day and answer 2xx to repeats
   without acting again.

Answer 2xx when accepted; 429 (with Retry-After) or 5xx to be asked again
later; any other 4xx tells notify to stop trying.

In Python::

    t = request.headers["Offkai-Timestamp"]
    if not t.isdigit() or abs(time.time() - int(t)) > 300:
        reject()
    expected = hmac.new(secret.encode(), t.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest("v1=" + expected, request.headers["Offkai-Signature"]):
        reject()
"""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_HEADER = "Offkai-Timestamp"
SIGNATURE_HEADER = "Offkai-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Offkai-Signature`` header value."""
    digest = hmac.new(secret.encode("utf-8"), str(timestamp).encode("ascii") + b"." + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


def verify(secret: str, timestamp_header: str, signature_header: str, body: bytes, now: float) -> bool:
    """The recipe above, for receivers written in Python (the local webhook
    sink uses it)."""
    if not timestamp_header.isascii() or not timestamp_header.isdigit():
        return False
    timestamp = int(timestamp_header)
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), signature_header)
