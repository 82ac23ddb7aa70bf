"""An address that is no member's: what notify keeps of one that asked for no
more invitation emails — a hash of its normalised form, never the address.

Normalised: trimmed, the local part case-folded (almost every mailbox ignores
case there, and an opt-out should hold for ``Aki@`` as for ``aki@``), the
domain in its ASCII (IDNA) form, lowercased. The hash is SHA-256 over that,
with a fixed prefix of its own: unkeyed on purpose, so an opt-out outlives any
rotation of notify's secret keys. Whoever reads the table and already has an
address can test whether it opted out; nobody can list the addresses.
"""

from __future__ import annotations

import hashlib

_PREFIX = b"offkai/invitation-opt-out/v1\x1f"


def normalised(address: str) -> str:
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return address.strip().casefold()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return f"{local.casefold()}@{domain.lower()}"


def address_hash(address: str) -> str:
    """64 hex characters, the same for every spelling of one address."""
    return hashlib.sha256(_PREFIX + normalised(address).encode("utf-8")).hexdigest()
