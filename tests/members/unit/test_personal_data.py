"""The event contract marks personal data consistently: every payload that
carries personal data (its own fields or a nested message's) names a data
subject, and that names one of its string fields; a MemberCard names its own."""

from __future__ import annotations

import pytest
from google.protobuf.descriptor import FieldDescriptor

from offkai.members.v1 import events_pb2 as ev
from offkai.members.v1 import types_pb2 as pb
from offkai.platform.v1 import personal_data_pb2 as personal

PAYLOADS = list(ev.DESCRIPTOR.message_types_by_name.values())


def subject(message) -> str:
    return message.GetOptions().Extensions[personal.data_subject]


def carries_personal_data(message, seen=()) -> bool:
    for field in message.fields:
        if field.GetOptions().Extensions[personal.personal]:
            return True
        if field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type not in seen:
            if carries_personal_data(field.message_type, (*seen, message)):
                return True
    return False


@pytest.mark.parametrize("message", PAYLOADS, ids=lambda m: m.name)
def test_payloads_with_personal_data_name_their_subject(message):
    if carries_personal_data(message):
        field = message.fields_by_name.get(subject(message))
        assert field is not None, f"{message.name} carries personal data but names no data subject"
        assert field.type == FieldDescriptor.TYPE_STRING
    else:
        assert subject(message) == "", f"{message.name} names a subject but carries nothing personal"


def test_personal_fields_are_strings():
    for message in [*PAYLOADS, *pb.DESCRIPTOR.message_types_by_name.values()]:
        for field in message.fields:
            if field.GetOptions().Extensions[personal.personal]:
                assert field.type == FieldDescriptor.TYPE_STRING, f"{message.name}.{field.name}"


def test_a_member_card_is_its_own_data_subject():
    assert subject(pb.MemberCard.DESCRIPTOR) == "member_id"
    assert pb.MemberCard.DESCRIPTOR.fields_by_name["display_name"].GetOptions().Extensions[personal.personal]


@pytest.mark.parametrize(
    ("message", "fields"),
    [
        (ev.MemberRegistered, {"display_name", "region_city", "interests"}),
        (ev.HandleAdded, {"value"}),
        (ev.HandleChanged, {"value"}),
        (ev.ConnectionRequested, {"note"}),
        (ev.IntroductionMade, {"note"}),
        (ev.InvitationSent, {"invitee_email", "note"}),
    ],
)
def test_what_is_marked_personal(message, fields):
    marked = {f.name for f in message.DESCRIPTOR.fields if f.GetOptions().Extensions[personal.personal]}
    assert marked == fields


def test_self_introduction_parts_and_profile_names_are_personal():
    for message, names in [
        (pb.SelfIntroduction, {"what_i_do", "why_i_come", "hobbies"}),
        (pb.Profile, {"display_name", "region_city", "interests"}),
    ]:
        marked = {f.name for f in message.DESCRIPTOR.fields if f.GetOptions().Extensions[personal.personal]}
        assert marked == names
