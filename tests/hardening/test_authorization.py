"""Who may do what: every RPC of every service, called by every kind of caller on a
fresh world (a published meetup with m-1 holding a seat, and a draft, both organised
by org-aki), against the expected status — one readable table. The four kinds of bad
token are refused the same way everywhere; a check below fails when an RPC has no row.

Callers: ``another`` (a member with nothing to do with it), ``member`` (m-1, holding
the seat), ``other_org`` (an organizer, but of other meetups), ``organizer`` (org-aki),
``admin``, ``service``.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import jwt
import pytest

from offkai.events.v1 import meetups_pb2 as ev
from offkai.platform.v1 import operations_pb2 as ops
from offkai_kit.auth import mint_token
from offkai_kit.nats_server import NatsServer
from offkai_kit.testing.services import TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, bearer
from offkai_services import SERVICES
from tests.events.integration.support import details, frame, rsvp_details
from tests.hardening.services import seed_communities, services_in_a_thread

CHECKED = [s for s in SERVICES if s.name in ("events",)]
CALLERS = {
    "another": bearer("m-2", "member"),
    "member": bearer("m-1", "member"),
    "other_org": bearer("org-ben", "member", "organizer"),
    "organizer": bearer("org-aki", "member", "organizer"),
    "admin": bearer("admin-1", "admin"),
    "service": bearer("svc-scheduler", "service"),
}
CODES = {"OK": grpc.StatusCode.OK, "PERM": grpc.StatusCode.PERMISSION_DENIED, "NF": grpc.StatusCode.NOT_FOUND,
         "FP": grpc.StatusCode.FAILED_PRECONDITION, "AE": grpc.StatusCode.ALREADY_EXISTS}

# rpc (target)                  another  member  other_org  organizer  admin  service
EVENTS = """
ScheduleMeetup                  PERM     PERM    PERM       OK         OK     PERM
UpdateMeetup                    PERM     PERM    PERM       OK         OK     PERM
UpdateMeetup(draft)             NF       NF      NF         OK         OK     PERM
PublishMeetup(draft)            NF       NF      NF         OK         OK     PERM
CancelMeetup                    PERM     PERM    PERM       OK         OK     PERM
EndMeetup                       PERM     PERM    PERM       FP         FP     FP
RotateCheckInCode               PERM     PERM    PERM       OK         OK     PERM
AddFrame                        PERM     PERM    PERM       OK         OK     PERM
ChangeFrameCapacity             PERM     PERM    PERM       OK         OK     PERM
RsvpToFrame                     OK       AE      OK         OK         OK     OK
RsvpToFrame(draft)              NF       NF      NF         FP         FP     FP
UpdateRsvp(m-1)                 PERM     OK      PERM       PERM       OK     OK
CancelRsvp(m-1)                 PERM     OK      PERM       OK         OK     OK
ConfirmSeat(m-1)                PERM     OK      PERM       OK         OK     OK
ReleaseSeat(m-1)                PERM     OK      PERM       OK         OK     OK
CheckIn(m-1)                    PERM     FP      PERM       FP         FP     FP
GetMeetup                       OK       OK      OK         OK         OK     OK
GetMeetup(draft)                NF       NF      NF         OK         OK     OK
ListMeetups                     OK       OK      OK         OK         OK     OK
ListAttendees                   PERM     OK      PERM       OK         OK     OK
GetWaitlistPosition(m-1)        PERM     NF      PERM       NF         NF     NF
ListMemberRsvps(m-1)            PERM     OK      PERM       PERM       OK     OK
GetAttendanceRecord(m-1)        PERM     OK      PERM       PERM       OK     OK
ExportMeetupCalendar            OK       OK      OK         OK         OK     OK
ExportMeetupCalendar(draft)     NF       NF      NF         FP         FP     FP
ExportCommunityCalendar         OK       OK      OK         OK         OK     OK
"""

# Every service serves these; admins only.
OPERATIONS = """
ListDeadLetters                 PERM     PERM    PERM       PERM       OK     PERM
ReplayDeadLetter                PERM     PERM    PERM       PERM       NF     PERM
SkipDeadLetter                  PERM     PERM    PERM       PERM       NF     PERM
ListBlockedAggregates           PERM     PERM    PERM       PERM       OK     PERM
GetProjectionStatus             PERM     PERM    PERM       PERM       OK     PERM
RebuildProjection               PERM     PERM    PERM       PERM       OK     PERM
AuditStream                     PERM     PERM    PERM       PERM       OK     PERM
RepublishEvents                 PERM     PERM    PERM       PERM       OK     PERM
"""


def parse(table: str) -> dict[str, dict[str, str]]:
    rows = {}
    for line in table.strip().splitlines():
        name, *codes = line.split()
        rows[name] = dict(zip(CALLERS, codes, strict=True))
    return rows


MATRIX = {
    "offkai.events.v1.MeetupsService": parse(EVENTS),
    "offkai.platform.v1.OperationsService": parse(OPERATIONS),
}


def _rpc(row: str) -> str:
    return row.split("(")[0]


# -- the world each cell starts from ---------------------------------------------


def _world(channel) -> dict[str, str]:
    from offkai.events.v1 import meetups_pb2_grpc

    api = meetups_pb2_grpc.MeetupsServiceStub(channel)
    org = CALLERS["organizer"]
    start = datetime.now(UTC) + timedelta(days=20)
    meetup = api.ScheduleMeetup(ev.ScheduleMeetupRequest(request_id=_id(), details=details(start),
                                                         frames=[frame(capacity=5)]), metadata=org)
    api.PublishMeetup(ev.PublishMeetupRequest(request_id=_id(), meetup_id=meetup.meetup.meetup_id), metadata=org)
    api.RsvpToFrame(ev.RsvpToFrameRequest(request_id=_id(), meetup_id=meetup.meetup.meetup_id, frame_id="in-person",
                                          details=rsvp_details()), metadata=CALLERS["member"])
    draft = api.ScheduleMeetup(ev.ScheduleMeetupRequest(request_id=_id(), details=details(start),
                                                        frames=[frame()]), metadata=org)
    return {"meetup": meetup.meetup.meetup_id, "draft": draft.meetup.meetup_id, "code": meetup.check_in_code,
            "start": start}


def _id() -> str:
    return str(uuid.uuid4())


def _events_request(row: str, w: dict):
    m = w["draft"] if "(draft)" in row else w["meetup"]
    f, who = "in-person", ("m-1" if "(m-1)" in row else "")
    rpc = _rpc(row)
    build = {
        "ScheduleMeetup": lambda: ev.ScheduleMeetupRequest(details=details(w["start"]), frames=[frame()]),
        "UpdateMeetup": lambda: ev.UpdateMeetupRequest(meetup_id=m, details=details(w["start"], title="Renamed")),
        "PublishMeetup": lambda: ev.PublishMeetupRequest(meetup_id=m),
        "CancelMeetup": lambda: ev.CancelMeetupRequest(meetup_id=m, reason="rain"),
        "EndMeetup": lambda: ev.EndMeetupRequest(meetup_id=m),
        "RotateCheckInCode": lambda: ev.RotateCheckInCodeRequest(meetup_id=m),
        "AddFrame": lambda: ev.AddFrameRequest(meetup_id=m, frame=frame("students", capacity=2)),
        "ChangeFrameCapacity": lambda: ev.ChangeFrameCapacityRequest(meetup_id=m, frame_id=f, capacity=9),
        "RsvpToFrame": lambda: ev.RsvpToFrameRequest(meetup_id=m, frame_id=f, details=rsvp_details()),
        "UpdateRsvp": lambda: ev.UpdateRsvpRequest(meetup_id=m, frame_id=f, member_id=who,
                                                   details=rsvp_details("expert")),
        "CancelRsvp": lambda: ev.CancelRsvpRequest(meetup_id=m, frame_id=f, member_id=who),
        "ConfirmSeat": lambda: ev.ConfirmSeatRequest(meetup_id=m, frame_id=f, member_id=who),
        "ReleaseSeat": lambda: ev.ReleaseSeatRequest(meetup_id=m, frame_id=f, member_id=who),
        "CheckIn": lambda: ev.CheckInRequest(meetup_id=m, member_id=who, code=w["code"]),
        "GetMeetup": lambda: ev.GetMeetupRequest(meetup_id=m),
        "ListMeetups": lambda: ev.ListMeetupsRequest(community_id="rust-tokyo"),
        "ListAttendees": lambda: ev.ListAttendeesRequest(meetup_id=m, frame_id=f),
        "GetWaitlistPosition": lambda: ev.GetWaitlistPositionRequest(meetup_id=m, frame_id=f, member_id=who),
        "ListMemberRsvps": lambda: ev.ListMemberRsvpsRequest(member_id=who),
        "GetAttendanceRecord": lambda: ev.GetAttendanceRecordRequest(member_id=who),
        "ExportMeetupCalendar": lambda: ev.ExportMeetupCalendarRequest(meetup_id=m),
        "ExportCommunityCalendar": lambda: ev.ExportCommunityCalendarRequest(community_id="rust-tokyo"),
    }[rpc]
    request = build()
    if "request_id" in request.DESCRIPTOR.fields_by_name:
        request.request_id = _id()
    return request


def _operations_request(row: str, w: dict):
    return {
        "ListDeadLetters": lambda: ops.ListDeadLettersRequest(),
        "ReplayDeadLetter": lambda: ops.ReplayDeadLetterRequest(projection="member_directory", dead_letter_id=999),
        "SkipDeadLetter": lambda: ops.SkipDeadLetterRequest(projection="member_directory", dead_letter_id=999,
                                                            note="n"),
        "ListBlockedAggregates": lambda: ops.ListBlockedAggregatesRequest(),
        "GetProjectionStatus": lambda: ops.GetProjectionStatusRequest(),
        "RebuildProjection": lambda: ops.RebuildProjectionRequest(projection="member_directory"),
        "AuditStream": lambda: ops.AuditStreamRequest(),
        "RepublishEvents": lambda: ops.RepublishEventsRequest(from_position=1),
    }[_rpc(row)]()


REQUESTS = {"offkai.events.v1.MeetupsService": _events_request,
            "offkai.platform.v1.OperationsService": _operations_request}


# -- the checks ------------------------------------------------------------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    base = tmp_path_factory.mktemp("authorization")
    server = NatsServer(base / "jetstream", log_file=base / "nats.log")
    server.start()
    try:
        with services_in_a_thread(CHECKED, server.url, base) as running:
            seed_communities(running)
            yield running
    finally:
        server.kill()


def _call(channel, service: str, rpc: str, request, metadata):
    from google.protobuf import symbol_database

    method = symbol_database.Default().pool.FindServiceByName(service).methods_by_name[rpc]
    from google.protobuf import message_factory

    response_type = message_factory.GetMessageClass(method.output_type)
    call = channel.unary_unary(f"/{service}/{rpc}", request_serializer=type(request).SerializeToString,
                               response_deserializer=response_type.FromString)
    try:
        call(request, metadata=metadata, timeout=60)
        return grpc.StatusCode.OK
    except grpc.RpcError as error:
        return error.code()


def _cells():
    for info in CHECKED:
        for service in [*info.grpc_services, "offkai.platform.v1.OperationsService"]:
            for row, expected in MATRIX[service].items():
                yield pytest.param(info.name, service, row, expected, id=f"{info.name}:{row}")


@pytest.mark.parametrize(("name", "service", "row", "expected"), list(_cells()))
def test_who_may_do_what(stack, name, service, row, expected):
    running = stack.services[name]
    found = {}
    with grpc.insecure_channel(running.address) as channel:
        for caller, metadata in CALLERS.items():
            world = _world(channel)  # fresh: one caller's success does not shape the next
            found[caller] = _call(channel, service, _rpc(row), REQUESTS[service](row, world), metadata)
    wanted = {caller: CODES[code] for caller, code in expected.items()}
    assert found == wanted


def _bad_tokens() -> dict[str, tuple]:
    def token(**changes) -> tuple:
        claims = jwt.decode(mint_token(TEST_SECRET, "m-1", ["member"], issuer=TEST_ISSUER, audience=TEST_AUDIENCE),
                            options={"verify_signature": False})
        secret = changes.pop("secret", TEST_SECRET)
        claims.update(changes)
        return (("authorization", f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}"),)

    return {"no token": (), "expired": token(exp=int(time.time()) - 3600),
            "wrong audience": token(aud="someone-else"), "wrong signature": token(secret="x" * 48)}


def test_every_rpc_refuses_bad_tokens(stack):
    from google.protobuf import message_factory, symbol_database

    pool = symbol_database.Default().pool
    refused = {}
    for info in CHECKED:
        running = stack.services[info.name]
        with grpc.insecure_channel(running.address) as channel:
            for service in [*info.grpc_services, "offkai.platform.v1.OperationsService"]:
                for method in pool.FindServiceByName(service).methods:
                    request = message_factory.GetMessageClass(method.input_type)()
                    for kind, metadata in _bad_tokens().items():
                        refused[(method.full_name, kind)] = _call(channel, service, method.name, request, metadata)
    assert set(refused.values()) == {grpc.StatusCode.UNAUTHENTICATED}, {
        k: v for k, v in refused.items() if v != grpc.StatusCode.UNAUTHENTICATED}


def test_every_rpc_has_a_row():
    """A new RPC without a row in the table fails here."""
    from google.protobuf import symbol_database

    for info in CHECKED:
        __import__(f"{info.module}.bootstrap")
    pool = symbol_database.Default().pool
    for info in CHECKED:
        for service in [*info.grpc_services, "offkai.platform.v1.OperationsService"]:
            methods = {m.name for m in pool.FindServiceByName(service).methods}
            covered = {_rpc(row) for row in MATRIX.get(service, {})}
            assert methods <= covered, f"{service}: no authorization row for {sorted(methods - covered)}"
