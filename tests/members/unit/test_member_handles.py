"""Handle rules: add, change, remove; values validated per kind; a value on
the stream only while visible to everyone."""

from __future__ import annotations

import pytest

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as pb
from offkai_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from offkai_members.domain import member
from offkai_members.domain.member import commands as mc
from offkai_members.domain.model import Handle, HandleKind, Visibility
from offkai_members.domain.validate import MAX_HANDLES
from tests.members.unit.builders import ADMIN, as_member, fields_of, registered, run


def add(handle_id="h-1", kind=HandleKind.GITHUB, value="octocat", visibility=Visibility.EVERYONE, actor=None):
    return mc.AddHandle(
        actor=actor or as_member("ayumi"),
        member_id="ayumi",
        handle_id=handle_id,
        kind=kind,
        value=value,
        visibility=visibility,
    )


def change(handle_id="h-1", value="octocat", visibility=Visibility.EVERYONE, current_value="", actor=None):
    return mc.ChangeHandle(
        actor=actor or as_member("ayumi"),
        member_id="ayumi",
        handle_id=handle_id,
        value=value,
        visibility=visibility,
        current_value=current_value,
    )


def with_handles(*commands):
    state = registered()
    for command in commands:
        state, _ = run(member, state, command)
    return state


def test_a_public_handle_travels_with_its_value():
    state, (added,) = run(member, registered(), add(value="@Octo-Cat"))
    assert isinstance(added, ev.HandleAdded)
    assert (added.kind, added.visibility, added.value) == (
        pb.HANDLE_KIND_GITHUB,
        pb.HANDLE_VISIBILITY_EVERYONE,
        "Octo-Cat",
    )
    assert state.handles == (Handle("h-1", HandleKind.GITHUB, Visibility.EVERYONE, "Octo-Cat"),)


@pytest.mark.parametrize("visibility", [Visibility.CONNECTIONS, Visibility.NOBODY])
def test_a_hidden_handle_travels_without_its_value(visibility):
    state, (added,) = run(member, registered(), add(kind=HandleKind.LINE, value="ayumi.kato", visibility=visibility))
    assert added.value == "" and added.kind == pb.HANDLE_KIND_LINE
    assert b"ayumi.kato" not in added.SerializeToString()
    assert state.handles == (Handle("h-1", HandleKind.LINE, visibility, ""),)


def test_values_are_checked_for_their_kind():
    cases = [
        (HandleKind.LINE, "not a line id!", "value"),
        (HandleKind.BLOG_URL, "http://ayumi.example.jp", "value"),
        (None, "octocat", "kind"),
    ]
    for kind, value, field in cases:
        with pytest.raises(InvalidArgument) as raised:
            run(member, registered(), add(kind=kind, value=value))
        assert list(fields_of(raised.value)) == [field]
    with pytest.raises(InvalidArgument) as raised:
        run(member, registered(), add(visibility=None, handle_id=""))
    assert set(fields_of(raised.value)) == {"visibility", "handle_id"}


def test_a_member_has_at_most_twelve_handles():
    state = with_handles(*(add(f"h-{i}") for i in range(MAX_HANDLES)))
    with pytest.raises(FailedPrecondition, match="at most 12"):
        run(member, state, add("h-extra"))


def test_a_handle_id_is_used_once():
    with pytest.raises(AlreadyExists):
        run(member, with_handles(add()), add(kind=HandleKind.X, value="ayumi_k"))


def test_only_the_member_touches_their_handles():
    state = with_handles(add())
    for command in (add("h-2", actor=as_member("kenji")), change(actor=as_member("kenji"))):
        with pytest.raises(PermissionDenied):
            run(member, state, command)
    with pytest.raises(PermissionDenied):
        run(member, state, mc.RemoveHandle(actor=as_member("kenji"), member_id="ayumi", handle_id="h-1"))
    assert run(member, state, mc.RemoveHandle(actor=ADMIN, member_id="ayumi", handle_id="h-1"))[0].handles == ()


def test_hiding_a_public_handle_drops_its_value_from_state_and_stream():
    state, (changed,) = run(
        member, with_handles(add()), change(visibility=Visibility.CONNECTIONS, current_value="octocat")
    )
    assert isinstance(changed, ev.HandleChanged)
    assert (changed.visibility, changed.previous_visibility, changed.value) == (
        pb.HANDLE_VISIBILITY_CONNECTIONS,
        pb.HANDLE_VISIBILITY_EVERYONE,
        "",
    )
    assert state.handles[0].value == "" and state.handles[0].visibility is Visibility.CONNECTIONS


def test_making_a_hidden_handle_public_publishes_its_value():
    state = with_handles(add(visibility=Visibility.NOBODY))
    state, (changed,) = run(member, state, change(value="octocat", current_value="octocat"))
    assert changed.value == "octocat"
    assert state.handles[0].value == "octocat"


def test_changing_nothing_appends_nothing():
    assert run(member, with_handles(add()), change(value="@octocat"))[1] == []
    hidden = with_handles(add(visibility=Visibility.NOBODY))
    assert run(member, hidden, change(visibility=Visibility.NOBODY, current_value="octocat"))[1] == []
    # A hidden value that changes is announced without the value.
    (changed,) = run(member, hidden, change(value="other", visibility=Visibility.NOBODY, current_value="octocat"))[1]
    assert changed.value == "" and changed.visibility == pb.HANDLE_VISIBILITY_NOBODY


def test_a_changed_value_is_checked_for_the_handles_kind():
    with pytest.raises(InvalidArgument) as raised:
        run(member, with_handles(add()), change(value="octo_cat"))
    assert list(fields_of(raised.value)) == ["value"]


def test_unknown_handles_are_not_found():
    with pytest.raises(NotFound):
        run(member, registered(), change("h-9"))
    with pytest.raises(NotFound):
        run(member, registered(), mc.RemoveHandle(actor=as_member("ayumi"), member_id="ayumi", handle_id="h-9"))


def test_removing_a_handle():
    state, (removed,) = run(
        member,
        with_handles(add(), add("h-2", HandleKind.X, "ayumi_k")),
        mc.RemoveHandle(actor=as_member("ayumi"), member_id="ayumi", handle_id="h-1"),
    )
    assert isinstance(removed, ev.HandleRemoved) and removed.kind == pb.HANDLE_KIND_GITHUB
    assert [h.handle_id for h in state.handles] == ["h-2"]


def test_erasure_forgets_handles():
    state = with_handles(add())
    state, _ = run(member, state, mc.EraseMember(actor=as_member("ayumi"), member_id="ayumi"))
    assert state.handles == ()
    with pytest.raises(NotFound):
        run(member, state, add("h-2"))
