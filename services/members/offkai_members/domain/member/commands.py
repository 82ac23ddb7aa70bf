"""Commands on a member: profile, handles, erasure. Each carries the acting
principal (``actor``); the rules check what it may do."""

from __future__ import annotations

from dataclasses import dataclass

from offkai_kit.principal import Principal
from offkai_members.domain.model import HandleKind, Profile, Visibility


@dataclass(frozen=True, kw_only=True)
class RegisterMember:
    actor: Principal
    member_id: str
    profile: Profile


@dataclass(frozen=True, kw_only=True)
class UpdateProfile:
    """Take the fields named by ``paths`` (Profile field names, or
    ``self_introduction.<part>``) from ``profile``; no paths takes them all."""

    actor: Principal
    member_id: str
    profile: Profile
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AddHandle:
    actor: Principal
    member_id: str
    # Made by the handler (a UUID).
    handle_id: str
    # None: not given (UNSPECIFIED in the request).
    kind: HandleKind | None
    value: str
    visibility: Visibility | None


@dataclass(frozen=True, kw_only=True)
class ChangeHandle:
    """The handle's whole new value and visibility: the handler applies the
    request's mask, reading a hidden current value from where it keeps it."""

    actor: Principal
    member_id: str
    handle_id: str
    value: str
    visibility: Visibility | None
    # Fact: the value as the service keeps it now. Needed only for handles not
    # visible to everyone (the state knows the others'), to tell whether
    # anything changes.
    current_value: str = ""


@dataclass(frozen=True, kw_only=True)
class RemoveHandle:
    actor: Principal
    member_id: str
    handle_id: str


@dataclass(frozen=True, kw_only=True)
class EraseMember:
    actor: Principal
    member_id: str


Command = RegisterMember | UpdateProfile | AddHandle | ChangeHandle | RemoveHandle | EraseMember
