"""Mapping between the shared value objects and their protobuf messages
(proto/offkai/members/v1/types.proto): events carry messages, states carry
dataclasses."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from offkai.members.v1 import types_pb2 as pb
from offkai_members.domain.model import (
    Handle,
    HandleKind,
    MeetupRef,
    MemberCard,
    Profile,
    SelfIntroduction,
    Visibility,
)


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    out = Timestamp()
    out.FromDatetime(value)
    return out


def instant(message: Message, field: str) -> datetime | None:
    """The Timestamp field ``field`` of ``message`` as an aware UTC datetime."""
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=UTC)


# -- enums ---------------------------------------------------------------------

HANDLE_KINDS = {
    HandleKind.FACEBOOK: pb.HANDLE_KIND_FACEBOOK,
    HandleKind.LINE: pb.HANDLE_KIND_LINE,
    HandleKind.X: pb.HANDLE_KIND_X,
    HandleKind.GITHUB: pb.HANDLE_KIND_GITHUB,
    HandleKind.BLOG_URL: pb.HANDLE_KIND_BLOG_URL,
    HandleKind.OTHER_URL: pb.HANDLE_KIND_OTHER_URL,
}
VISIBILITIES = {
    Visibility.EVERYONE: pb.HANDLE_VISIBILITY_EVERYONE,
    Visibility.CONNECTIONS: pb.HANDLE_VISIBILITY_CONNECTIONS,
    Visibility.NOBODY: pb.HANDLE_VISIBILITY_NOBODY,
}
_HANDLE_KINDS_FROM_PB = {v: k for k, v in HANDLE_KINDS.items()}
_VISIBILITIES_FROM_PB = {v: k for k, v in VISIBILITIES.items()}


def handle_kind_from_pb(value: int) -> HandleKind | None:
    """None for UNSPECIFIED or a number this version does not know."""
    return _HANDLE_KINDS_FROM_PB.get(value)


def visibility_from_pb(value: int) -> Visibility | None:
    return _VISIBILITIES_FROM_PB.get(value)


# -- profile -------------------------------------------------------------------


def self_introduction_to_pb(intro: SelfIntroduction) -> pb.SelfIntroduction:
    return pb.SelfIntroduction(what_i_do=intro.what_i_do, why_i_come=intro.why_i_come, hobbies=intro.hobbies)


def self_introduction_from_pb(intro: pb.SelfIntroduction) -> SelfIntroduction:
    return SelfIntroduction(intro.what_i_do, intro.why_i_come, intro.hobbies)


def profile_to_pb(profile: Profile) -> pb.Profile:
    return pb.Profile(
        display_name=profile.display_name,
        self_introduction=self_introduction_to_pb(profile.self_introduction),
        region_prefecture=profile.region_prefecture,
        region_city=profile.region_city,
        timezone=profile.timezone,
        locale=profile.locale,
        interests=list(profile.interests),
    )


def profile_from_pb(profile: pb.Profile) -> Profile:
    return Profile(
        display_name=profile.display_name,
        self_introduction=self_introduction_from_pb(profile.self_introduction),
        region_prefecture=profile.region_prefecture,
        region_city=profile.region_city,
        timezone=profile.timezone,
        locale=profile.locale,
        interests=tuple(profile.interests),
    )


def handle_to_pb(handle: Handle) -> pb.Handle:
    return pb.Handle(
        handle_id=handle.handle_id,
        kind=HANDLE_KINDS[handle.kind],
        value=handle.value,
        visibility=VISIBILITIES[handle.visibility],
    )


# -- cards and meetups -----------------------------------------------------------


def card_to_pb(card: MemberCard | None) -> pb.MemberCard | None:
    if card is None:
        return None
    return pb.MemberCard(
        member_id=card.member_id, display_name=card.display_name, locale=card.locale, timezone=card.timezone
    )


def card_from_pb(card: pb.MemberCard) -> MemberCard:
    return MemberCard(card.member_id, card.display_name, card.locale, card.timezone)


def meetup_to_pb(meetup: MeetupRef) -> pb.MeetupRef:
    return pb.MeetupRef(
        meetup_id=meetup.meetup_id, title=meetup.title, start=timestamp(meetup.start), timezone=meetup.timezone
    )


def meetup_from_pb(meetup: pb.MeetupRef) -> MeetupRef:
    return MeetupRef(meetup.meetup_id, meetup.title, instant(meetup, "start"), meetup.timezone)
