"""Invitation rules: send to a member or an email address, claim an emailed
one, decline, and acceptance recorded by the service when the invitee joins
or RSVPs."""

from __future__ import annotations

import pytest

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as pb
from offkai.platform.v1 import personal_data_pb2 as personal
from offkai_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from offkai_members.domain import invitation
from offkai_members.domain.invitation import commands as vc
from offkai_members.domain.invitation.state import InvitationStatus, Outcome
from tests.members.unit.builders import (
    ADMIN,
    COMMUNITY_TARGET,
    INVITATION_ID,
    MEETUP,
    SERVICE,
    as_member,
    card,
    fields_of,
    given_commands,
    names,
    run,
    send_invitation,
)


def emailed(email="hana@example.com"):
    return send_invitation(invitee="", email=email)


def claim(member_id, **kw):
    kw.setdefault("actor", as_member(member_id))
    kw.setdefault("member", card(member_id))
    return vc.ClaimInvitation(invitation_id=INVITATION_ID, member_id=member_id, **kw)


def decline(member_id, **kw):
    kw.setdefault("actor", as_member(member_id))
    return vc.DeclineInvitation(invitation_id=INVITATION_ID, member_id=member_id, **kw)


def accepted(member_id, outcome=Outcome.RSVPED, **kw):
    kw.setdefault("actor", SERVICE)
    kw.setdefault("member", card(member_id))
    return vc.RecordInvitationAccepted(invitation_id=INVITATION_ID, member_id=member_id, outcome=outcome, **kw)


# -- send ----------------------------------------------------------------------------------


def test_inviting_a_member_to_a_meetup():
    state, (sent,) = run(invitation, invitation.INITIAL, send_invitation())
    assert isinstance(sent, ev.InvitationSent)
    assert (sent.inviter_id, sent.invitee_member_id, sent.invitee_email) == ("ayumi", "kenji", "")
    assert (sent.inviter.display_name, sent.invitee.display_name) == ("Ayumi", "Kenji")
    assert (sent.target.kind, sent.target.target_id, sent.target.title) == (
        pb.INVITATION_TARGET_KIND_MEETUP,
        MEETUP.meetup_id,
        MEETUP.title,
    )
    assert state.status is InvitationStatus.SENT and state.invitee == "kenji"


def test_inviting_an_email_address_keeps_it_sealed_under_the_inviter():
    state, (sent,) = run(invitation, invitation.INITIAL, send_invitation(invitee="", email=" Hana@Example.COM "))
    assert (sent.invitee_member_id, sent.invitee_email) == ("", "Hana@example.com")
    assert not sent.HasField("invitee")
    assert ev.InvitationSent.DESCRIPTOR.GetOptions().Extensions[personal.data_subject] == "inviter_id"
    assert ev.InvitationSent.DESCRIPTOR.fields_by_name["invitee_email"].GetOptions().Extensions[personal.personal]
    assert state.invitee == ""


def test_exactly_one_invitee():
    with pytest.raises(InvalidArgument) as raised:
        run(invitation, invitation.INITIAL, send_invitation(invitee="", email=""))
    assert list(fields_of(raised.value)) == ["invitee_member_id"]
    with pytest.raises(InvalidArgument) as raised:
        run(invitation, invitation.INITIAL, send_invitation(email="hana@example.com"))
    assert list(fields_of(raised.value)) == ["invitee_email"]


def test_bad_input_is_reported_together():
    bad = send_invitation(invitee="", email="not-an-address", note="x" * 1001, target_kind=None, target_id="")
    with pytest.raises(InvalidArgument) as raised:
        run(invitation, invitation.INITIAL, bad)
    assert set(fields_of(raised.value)) == {"invitee_email", "note", "target_kind", "target_id"}


def test_unknown_inviters_invitees_and_targets_are_not_found():
    with pytest.raises(NotFound, match="member 'ayumi'"):
        run(invitation, invitation.INITIAL, send_invitation(inviter_card=None))
    with pytest.raises(NotFound, match="member 'kenji'"):
        run(invitation, invitation.INITIAL, send_invitation(invitee_card=None))
    with pytest.raises(NotFound, match="meetup 'no-such-meetup'"):
        run(invitation, invitation.INITIAL, send_invitation(target=None))


def test_members_invite_as_themselves_and_not_across_a_block():
    with pytest.raises(PermissionDenied):
        run(invitation, invitation.INITIAL, send_invitation(actor=as_member("kenji")))
    with pytest.raises(PermissionDenied, match="cannot invite"):
        run(invitation, invitation.INITIAL, send_invitation(blocked_between=True))
    assert names(run(invitation, invitation.INITIAL, send_invitation(actor=ADMIN))[1]) == ["InvitationSent"]


