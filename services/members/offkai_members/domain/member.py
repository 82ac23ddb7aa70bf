"""The member aggregate: a person's profile, folded from their events.

Stream id ``member-<member_id>``; stream type ``member``.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.decider import Decider
from offkai_kit.errors import AlreadyExists, Violations
from offkai_kit.principal import Principal

LOCALES = ("ja", "en")
MAX_NAME = 80
MAX_MEMBER_ID = 128
_TIMEZONES = frozenset(available_timezones())


@dataclass(frozen=True)
class Member:
    member_id: str = ""
    display_name: str = ""
    region_prefecture: str = ""
    region_city: str = ""
    timezone: str = ""
    locale: str = ""

    @property
    def registered(self) -> bool:
        return bool(self.member_id)


@dataclass(frozen=True)
class RegisterMember:
    actor: Principal
    member_id: str
    display_name: str
    region_prefecture: str = ""
    region_city: str = ""
    timezone: str = "Asia/Tokyo"
    locale: str = "ja"


def stream_id(member_id: str) -> str:
    return f"member-{member_id}"


def evolve(state: Member, event) -> Member:
    match event:
        case ev.MemberRegistered():
            return Member(
                member_id=event.member_id,
                display_name=event.display_name,
                region_prefecture=event.region_prefecture,
                region_city=event.region_city,
                timezone=event.timezone,
                locale=event.locale,
            )
    return state


def register(state: Member, cmd: RegisterMember, now) -> list:
    cmd.actor.require_self_or_privileged(cmd.member_id, "register")
    v = Violations()
    name = cmd.display_name.strip()
    v.check(bool(cmd.member_id), "member_id", "is required")
    v.check(len(cmd.member_id) <= MAX_MEMBER_ID, "member_id", f"must be at most {MAX_MEMBER_ID} characters")
    v.check(bool(name), "display_name", "must not be empty")
    v.check(len(name) <= MAX_NAME, "display_name", f"must be at most {MAX_NAME} characters")
    v.check(cmd.timezone in _TIMEZONES, "timezone", f"unknown IANA time zone {cmd.timezone!r}")
    v.check(cmd.locale in LOCALES, "locale", f"must be one of {', '.join(LOCALES)}")
    v.raise_if_any()
    if state.registered:
        raise AlreadyExists(f"member {cmd.member_id} is registered already")
    return [
        ev.MemberRegistered(
            member_id=cmd.member_id,
            display_name=name,
            region_prefecture=cmd.region_prefecture.strip(),
            region_city=cmd.region_city.strip(),
            timezone=cmd.timezone,
            locale=cmd.locale,
        )
    ]


MEMBER = Decider(stream_type="member", initial=Member(), evolve=evolve, decide=register)
