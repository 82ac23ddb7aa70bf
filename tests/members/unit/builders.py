"""Builders for the members domain's unit tests: principals, cards, a valid
profile to vary, command builders per aggregate, and given/when/then helpers
that run commands through an aggregate's ``decide`` and fold the events with
its ``evolve``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import reduce

from offkai_kit.principal import Principal
from offkai_members.domain import community, introduction, member, relationship
from offkai_members.domain.community import commands as cc
from offkai_members.domain.community.state import CommunityDetails
from offkai_members.domain.introduction import commands as ic
from offkai_members.domain.invitation import commands as vc
from offkai_members.domain.invitation.state import InvitationTarget, TargetKind
from offkai_members.domain.member import commands as mc
from offkai_members.domain.model import MeetupRef, MemberCard, Profile, SelfIntroduction
from offkai_members.domain.relationship import commands as rc

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
ADMIN = Principal("admin-1", frozenset({"admin"}))
SERVICE = Principal("svc-members", frozenset({"service"}))

MEETUP = MeetupRef("5b0c1e44", "Rust mini-off in Sapporo", datetime(2026, 5, 16, 10, 0, tzinfo=UTC), "Asia/Tokyo")
EARLIER_MEETUP = MeetupRef("0a1b2c3d", "Hokkaido bloggers night", datetime(2026, 4, 4, 10, 0, tzinfo=UTC), "Asia/Tokyo")


def as_member(member_id: str) -> Principal:
    return Principal(member_id, frozenset({"member"}))


def card(member_id: str, locale: str = "ja") -> MemberCard:
    return MemberCard(member_id, member_id.title(), locale, "Asia/Tokyo")


# -- running commands ------------------------------------------------------------


def run(aggregate, state, command, now: datetime = NOW):
    """When ``command`` at ``now``: the state after its events, and the events."""
    events = aggregate.decide(state, command, now)
    return reduce(aggregate.evolve, events, state), events


def given_commands(aggregate, *commands, now: datetime = NOW):
    state = aggregate.INITIAL
    for command in commands:
        state, _ = run(aggregate, state, command, now)
    return state


def given_events(aggregate, *events):
    return reduce(aggregate.evolve, events, aggregate.INITIAL)


def names(events) -> list[str]:
    return [type(e).__name__ for e in events]


def fields_of(error) -> dict[str, str]:
    return {v.field: v.description for v in error.violations}


# -- members ---------------------------------------------------------------------


def profile(**overrides) -> Profile:
    base = Profile(
        display_name="Ayumi",
        self_introduction=SelfIntroduction(
            what_i_do="Backend developer at a Sapporo startup",
            why_i_come="To meet people who blog about Hokkaido",
            hobbies="Skiing, onsen",
        ),
        region_prefecture="Hokkaido",
        region_city="Sapporo",
        timezone="Asia/Tokyo",
        locale="ja",
        interests=("rust", "blogging"),
    )
    return replace(base, **overrides)


def register(member_id: str = "ayumi", actor: Principal | None = None, **overrides) -> mc.RegisterMember:
    return mc.RegisterMember(actor=actor or as_member(member_id), member_id=member_id, profile=profile(**overrides))


def registered(member_id: str = "ayumi", **overrides):
    return given_commands(member, register(member_id, **overrides))


# -- relationships ---------------------------------------------------------------


def pair_command(kind, member_id: str, other_id: str, actor: Principal | None = None, **kw):
    """A relationship command acting as ``member_id`` on ``other_id``, both
    existing unless the facts say otherwise."""
    kw.setdefault("member", card(member_id))
    kw.setdefault("other", card(other_id))
    return kind(actor=actor or as_member(member_id), member_id=member_id, other_id=other_id, **kw)


def request(a: str, b: str, **kw) -> rc.RequestConnection:
    return pair_command(rc.RequestConnection, a, b, **kw)


def accept(a: str, b: str, **kw) -> rc.AcceptConnection:
    return pair_command(rc.AcceptConnection, a, b, **kw)


def decline(a: str, b: str, **kw) -> rc.DeclineConnection:
    return pair_command(rc.DeclineConnection, a, b, **kw)


def withdraw(a: str, b: str, **kw) -> rc.WithdrawConnectionRequest:
    return pair_command(rc.WithdrawConnectionRequest, a, b, **kw)


def remove(a: str, b: str, **kw) -> rc.RemoveConnection:
    return pair_command(rc.RemoveConnection, a, b, **kw)


def block(a: str, b: str, **kw) -> rc.BlockMember:
    return pair_command(rc.BlockMember, a, b, **kw)


def unblock(a: str, b: str, **kw) -> rc.UnblockMember:
    return pair_command(rc.UnblockMember, a, b, **kw)


def connected(a: str = "ayumi", b: str = "kenji", **request_kw):
    return given_commands(relationship, request(a, b, **request_kw), accept(b, a))


# -- communities -----------------------------------------------------------------

COMMUNITY_ID = "hokkaido-bloggers"


def details(**overrides) -> CommunityDetails:
    base = CommunityDetails(
        name="Hokkaido bloggers",
        description="People who write about Hokkaido.\nWe meet monthly.",
        region_prefecture="Hokkaido",
        region_city="Sapporo",
        tags=("blogging", "hokkaido"),
    )
    return replace(base, **overrides)


def create_community(owner: str = "ayumi", **overrides) -> cc.CreateCommunity:
    return cc.CreateCommunity(
        actor=as_member(owner), community_id=COMMUNITY_ID, details=details(**overrides), creator=card(owner)
    )


def join(member_id: str, actor: Principal | None = None) -> cc.JoinCommunity:
    return cc.JoinCommunity(
        actor=actor or as_member(member_id), community_id=COMMUNITY_ID, member_id=member_id, member=card(member_id)
    )


def leave(member_id: str, actor: Principal | None = None) -> cc.LeaveCommunity:
    return cc.LeaveCommunity(actor=actor or as_member(member_id), community_id=COMMUNITY_ID, member_id=member_id)


def change_role(actor: Principal, member_id: str, role) -> cc.ChangeCommunityRole:
    return cc.ChangeCommunityRole(
        actor=actor, community_id=COMMUNITY_ID, member_id=member_id, role=role, member=card(member_id)
    )


def community_with(*members: str, owner: str = "ayumi"):
    return given_commands(community, create_community(owner), *(join(m) for m in members))


# -- introductions -----------------------------------------------------------------

INTRODUCTION_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


def make_introduction(
    introducer: str = "aki", first: str = "ayumi", second: str = "kenji", **kw
) -> ic.MakeIntroduction:
    """``introducer_card``, ``first_card``, ``second_card`` override the cards
    (None: that member does not exist); other keywords the facts."""
    facts = dict(
        introducer=kw.pop("introducer_card", card(introducer)),
        first=kw.pop("first_card", card(first)),
        second=kw.pop("second_card", card(second)),
        introducer_connected_to_first=True,
        introducer_connected_to_second=True,
        blocked_between=False,
        connected_between=False,
    )
    facts.update(kw)
    facts.setdefault("actor", as_member(introducer))
    facts.setdefault("note", "You both blog about Sapporo's cafés.")
    return ic.MakeIntroduction(
        introduction_id=INTRODUCTION_ID, introducer_id=introducer, first_id=first, second_id=second, **facts
    )


def accept_introduction(member_id: str, **kw) -> ic.AcceptIntroduction:
    kw.setdefault("actor", as_member(member_id))
    kw.setdefault("member", card(member_id))
    return ic.AcceptIntroduction(introduction_id=INTRODUCTION_ID, member_id=member_id, **kw)


def decline_introduction(member_id: str, **kw) -> ic.DeclineIntroduction:
    kw.setdefault("actor", as_member(member_id))
    return ic.DeclineIntroduction(introduction_id=INTRODUCTION_ID, member_id=member_id, **kw)


def introduced():
    return given_commands(introduction, make_introduction())


# -- invitations -------------------------------------------------------------------

INVITATION_ID = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
MEETUP_TARGET = InvitationTarget(TargetKind.MEETUP, MEETUP.meetup_id, MEETUP.title, MEETUP.start, "Asia/Tokyo")
COMMUNITY_TARGET = InvitationTarget(TargetKind.COMMUNITY, COMMUNITY_ID, "Hokkaido bloggers")


def send_invitation(
    inviter: str = "ayumi", invitee: str = "kenji", email: str = "", target=MEETUP_TARGET, **kw
) -> vc.SendInvitation:
    """``inviter_card``/``invitee_card`` override the cards (None: no such
    member); ``target=None`` stands for a target the handler did not find."""
    kw.setdefault("actor", as_member(inviter))
    kw.setdefault("target_kind", target.kind if target else TargetKind.MEETUP)
    kw.setdefault("target_id", target.target_id if target else "no-such-meetup")
    kw.setdefault("note", "Come along, it's a friendly crowd!")
    return vc.SendInvitation(
        invitation_id=INVITATION_ID,
        inviter_id=inviter,
        invitee_member_id=invitee,
        invitee_email=email,
        inviter=kw.pop("inviter_card", card(inviter)),
        invitee=kw.pop("invitee_card", card(invitee) if invitee else None),
        target=target,
        **kw,
    )


def later(days: int = 1) -> datetime:
    return NOW + timedelta(days=days)
