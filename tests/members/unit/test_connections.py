"""Connection rules on a pair's relationship: request, accept, decline,
withdraw, remove, with provenance learnt by the service (met at / online /
introduced by) — given events, when command, then events."""

from __future__ import annotations

import pytest

from offkai.members.v1 import events_pb2 as ev
from offkai.platform.v1 import personal_data_pb2 as personal
from offkai_kit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from offkai_members.domain import relationship
from offkai_members.domain.relationship import commands as rc
from offkai_members.domain.relationship.provenance import from_pb
from offkai_members.domain.relationship.state import ProvenanceKind, Standing
from tests.members.unit.builders import (
    ADMIN,
    EARLIER_MEETUP,
    MEETUP,
    SERVICE,
    accept,
    as_member,
    block,
    card,
    connected,
    decline,
    fields_of,
    given_commands,
    names,
    remove,
    request,
    run,
    withdraw,
)


def requested(a="ayumi", b="kenji", **kw):
    return given_commands(relationship, request(a, b, **kw))


def test_the_stream_id_names_the_unordered_pair():
    assert (
        relationship.stream_id("kenji", "ayumi")
        == relationship.stream_id("ayumi", "kenji")
        == "relationship-ayumi~kenji"
    )
    with pytest.raises(ValueError):
        relationship.stream_id("a~b", "c")


# -- request ------------------------------------------------------------------------


def test_a_request_carries_the_note_and_both_cards():
    state, (requested_event,) = run(
        relationship, relationship.INITIAL, request("ayumi", "kenji", note="Great talk on Saturday!", met_at=(MEETUP,))
    )
    assert isinstance(requested_event, ev.ConnectionRequested)
    assert (requested_event.requester_id, requested_event.addressee_id) == ("ayumi", "kenji")
    assert requested_event.note == "Great talk on Saturday!"
    assert (requested_event.requester.display_name, requested_event.addressee.locale) == ("Ayumi", "ja")
    assert [m.title for m in requested_event.met_at] == [MEETUP.title]
    assert state.pair == ("ayumi", "kenji")
    assert state.standing_of("ayumi") is Standing.REQUEST_SENT
    assert state.standing_of("kenji") is Standing.REQUEST_RECEIVED


def test_the_request_note_is_the_requesters_personal_data():
    options = ev.ConnectionRequested.DESCRIPTOR.GetOptions()
    assert options.Extensions[personal.data_subject] == "requester_id"
    note = ev.ConnectionRequested.DESCRIPTOR.fields_by_name["note"]
    assert note.GetOptions().Extensions[personal.personal]


def test_requesting_twice_is_refused_with_the_reason():
    with pytest.raises(FailedPrecondition, match="already asked"):
        run(relationship, requested(), request("ayumi", "kenji"))


def test_a_request_while_the_others_waits_points_to_it():
    with pytest.raises(FailedPrecondition, match="accept their request"):
        run(relationship, requested(), request("kenji", "ayumi"))


def test_connecting_to_yourself_is_refused():
    with pytest.raises(FailedPrecondition, match="yourself"):
        run(relationship, relationship.INITIAL, request("ayumi", "ayumi"))


def test_requesting_when_connected_is_refused():
    with pytest.raises(FailedPrecondition, match="connected .* already"):
        run(relationship, connected(), request("kenji", "ayumi"))


def test_unknown_members_are_not_found_first():
    with pytest.raises(NotFound, match="kenji"):
        run(relationship, relationship.INITIAL, request("ayumi", "kenji", other=None, note="x" * 501))
    with pytest.raises(NotFound, match="ayumi"):
        run(relationship, relationship.INITIAL, request("ayumi", "kenji", member=None))


def test_members_request_only_for_themselves():
    with pytest.raises(PermissionDenied):
        run(relationship, relationship.INITIAL, request("ayumi", "kenji", actor=as_member("kenji")))
    state, _ = run(relationship, relationship.INITIAL, request("ayumi", "kenji", actor=ADMIN))
    assert state.request.requester_id == "ayumi"


def test_a_long_or_broken_note_is_invalid():
    with pytest.raises(InvalidArgument) as raised:
        run(relationship, relationship.INITIAL, request("ayumi", "kenji", note="x" * 501))
    assert fields_of(raised.value) == {"note": "must be at most 500 characters"}
    with pytest.raises(InvalidArgument):
        run(relationship, relationship.INITIAL, request("ayumi", "kenji", note="hi\x1b[2J"))


# -- accept / decline -----------------------------------------------------------------


def test_accepting_connects_with_the_meetups_both_checked_in_at():
    state = requested(met_at=(MEETUP,))
    state, (accepted,) = run(relationship, state, accept("kenji", "ayumi", met_at=(EARLIER_MEETUP, MEETUP)))
    assert isinstance(accepted, ev.ConnectionAccepted)
    assert (accepted.requester_id, accepted.addressee_id) == ("ayumi", "kenji")
    provenance = from_pb(accepted.provenance)
    assert provenance.kind is ProvenanceKind.MET_AT
    # Earliest first, each once.
    assert [m.meetup_id for m in provenance.meetups] == [EARLIER_MEETUP.meetup_id, MEETUP.meetup_id]
    assert state.connected and state.request is None
    assert state.standing_of("ayumi") is state.standing_of("kenji") is Standing.CONNECTED


