"""Community rules: create (creator is owner), join, leave (never the last
owner), follow without joining, owners appoint roles."""

from __future__ import annotations

import pytest

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as pb
from offkai_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from offkai_members.domain import community
from offkai_members.domain.community import commands as cc
from offkai_members.domain.community.convert import details_from_pb
from offkai_members.domain.community.state import CommunityRole
from tests.members.unit.builders import (
    ADMIN,
    COMMUNITY_ID,
    SERVICE,
    as_member,
    card,
    change_role,
    community_with,
    create_community,
    details,
    fields_of,
    join,
    leave,
    names,
    run,
)


def follow(member_id, actor=None):
    return cc.FollowCommunity(
        actor=actor or as_member(member_id), community_id=COMMUNITY_ID, member_id=member_id, member=card(member_id)
    )


def unfollow(member_id):
    return cc.UnfollowCommunity(actor=as_member(member_id), community_id=COMMUNITY_ID, member_id=member_id)


# -- create ----------------------------------------------------------------------------


def test_the_creator_becomes_the_owner():
    state, (created,) = run(
        community, community.INITIAL, create_community(tags=("Blogging", "ＨＯＫＫＡＩＤＯ", "blogging"))
    )
    assert isinstance(created, ev.CommunityCreated)
    assert created.created_by == "ayumi"
    assert details_from_pb(created.details) == details(tags=("blogging", "hokkaido"))
    assert state.roles == {"ayumi": CommunityRole.OWNER}
    assert community.stream_id(COMMUNITY_ID) == "community-hokkaido-bloggers"


def test_a_community_id_is_taken_once():
    with pytest.raises(AlreadyExists):
        run(community, community_with(), create_community("kenji"))


def test_bad_details_are_reported_together():
    bad = cc.CreateCommunity(
        actor=as_member("ayumi"),
        community_id="Hokkaido Bloggers!",
        details=details(name="", description="x" * 4001, tags=tuple(f"t{i}" for i in range(11))),
        creator=card("ayumi"),
    )
    with pytest.raises(InvalidArgument) as raised:
        run(community, community.INITIAL, bad)
    assert set(fields_of(raised.value)) == {"community_id", "details.name", "details.description", "details.tags"}


def test_only_registered_members_create():
    command = cc.CreateCommunity(actor=as_member("ghost"), community_id=COMMUNITY_ID, details=details(), creator=None)
    with pytest.raises(NotFound):
        run(community, community.INITIAL, command)


# -- join / leave -------------------------------------------------------------------------


def test_joining_carries_the_card_and_the_community_name():
    state, (joined,) = run(community, community_with(), join("kenji"))
    assert isinstance(joined, ev.CommunityJoined)
    assert (joined.member.display_name, joined.community_name) == ("Kenji", "Hokkaido bloggers")
    assert state.role_of("kenji") is CommunityRole.MEMBER
    assert run(community, state, join("kenji"))[1] == []


def test_joining_for_someone_else_needs_privilege():
    with pytest.raises(PermissionDenied):
        run(community, community_with(), join("kenji", actor=as_member("ayumi")))
    assert run(community, community_with(), join("kenji", actor=SERVICE))[0].role_of("kenji") is CommunityRole.MEMBER


def test_unknown_communities_and_members_are_not_found():
    with pytest.raises(NotFound, match="community"):
        run(community, community.INITIAL, join("kenji"))
    ghost = cc.JoinCommunity(actor=as_member("ghost"), community_id=COMMUNITY_ID, member_id="ghost", member=None)
    with pytest.raises(NotFound, match="member"):
        run(community, community_with(), ghost)


def test_leaving():
    state, (left,) = run(community, community_with("kenji"), leave("kenji"))
    assert isinstance(left, ev.CommunityLeft) and left.previous_role == pb.COMMUNITY_ROLE_MEMBER
    assert state.role_of("kenji") is None
    assert run(community, state, leave("kenji"))[1] == []


def test_the_last_owner_cannot_leave_until_another_owner_is_appointed():
    state = community_with("kenji")
    with pytest.raises(FailedPrecondition, match="last owner"):
        run(community, state, leave("ayumi"))
    state, _ = run(community, state, change_role(as_member("ayumi"), "kenji", CommunityRole.OWNER))
    state, _ = run(community, state, leave("ayumi"))
    assert state.owners() == ["kenji"]


def test_an_admin_may_take_the_last_owner_out():
    state, (left,) = run(community, community_with(), leave("ayumi", actor=ADMIN))
    assert left.left_by == ADMIN.member_id and state.owners() == []


# -- follow ----------------------------------------------------------------------------------


def test_following_without_joining():
    state, (followed,) = run(community, community_with(), follow("kenji"))
    assert isinstance(followed, ev.CommunityFollowed)
    assert "kenji" in state.followers and state.role_of("kenji") is None
    assert run(community, state, follow("kenji"))[1] == []
    state, (unfollowed,) = run(community, state, unfollow("kenji"))
    assert isinstance(unfollowed, ev.CommunityUnfollowed) and "kenji" not in state.followers
    assert run(community, state, unfollow("kenji"))[1] == []


def test_following_for_someone_else_needs_privilege():
    with pytest.raises(PermissionDenied):
        run(community, community_with(), follow("kenji", actor=as_member("ayumi")))


# -- roles -------------------------------------------------------------------------------------


def test_owners_appoint_and_remove_organizers():
    state, (changed,) = run(
        community, community_with("kenji"), change_role(as_member("ayumi"), "kenji", CommunityRole.ORGANIZER)
    )
    assert isinstance(changed, ev.CommunityRoleChanged)
    assert (changed.previous_role, changed.role, changed.changed_by) == (
        pb.COMMUNITY_ROLE_MEMBER,
        pb.COMMUNITY_ROLE_ORGANIZER,
        "ayumi",
    )
    assert changed.member.display_name == "Kenji" and changed.community_name == "Hokkaido bloggers"
    state, _ = run(community, state, change_role(as_member("ayumi"), "kenji", CommunityRole.MEMBER))
    assert state.role_of("kenji") is CommunityRole.MEMBER


def test_only_owners_and_admins_change_roles():
    state = community_with("kenji", "aki")
    state, _ = run(community, state, change_role(as_member("ayumi"), "kenji", CommunityRole.ORGANIZER))
    with pytest.raises(PermissionDenied):
        run(community, state, change_role(as_member("kenji"), "aki", CommunityRole.ORGANIZER))
    assert names(run(community, state, change_role(ADMIN, "aki", CommunityRole.ORGANIZER))[1]) == [
        "CommunityRoleChanged"
    ]


def test_role_changes_need_a_role_and_a_member_who_joined():
    with pytest.raises(InvalidArgument) as raised:
        run(community, community_with("kenji"), change_role(as_member("ayumi"), "kenji", None))
    assert list(fields_of(raised.value)) == ["role"]
    with pytest.raises(FailedPrecondition, match="has not joined"):
        run(community, community_with(), change_role(as_member("ayumi"), "kenji", CommunityRole.ORGANIZER))


def test_the_last_owner_cannot_be_demoted_and_same_role_changes_nothing():
    with pytest.raises(FailedPrecondition, match="last owner"):
        run(community, community_with(), change_role(as_member("ayumi"), "ayumi", CommunityRole.MEMBER))
    assert (
        run(community, community_with("kenji"), change_role(as_member("ayumi"), "kenji", CommunityRole.MEMBER))[1] == []
    )