def test_inviting_yourself_or_someone_already_in_is_refused():
    with pytest.raises(FailedPrecondition, match="yourself"):
        run(invitation, invitation.INITIAL, send_invitation(invitee="ayumi"))
    with pytest.raises(FailedPrecondition, match="in already"):
        run(invitation, invitation.INITIAL, send_invitation(invitee_already_in=True))


def test_an_invitation_is_sent_once():
    with pytest.raises(AlreadyExists):
        run(invitation, given_commands(invitation, send_invitation()), send_invitation())


# -- claim -------------------------------------------------------------------------------------


def test_an_emailed_invitation_is_claimed_by_whoever_follows_it_once():
    state, (claimed,) = run(invitation, given_commands(invitation, emailed()), claim("hana"))
    assert isinstance(claimed, ev.InvitationClaimed) and claimed.member.display_name == "Hana"
    assert state.invitee == "hana"
    assert run(invitation, state, claim("hana"))[1] == []
    with pytest.raises(FailedPrecondition, match="claimed already"):
        run(invitation, state, claim("zed"))


def test_claims_that_make_no_sense_are_refused():
    with pytest.raises(FailedPrecondition, match="sent to a member"):
        run(invitation, given_commands(invitation, send_invitation()), claim("kenji"))
    with pytest.raises(FailedPrecondition, match="you sent"):
        run(invitation, given_commands(invitation, emailed()), claim("ayumi"))
    with pytest.raises(NotFound):
        run(invitation, invitation.INITIAL, claim("hana"))
    with pytest.raises(PermissionDenied):
        run(invitation, given_commands(invitation, emailed()), claim("hana", actor=as_member("zed")))


# -- decline --------------------------------------------------------------------------------------


def test_the_invitee_declines():
    state, (declined,) = run(invitation, given_commands(invitation, send_invitation()), decline("kenji"))
    assert isinstance(declined, ev.InvitationDeclined)
    assert state.status is InvitationStatus.DECLINED
    assert run(invitation, state, decline("kenji"))[1] == []


def test_nobody_else_declines():
    state = given_commands(invitation, send_invitation())
    for command in (decline("ayumi"), decline("zed")):
        with pytest.raises(PermissionDenied, match="only the invited member"):
            run(invitation, state, command)
    with pytest.raises(PermissionDenied):
        run(invitation, given_commands(invitation, emailed()), decline("hana"))


# -- accepted ----------------------------------------------------------------------------------------


def test_the_service_records_that_the_invitee_came_in():
    state, (came,) = run(invitation, given_commands(invitation, send_invitation()), accepted("kenji"))
    assert isinstance(came, ev.InvitationAccepted)
    assert came.outcome == pb.INVITATION_OUTCOME_RSVPED
    # The inviter can be told, in their own language, without calling back.
    assert (came.inviter.member_id, came.inviter.locale, came.member.display_name) == ("ayumi", "ja", "Kenji")
    assert state.status is InvitationStatus.ACCEPTED and state.outcome is Outcome.RSVPED
    assert run(invitation, state, accepted("kenji"))[1] == []


def test_an_emailed_invitation_counts_once_claimed():
    state = given_commands(invitation, emailed(), claim("hana"))
    assert run(invitation, state, accepted("hana"))[0].status is InvitationStatus.ACCEPTED
    with pytest.raises(FailedPrecondition, match="not this invitation's invitee"):
        run(invitation, given_commands(invitation, emailed()), accepted("hana"))


def test_acceptance_rules():
    state = given_commands(invitation, send_invitation())
    with pytest.raises(PermissionDenied):
        run(invitation, state, accepted("kenji", actor=as_member("kenji")))
    with pytest.raises(InvalidArgument) as raised:
        run(invitation, state, accepted("kenji", outcome=Outcome.JOINED))
    assert list(fields_of(raised.value)) == ["outcome"]
    with pytest.raises(FailedPrecondition, match="not this invitation's invitee"):
        run(invitation, state, accepted("zed"))
    declined_state, _ = run(invitation, state, decline("kenji"))
    with pytest.raises(FailedPrecondition, match="declined"):
        run(invitation, declined_state, accepted("kenji"))
    with pytest.raises(FailedPrecondition, match="accepted already"):
        run(invitation, run(invitation, state, accepted("kenji"))[0], decline("kenji"))


def test_a_community_invitation_is_accepted_by_joining():
    state = given_commands(invitation, send_invitation(target=COMMUNITY_TARGET))
    state, (came,) = run(invitation, state, accepted("kenji", outcome=Outcome.JOINED))
    assert came.target.kind == pb.INVITATION_TARGET_KIND_COMMUNITY and state.outcome is Outcome.JOINED
