"""Composed emails are byte for byte what the ``email`` package writes for
``build_message``'s message (the MIME boundary aside), whatever the lengths of
their addresses, links and bodies; what the shortcut does not fit is built in
full."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import charset, message_from_bytes

import pytest
from aiosmtplib.email import flatten_message

from offkai_notify.adapters import smtp
from offkai_notify.adapters.smtp import Composer, Email, build_message

SENDERS = ["offkai <noreply@offkai.example>", "オフ会 <noreply@offkai.example>"]
SUBJECTS = ["Hello", "新しいオフ会: Rust & <Go> mini-off in Shibuya が公開されました", "s" * 90, "a, b; c  d"]
WHEN = datetime(2027, 1, 16, 10, 0, tzinfo=UTC)


def _boundless(data: bytes) -> bytes:
    return re.sub(rb"={15}\d+==", b"BOUNDARY", data)


def _email(n: int, subject: str, unsubscribe: bool) -> Email:
    return Email(
        to=f"{'a' * n}@example.com", subject=subject, text="こんにちは、Ben。\nFrom here = there.\n" * n,
        html="<p>Tom &amp; Jerry</p>\n" * n,
        message_id=f"<{'d' * n}@offkai.example>",
        unsubscribe_url=f"https://offkai.example/unsubscribe?token=v1.{'t' * n}" if unsubscribe else "",
    )


@pytest.fixture(params=["base64", "quoted-printable"])
def body_encoding(request, monkeypatch):
    """utf-8 bodies as the package's registry says: base64 by default, quoted-
    printable once a library re-registers utf-8 (Apprise does, on import)."""
    encoding = charset.BASE64 if request.param == "base64" else charset.QP
    monkeypatch.setitem(charset.CHARSETS, "utf-8", (encoding, encoding, "utf-8"))
    return request.param


@pytest.mark.parametrize("sender", SENDERS)
def test_a_composed_email_is_what_the_email_package_writes(sender, body_encoding, monkeypatch):
    monkeypatch.setattr(smtp, "utc_now", lambda: WHEN)
    composer = Composer(sender)
    for n in [0, 1, 20, 48, 60, 61, 62, 70, 100, 200]:
        for subject in SUBJECTS:
            for unsubscribe in (True, False):
                email = _email(n, subject, unsubscribe)
                composed = composer.compose(email, WHEN)
                assert isinstance(composed, bytes)
                expected = flatten_message(build_message(email, sender), cte_type="7bit")
                assert _boundless(composed) == _boundless(expected), (n, subject, unsubscribe)
    parsed = message_from_bytes(composer.compose(_email(3, SUBJECTS[1], True), WHEN))
    text, html = parsed.get_payload()
    assert text["Content-Transfer-Encoding"] == body_encoding
    assert text.get_payload(decode=True).decode().replace(">From", "From") == "こんにちは、Ben。\nFrom here = there.\n" * 3
    assert html.get_payload(decode=True).decode() == "<p>Tom &amp; Jerry</p>\n" * 3


@pytest.mark.parametrize("change", [
    {"to": "ゆき@example.com"},
    {"to": "a b@example.com"},
    {"to": "@@offkai-date@@"},
    {"subject": "see @@offkai-date@@"},
    {"unsubscribe_url": "https://offkai.example/unsubscribe?token=a,b"},
])
def test_what_the_shortcut_does_not_fit_is_built_in_full(change):
    email = _email(5, "Hello", True)
    email = Email(**{**email.__dict__, **change})
    composed = Composer(SENDERS[0]).compose(email, WHEN)
    assert not isinstance(composed, bytes)
    assert composed["Message-ID"] == email.message_id