def test_without_a_shared_meetup_the_connection_is_online():
    state, (accepted,) = run(relationship, requested(), accept("kenji", "ayumi"))
    assert accepted.provenance.WhichOneof("kind") == "online"
    assert state.connection.provenance.kind is ProvenanceKind.ONLINE


def test_only_the_addressee_accepts_or_declines():
    for command in (accept("ayumi", "kenji"), decline("ayumi", "kenji")):
        with pytest.raises(PermissionDenied, match="only member 'kenji'"):
            run(relationship, requested(), command)
    with pytest.raises(PermissionDenied):
        run(relationship, requested(), accept("kenji", "ayumi", actor=as_member("aki")))


def test_answering_without_a_pending_request_is_refused():
    for command in (accept("kenji", "ayumi"), decline("kenji", "ayumi")):
        with pytest.raises(FailedPrecondition, match="no pending request"):
            run(relationship, relationship.INITIAL, command)
    with pytest.raises(FailedPrecondition, match="connected"):
        run(relationship, connected(), accept("kenji", "ayumi"))


def test_declining_closes_the_request_quietly():
    state, (declined,) = run(relationship, requested(), decline("kenji", "ayumi"))
    assert isinstance(declined, ev.ConnectionDeclined)
    assert (declined.requester_id, declined.addressee_id) == ("ayumi", "kenji")
    assert state.request is None and not state.connected
    # Either may ask again later.
    assert names(run(relationship, state, request("kenji", "ayumi"))[1]) == ["ConnectionRequested"]


# -- withdraw / remove -------------------------------------------------------------------


def test_only_the_requester_withdraws():
    with pytest.raises(PermissionDenied, match="decline it instead"):
        run(relationship, requested(), withdraw("kenji", "ayumi"))
    state, (cancelled,) = run(relationship, requested(), withdraw("ayumi", "kenji"))
    assert isinstance(cancelled, ev.ConnectionRequestCancelled)
    assert cancelled.reason == ev.REQUEST_CANCEL_REASON_WITHDRAWN and cancelled.cancelled_by == "ayumi"
    assert state.request is None
    with pytest.raises(FailedPrecondition, match="no pending request"):
        run(relationship, state, withdraw("ayumi", "kenji"))


def test_either_side_removes_a_connection():
    for remover, other in (("ayumi", "kenji"), ("kenji", "ayumi")):
        state, (removed,) = run(relationship, connected(), remove(remover, other))
        assert isinstance(removed, ev.ConnectionRemoved)
        assert (removed.member_id, removed.other_member_id, removed.reason) == (
            remover,
            other,
            ev.CONNECTION_REMOVAL_REASON_REMOVED,
        )
        assert not state.connected
    with pytest.raises(FailedPrecondition, match="not connected"):
        run(relationship, relationship.INITIAL, remove("ayumi", "kenji"))


# -- steps the service takes itself --------------------------------------------------------


def connect_introduced(actor=SERVICE, **kw):
    kw.setdefault("member", card("ayumi"))
    kw.setdefault("other", card("kenji"))
    return rc.ConnectIntroduced(
        actor=actor, member_id="ayumi", other_id="kenji", introduction_id="intro-1", introducer_id="aki", **kw
    )


def test_introduced_members_are_connected_by_the_service_with_the_introducer():
    state, (accepted,) = run(relationship, relationship.INITIAL, connect_introduced())
    assert state.connection.provenance.kind is ProvenanceKind.INTRODUCED_BY
    assert (state.connection.provenance.introducer_id, state.connection.provenance.introduction_id) == (
        "aki",
        "intro-1",
    )
    assert accepted.requester.display_name == "Ayumi" and accepted.addressee.display_name == "Kenji"
    # A pending request is superseded; connected already changes nothing.
    assert run(relationship, requested("kenji", "ayumi"), connect_introduced())[0].request is None
    assert run(relationship, connected(), connect_introduced())[1] == []


def test_only_the_service_connects_introduced_members_and_never_across_a_block():
    with pytest.raises(PermissionDenied):
        run(relationship, relationship.INITIAL, connect_introduced(actor=as_member("ayumi")))
    blocked = given_commands(relationship, block("kenji", "ayumi"))
    with pytest.raises(FailedPrecondition, match="block"):
        run(relationship, blocked, connect_introduced())


def test_an_erased_members_connection_and_requests_end():
    forget = rc.ForgetErasedMember(actor=SERVICE, member_id="ayumi", other_id="kenji")
    state, (removed,) = run(relationship, connected(), forget)
    assert removed.reason == ev.CONNECTION_REMOVAL_REASON_ERASED and not state.connected
    state, (cancelled,) = run(relationship, requested("kenji", "ayumi"), forget)
    assert cancelled.reason == ev.REQUEST_CANCEL_REASON_ERASED and state.request is None
    assert run(relationship, relationship.INITIAL, forget)[1] == []
    with pytest.raises(PermissionDenied):
        run(
            relationship,
            connected(),
            rc.ForgetErasedMember(actor=as_member("ayumi"), member_id="ayumi", other_id="kenji"),
        )


def test_a_command_for_another_pair_is_a_bug():
    with pytest.raises(ValueError):
        run(relationship, requested("ayumi", "kenji"), accept("kenji", "aki"))
