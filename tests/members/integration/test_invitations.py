"""Invitations end to end: an emailed invitation to a meetup is claimed by the
person who registers with its link and RSVPs in events; the service sees the
RSVP on the stream and records the invitation accepted, and the organizer's
report counts it. A community invitation is accepted by joining."""

from __future__ import annotations

import grpc

from offkai.events.v1 import meetups_pb2 as epb
from offkai.members.v1 import communities_pb2 as cpb
from offkai.members.v1 import invitations_pb2 as vpb
from offkai.members.v1 import types_pb2 as types
from offkai_kit.testing.polling import eventually

from .support import as_member, caught_up, community, fails_with, published_meetup, register, request_id


async def _send(api, inviter: str, kind, target_id: str, **invitee) -> vpb.Invitation:
    reply = await api.invitations.SendInvitation(
        vpb.SendInvitationRequest(request_id=request_id(), target_kind=kind, target_id=target_id, **invitee),
        metadata=as_member(inviter),
    )
    return reply.invitation


async def _report(api, caller: str, kind, target_id: str) -> vpb.GetInvitationReportResponse:
    return await api.invitations.GetInvitationReport(
        vpb.GetInvitationReportRequest(target_kind=kind, target_id=target_id), metadata=as_member(caller)
    )


def _tally(t: vpb.InvitationTally) -> tuple[int, int, int, int]:
    return t.sent, t.accepted, t.declined, t.open


async def test_an_emailed_invitation_brings_someone_to_a_meetup_and_the_report_counts_it(api, meetups, events_service):
    for member_id in ("aki", "ayumi", "kenji", "mika"):
        await register(api, member_id)
    await community(api, "rust-sapporo", owner="aki")
    meetup_id, _ = await published_meetup(meetups, events_service, "aki", "rust-sapporo", "Rust mini-off")
    await caught_up(events_service, api.runtime)  # members has seen the meetup published

    meetup = types.INVITATION_TARGET_KIND_MEETUP
    emailed = await _send(api, "ayumi", meetup, meetup_id, invitee_email="Hana@Example.COM", note="Come along!")
    assert emailed.invitee_email == "Hana@example.com", "normalised; shown to the inviter"
    assert emailed.target.title == "Rust mini-off"
    await _send(api, "ayumi", meetup, meetup_id, invitee_member_id="kenji")
    declined = await _send(api, "aki", meetup, meetup_id, invitee_member_id="mika")
    await api.invitations.DeclineInvitation(
        vpb.DeclineInvitationRequest(request_id=request_id(), invitation_id=declined.invitation_id),
        metadata=as_member("mika"),
    )

    # Hana follows the link: registers, claims the invitation, RSVPs.
    await register(api, "hana")
    claimed = (await api.invitations.ClaimInvitation(
        vpb.ClaimInvitationRequest(request_id=request_id(), invitation_id=emailed.invitation_id),
        metadata=as_member("hana"),
    )).invitation
    assert claimed.invitee.member_id == "hana"
    assert claimed.invitee_email == "", "the address is the inviter's to see"
    await meetups.RsvpToFrame(
        epb.RsvpToFrameRequest(request_id=request_id(), meetup_id=meetup_id, frame_id="main"),
        metadata=as_member("hana"),
    )

    async def accepted() -> bool:
        reply = await api.invitations.GetInvitation(
            vpb.GetInvitationRequest(invitation_id=emailed.invitation_id), metadata=as_member("ayumi")
        )
        return reply.invitation.status == types.INVITATION_STATUS_ACCEPTED and reply.invitation

    invitation = await eventually(accepted, what="the invitation accepted from the RSVP")
    assert invitation.outcome == types.INVITATION_OUTCOME_RSVPED
    await caught_up(events_service, api.runtime)

    report = await _report(api, "aki", meetup, meetup_id)
    assert report.target.title == "Rust mini-off"
    assert _tally(report.totals) == (3, 1, 1, 1)
    assert [(t.inviter.member_id, _tally(t)) for t in report.inviters] == [
        ("aki", (1, 0, 1, 0)),
        ("ayumi", (2, 1, 0, 1)),
    ]
    async with fails_with(grpc.StatusCode.PERMISSION_DENIED):
        await _report(api, "ayumi", meetup, meetup_id)
    async with fails_with(grpc.StatusCode.NOT_FOUND):
        await _report(api, "aki", meetup, "no-such-meetup")

    # Kenji's invitation is his to see; it is still open.
    received = await api.invitations.ListInvitations(vpb.ListInvitationsRequest(), metadata=as_member("kenji"))
    assert [(i.inviter.member_id, i.status) for i in received.invitations] == [("ayumi", types.INVITATION_STATUS_SENT)]


async def test_a_community_invitation_is_accepted_by_joining(api):
    for member_id in ("aki", "kenji"):
        await register(api, member_id)
    await community(api, "rust-sapporo", owner="aki")
    kind = types.INVITATION_TARGET_KIND_COMMUNITY
    sent = await _send(api, "aki", kind, "rust-sapporo", invitee_member_id="kenji")
    await api.communities.JoinCommunity(
        cpb.JoinCommunityRequest(request_id=request_id(), community_id="rust-sapporo"), metadata=as_member("kenji")
    )

    async def counted():
        report = await _report(api, "aki", kind, "rust-sapporo")
        return report.totals.accepted == 1 and report

    report = await eventually(counted, what="the join counted")
    assert report.target.title == "Rust Sapporo"
    got = await api.invitations.GetInvitation(vpb.GetInvitationRequest(invitation_id=sent.invitation_id),
                                              metadata=as_member("kenji"))
    assert got.invitation.outcome == types.INVITATION_OUTCOME_JOINED
    # Inviting someone already in is refused.
    async with fails_with(grpc.StatusCode.FAILED_PRECONDITION):
        await _send(api, "aki", kind, "rust-sapporo", invitee_member_id="kenji")
