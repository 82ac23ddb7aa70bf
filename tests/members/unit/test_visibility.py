"""A profile as a viewer may see it: handles by visibility and connection,
nothing across a block, everything for the member."""

from __future__ import annotations

from dataclasses import replace

from offkai_members.domain import relationship
from offkai_members.domain.model import Handle, HandleKind, Visibility
from offkai_members.domain.relationship.state import Standing
from offkai_members.domain.visibility import profile_as_seen
from tests.members.unit.builders import (
    accept,
    block,
    connected,
    given_commands,
    registered,
    request,
)

HANDLES = (
    Handle("h-1", HandleKind.GITHUB, Visibility.EVERYONE, "octocat"),
    Handle("h-2", HandleKind.LINE, Visibility.CONNECTIONS, "ayumi.kato"),
    Handle("h-3", HandleKind.X, Visibility.NOBODY, "ayumi_k"),
)


def kinds(view) -> list[HandleKind]:
    return [h.kind for h in view.handles]


def test_the_member_sees_all_their_handles():
    view = profile_as_seen(registered(), "ayumi", None, HANDLES)
    assert kinds(view) == [HandleKind.GITHUB, HandleKind.LINE, HandleKind.X]
    assert view.standing is Standing.NONE


def test_a_stranger_sees_only_public_handles():
    view = profile_as_seen(registered(), "kenji", None, HANDLES)
    assert kinds(view) == [HandleKind.GITHUB]
    assert view.profile.display_name == "Ayumi"


def test_a_connection_sees_connection_handles_but_never_nobody_ones():
    view = profile_as_seen(registered(), "kenji", connected(), HANDLES)
    assert kinds(view) == [HandleKind.GITHUB, HandleKind.LINE]
    assert view.standing is Standing.CONNECTED


def test_a_pending_request_shows_nothing_more():
    pending = given_commands(relationship, request("kenji", "ayumi"))
    view = profile_as_seen(registered(), "kenji", pending, HANDLES)
    assert kinds(view) == [HandleKind.GITHUB]
    assert view.standing is Standing.REQUEST_SENT


def test_a_block_either_way_hides_everything():
    for blocker, blocked in (("ayumi", "kenji"), ("kenji", "ayumi")):
        state = given_commands(
            relationship, request("ayumi", "kenji"), accept("kenji", "ayumi"), block(blocker, blocked)
        )
        assert profile_as_seen(registered(), "kenji", state, HANDLES) is None
    # The member still sees themself.
    assert profile_as_seen(registered(), "ayumi", state, HANDLES) is not None


def test_erased_and_unknown_members_show_nothing():
    from offkai_members.domain import member
    from offkai_members.domain.member import commands as mc
    from tests.members.unit.builders import as_member, run

    erased, _ = run(member, registered(), mc.EraseMember(actor=as_member("ayumi"), member_id="ayumi"))
    assert profile_as_seen(erased, "ayumi", None) is None
    assert profile_as_seen(member.INITIAL, "kenji", None) is None


def test_by_default_only_the_values_on_the_stream_are_shown():
    state = replace(registered(), handles=(replace(HANDLES[0]), replace(HANDLES[1], value="")))
    view = profile_as_seen(state, "kenji", connected())
    assert [h.value for h in view.handles] == ["octocat", ""]
