"""A small world in the members service, made through its API (synchronous stubs,
for the hardening tests): members, a community with its owner and a member,
connections, a pending request, an introduction, invitations and a handle. The
adversarial test mutates requests naming it; the authorisation matrix makes one per
cell, with fresh ids, so that what one caller did never shapes the next answer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cached_property

import grpc

from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import (
    communities_pb2_grpc,
    connections_pb2_grpc,
    introductions_pb2_grpc,
    invitations_pb2_grpc,
    members_pb2_grpc,
)
from offkai.members.v1 import connections_pb2 as rpb
from offkai.members.v1 import introductions_pb2 as ipb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import members_pb2 as mpb
from offkai.members.v1 import types_pb2 as types
from offkai_kit.testing.services import bearer

MEMBER_ROLES = ("member",)
ORGANIZER_ROLES = ("member", "organizer")


@dataclass
class Stubs:
    members: members_pb2_grpc.MembersServiceStub
    communities: communities_pb2_grpc.CommunitiesServiceStub
    connections: connections_pb2_grpc.ConnectionsServiceStub
    introductions: introductions_pb2_grpc.IntroductionsServiceStub
    invitations: invitations_pb2_grpc.InvitationsServiceStub

    @classmethod
    def on(cls, channel: grpc.Channel) -> Stubs:
        return cls(members_pb2_grpc.MembersServiceStub(channel),
                   communities_pb2_grpc.CommunitiesServiceStub(channel),
                   connections_pb2_grpc.ConnectionsServiceStub(channel),
                   introductions_pb2_grpc.IntroductionsServiceStub(channel),
                   invitations_pb2_grpc.InvitationsServiceStub(channel))


@dataclass
class World:
    """Who is who: ``member`` belongs to ``community`` (owned by ``organizer``) and is
    connected to ``friend`` and ``organizer``; ``member`` asked ``stranger`` to
    connect; ``member`` introduced ``friend`` to ``organizer``; ``organizer`` invited
    ``member``'s friend and an email address to the community; ``member`` has a
    handle. ``another`` has nothing to do with any of it; ``other_org`` owns
    ``other_community``."""

    member: str
    friend: str
    stranger: str
    another: str
    organizer: str
    other_org: str
    community: str = ""
    other_community: str = ""
    introduction: str = ""
    invitation: str = ""
    emailed_invitation: str = ""
    handle: str = ""
    names: dict[str, str] = field(default_factory=dict)


def _rid() -> str:
    return str(uuid.uuid4())


def as_member(member_id: str, *roles: str):
    return bearer(member_id, *(roles or MEMBER_ROLES))


def register(api: Stubs, member_id: str, name: str = "", **profile) -> None:
    profile.setdefault("region_prefecture", "Tokyo")
    profile.setdefault("region_city", "Shibuya")
    api.members.RegisterMember(
        mpb.RegisterMemberRequest(request_id=_rid(), display_name=name or member_id.title(), **profile),
        metadata=as_member(member_id),
    )


def connect(api: Stubs, a: str, b: str, note: str = "") -> None:
    api.connections.RequestConnection(rpb.RequestConnectionRequest(request_id=_rid(), other_member_id=b, note=note),
                                      metadata=as_member(a))
    api.connections.AcceptConnection(rpb.AcceptConnectionRequest(request_id=_rid(), other_member_id=a),
                                     metadata=as_member(b))


def create_community(api: Stubs, community_id: str, owner: str) -> None:
    api.communities.CreateCommunity(
        cpb.CreateCommunityRequest(request_id=_rid(), community_id=community_id,
                                   details=types.CommunityDetails(name=community_id.title(),
                                                                  region_prefecture="Tokyo")),
        metadata=as_member(owner, *ORGANIZER_ROLES),
    )


def build(channel: grpc.Channel, suffix: str = "") -> World:
    """The world, with ``suffix`` on every id (fresh ids for each matrix cell)."""
    s = f"-{suffix}" if suffix else ""
    w = World(member=f"m-1{s}", friend=f"m-3{s}", stranger=f"m-4{s}", another=f"m-2{s}",
              organizer=f"org-aki{s}", other_org=f"org-ben{s}")
    api = Stubs.on(channel)
    for who in (w.member, w.friend, w.stranger, w.another, w.organizer, w.other_org):
        register(api, who)
    w.community, w.other_community = f"rust-tokyo{s}", f"go-osaka{s}"
    create_community(api, w.community, w.organizer)
    create_community(api, w.other_community, w.other_org)
    api.communities.JoinCommunity(cpb.JoinCommunityRequest(request_id=_rid(), community_id=w.community),
                                  metadata=as_member(w.member))
    connect(api, w.member, w.friend)
    connect(api, w.member, w.organizer)
    api.connections.RequestConnection(rpb.RequestConnectionRequest(request_id=_rid(), other_member_id=w.stranger),
                                      metadata=as_member(w.member))
    w.introduction = api.introductions.MakeIntroduction(
        ipb.MakeIntroductionRequest(request_id=_rid(), first_member_id=w.friend, second_member_id=w.organizer,
                                    note="you both like Rust"),
        metadata=as_member(w.member),
    ).introduction.introduction_id
    community = types.INVITATION_TARGET_KIND_COMMUNITY
    w.invitation = api.invitations.SendInvitation(
        vpb.SendInvitationRequest(request_id=_rid(), target_kind=community, target_id=w.community,
                                  invitee_member_id=w.friend),
        metadata=as_member(w.organizer, *ORGANIZER_ROLES),
    ).invitation.invitation_id
    w.emailed_invitation = api.invitations.SendInvitation(
        vpb.SendInvitationRequest(request_id=_rid(), target_kind=community, target_id=w.community,
                                  invitee_email=f"hana{s}@example.org"),
        metadata=as_member(w.organizer, *ORGANIZER_ROLES),
    ).invitation.invitation_id
    w.handle = api.members.AddHandle(
        mpb.AddHandleRequest(request_id=_rid(), kind=types.HANDLE_KIND_LINE, value="m1-line",
                             visibility=types.HANDLE_VISIBILITY_CONNECTIONS),
        metadata=as_member(w.member),
    ).handle.handle_id
    return w


@dataclass(frozen=True)
class People:
    """The callers of a cell, registered: ``member`` (whom the row is about),
    ``another``, ``organizer``, ``other_org`` (owner of ``other_community``)."""

    s: str
    member: str
    another: str
    organizer: str
    other_org: str
    other_community: str

    @classmethod
    def register(cls, api: Stubs) -> People:
        s = uuid.uuid4().hex[:8]
        people = cls(s, f"m-1-{s}", f"m-2-{s}", f"org-aki-{s}", f"org-ben-{s}", f"go-osaka-{s}")
        for who in (people.member, people.another, people.organizer, people.other_org):
            register(api, who)
        create_community(api, people.other_community, people.other_org)
        return people


class Cell:
    """A fresh corner of the members service for one authorisation cell: every id
    suffixed, and only what the row touches made (each property on first use).
    ``member`` is the member the row is about; ``organizer`` owns ``community``;
    ``other_org`` owns ``other_community``; ``another`` has nothing to do with it.
    ``people`` may be shared by cells whose commands leave the callers' own records
    alone (everything else a cell names is its own)."""

    def __init__(self, channel: grpc.Channel, people: People | None = None):
        self.api = Stubs.on(channel)
        people = people or People.register(self.api)
        self.member, self.another = people.member, people.another
        self.organizer, self.other_org = people.organizer, people.other_org
        self.other_community = people.other_community
        self.s = uuid.uuid4().hex[:8]
        self.admin, self.service = f"admin-{people.s}", f"svc-{people.s}"

    def callers(self) -> dict[str, tuple]:
        return {"another": as_member(self.another), "member": as_member(self.member),
                "other_org": as_member(self.other_org, *ORGANIZER_ROLES),
                "organizer": as_member(self.organizer, *ORGANIZER_ROLES),
                "admin": bearer(self.admin, "admin"), "service": bearer(self.service, "service")}

    def _registered(self, name: str) -> str:
        who = f"{name}-{self.s}"
        register(self.api, who)
        return who

    @cached_property
    def newcomer(self) -> str:
        return self._registered("m-5")

    @cached_property
    def community(self) -> str:
        create_community(self.api, f"rust-tokyo-{self.s}", self.organizer)
        return f"rust-tokyo-{self.s}"

    @cached_property
    def joined(self) -> str:
        """``community``, which ``member`` joined."""
        self.api.communities.JoinCommunity(cpb.JoinCommunityRequest(request_id=_rid(), community_id=self.community),
                                           metadata=as_member(self.member))
        return self.community

    @cached_property
    def friend(self) -> str:
        """Connected to ``member``."""
        friend = self._registered("m-3")
        connect(self.api, self.member, friend)
        return friend

    @cached_property
    def friend2(self) -> str:
        friend = self._registered("m-6")
        connect(self.api, self.member, friend)
        return friend

    @cached_property
    def asker(self) -> str:
        """Asked ``member`` to connect."""
        asker = self._registered("m-7")
        self.api.connections.RequestConnection(
            rpb.RequestConnectionRequest(request_id=_rid(), other_member_id=self.member), metadata=as_member(asker))
        return asker

    @cached_property
    def asked(self) -> str:
        """``member`` asked them to connect."""
        asked = self._registered("m-4")
        self.api.connections.RequestConnection(
            rpb.RequestConnectionRequest(request_id=_rid(), other_member_id=asked), metadata=as_member(self.member))
        return asked

    @cached_property
    def blocked(self) -> str:
        """``member`` blocked them."""
        blocked = self._registered("m-8")
        self.api.connections.BlockMember(rpb.BlockMemberRequest(request_id=_rid(), other_member_id=blocked),
                                         metadata=as_member(self.member))
        return blocked

    @cached_property
    def introduction(self) -> str:
        """``friend`` introduced ``member`` to another of their connections."""
        other = self._registered("m-9")
        connect(self.api, self.friend, other)
        return self.api.introductions.MakeIntroduction(
            ipb.MakeIntroductionRequest(request_id=_rid(), first_member_id=self.member, second_member_id=other),
            metadata=as_member(self.friend),
        ).introduction.introduction_id

    @cached_property
    def invitation(self) -> str:
        """``organizer`` invited ``member`` to ``community``."""
        return self._invite(invitee_member_id=self.member)

    @cached_property
    def emailed_invitation(self) -> str:
        """``organizer`` invited an email address to ``community``."""
        return self._invite(invitee_email=f"hana-{self.s}@example.org")

    def _invite(self, **invitee) -> str:
        return self.api.invitations.SendInvitation(
            vpb.SendInvitationRequest(request_id=_rid(), target_kind=types.INVITATION_TARGET_KIND_COMMUNITY,
                                      target_id=self.community, **invitee),
            metadata=as_member(self.organizer, *ORGANIZER_ROLES),
        ).invitation.invitation_id

    @cached_property
    def handle(self) -> str:
        return self.api.members.AddHandle(
            mpb.AddHandleRequest(request_id=_rid(), kind=types.HANDLE_KIND_LINE, value="m1-line",
                                 visibility=types.HANDLE_VISIBILITY_CONNECTIONS),
            metadata=as_member(self.member),
        ).handle.handle_id
