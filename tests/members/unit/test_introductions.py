"""Introduction rules: A, connected to both, introduces B to C; both must
accept; a decline closes it; a block stops it without saying who blocked."""

from __future__ import annotations

import pytest

from offkai.members.v1 import events_pb2 as ev
from offkai_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from offkai_members.domain import introduction
from offkai_members.domain.introduction.state import Answer, IntroductionStatus
from tests.members.unit.builders import (
    ADMIN,
    INTRODUCTION_ID,
    accept_introduction,
    as_member,
    card,
    decline_introduction,
    fields_of,
    given_commands,
    introduced,
    make_introduction,
    names,
    run,
)


def test_an_introduction_names_all_three_with_the_note():
    state, (made,) = run(introduction, introduction.INITIAL, make_introduction())
    assert isinstance(made, ev.IntroductionMade)
    assert (made.introducer_id, made.first_member_id, made.second_member_id) == ("aki", "ayumi", "kenji")
    assert made.note == "You both blog about Sapporo's cafés."
    assert [c.display_name for c in (made.introducer, made.first_member, made.second_member)] == [
        "Aki",
        "Ayumi",
        "Kenji",
    ]
    assert state.status is IntroductionStatus.PENDING
    assert state.answers == {"ayumi": Answer.PENDING, "kenji": Answer.PENDING}
    assert introduction.stream_id(INTRODUCTION_ID) == f"introduction-{INTRODUCTION_ID}"


@pytest.mark.parametrize("missing", ["introducer", "first", "second"])
def test_all_three_must_exist(missing):
    with pytest.raises(NotFound):
        run(introduction, introduction.INITIAL, make_introduction(**{f"{missing}_card": None}))


def test_members_introduce_only_as_themselves():
    with pytest.raises(PermissionDenied):
        run(introduction, introduction.INITIAL, make_introduction(actor=as_member("ayumi")))
    assert names(run(introduction, introduction.INITIAL, make_introduction(actor=ADMIN))[1]) == ["IntroductionMade"]


def test_the_three_must_be_three_and_the_note_sane():
    with pytest.raises(InvalidArgument) as raised:
        run(introduction, introduction.INITIAL, make_introduction(second="ayumi", note="x" * 1001))
    assert fields_of(raised.value) == {
        "second_member_id": "must differ from first_member_id",
        "note": "must be at most 1000 characters",
    }
    with pytest.raises(InvalidArgument) as raised:
        run(introduction, introduction.INITIAL, make_introduction(first="aki"))
    assert fields_of(raised.value) == {"first_member_id": "you cannot introduce yourself"}


def test_introducing_people_you_are_not_connected_to_is_refused():
    for fact, who in (("introducer_connected_to_first", "ayumi"), ("introducer_connected_to_second", "kenji")):
        with pytest.raises(FailedPrecondition, match=f"not connected with member '{who}'"):
            run(introduction, introduction.INITIAL, make_introduction(**{fact: False}))


def test_a_block_between_the_two_stops_it_without_naming_anyone():
    with pytest.raises(FailedPrecondition) as raised:
        run(introduction, introduction.INITIAL, make_introduction(blocked_between=True))
    assert raised.value.message == "these members cannot be introduced"


def test_introducing_people_already_connected_is_refused():
    with pytest.raises(FailedPrecondition, match="connected already"):
        run(introduction, introduction.INITIAL, make_introduction(connected_between=True))


def test_an_introduction_is_made_once():
    with pytest.raises(AlreadyExists):
        run(introduction, introduced(), make_introduction())


# -- answers ---------------------------------------------------------------------------------


def test_both_accepting_completes_it():
    state, (first,) = run(introduction, introduced(), accept_introduction("ayumi"))
    assert isinstance(first, ev.IntroductionAccepted)
    assert (first.member_id, first.other_member_id, first.introducer_id) == ("ayumi", "kenji", "aki")
    assert state.status is IntroductionStatus.PENDING
    state, events = run(introduction, state, accept_introduction("kenji"))
    assert names(events) == ["IntroductionAccepted", "IntroductionCompleted"]
    completed = events[1]
    assert (completed.first_member_id, completed.second_member_id, completed.introducer_id) == ("ayumi", "kenji", "aki")
    assert completed.second_member.display_name == "Kenji"
    assert state.status is IntroductionStatus.COMPLETED and state.completed_at is not None


def test_accepting_twice_changes_nothing():
    state = given_commands(introduction, make_introduction(), accept_introduction("ayumi"))
    assert run(introduction, state, accept_introduction("ayumi"))[1] == []


def test_a_decline_closes_it():
    state, (declined,) = run(introduction, introduced(), decline_introduction("kenji"))
    assert isinstance(declined, ev.IntroductionDeclined) and declined.other_member_id == "ayumi"
    assert state.status is IntroductionStatus.DECLINED
    with pytest.raises(FailedPrecondition, match="declined"):
        run(introduction, state, accept_introduction("ayumi"))
    with pytest.raises(FailedPrecondition, match="declined"):
        run(introduction, state, decline_introduction("ayumi"))
    assert run(introduction, state, decline_introduction("kenji"))[1] == []


def test_a_member_may_decline_after_accepting_while_it_waits():
    state = given_commands(introduction, make_introduction(), accept_introduction("ayumi"))
    state, _ = run(introduction, state, decline_introduction("ayumi"))
    assert state.status is IntroductionStatus.DECLINED


def test_a_completed_introduction_cannot_be_declined():
    state = given_commands(
        introduction, make_introduction(), accept_introduction("ayumi"), accept_introduction("kenji")
    )
    with pytest.raises(FailedPrecondition, match="completed"):
        run(introduction, state, decline_introduction("kenji"))


def test_only_the_two_introduced_answer():
    for command in (
        accept_introduction("aki"),
        decline_introduction("aki"),
        accept_introduction("zed", member=card("zed")),
    ):
        with pytest.raises(PermissionDenied):
            run(introduction, introduced(), command)
    with pytest.raises(PermissionDenied):
        run(introduction, introduced(), accept_introduction("kenji", actor=as_member("ayumi")))


def test_a_block_since_stops_acceptance():
    with pytest.raises(FailedPrecondition, match="no longer"):
        run(introduction, introduced(), accept_introduction("ayumi", blocked_between=True))


def test_unknown_introductions_and_members_are_not_found():
    with pytest.raises(NotFound):
        run(introduction, introduction.INITIAL, accept_introduction("ayumi"))
    with pytest.raises(NotFound):
        run(introduction, introduced(), accept_introduction("ayumi", member=None))
