"""The member aggregate's profile rules: register, update by field mask,
erase — given events, when command, then events."""

from __future__ import annotations

import pytest

from offkai.members.v1 import events_pb2 as ev
from offkai.platform.v1 import personal_data_pb2 as personal
from offkai_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from offkai_members.domain import member
from offkai_members.domain.convert import profile_from_pb
from offkai_members.domain.member import commands as mc
from offkai_members.domain.model import SelfIntroduction
from tests.members.unit.builders import (
    ADMIN,
    NOW,
    SERVICE,
    as_member,
    fields_of,
    profile,
    register,
    registered,
    run,
)


def update(paths=(), actor=None, member_id="ayumi", **changes) -> mc.UpdateProfile:
    return mc.UpdateProfile(
        actor=actor or as_member(member_id), member_id=member_id, profile=profile(**changes), paths=tuple(paths)
    )


# -- register -----------------------------------------------------------------------


def test_registering_records_the_whole_profile_and_what_notify_needs():
    state, (registered_event,) = run(member, member.INITIAL, register())
    assert isinstance(registered_event, ev.MemberRegistered)
    # Fields 1-6 keep their meaning for events' and notify's projections.
    assert (
        registered_event.member_id,
        registered_event.display_name,
        registered_event.region_prefecture,
        registered_event.region_city,
        registered_event.timezone,
        registered_event.locale,
    ) == ("ayumi", "Ayumi", "Hokkaido", "Sapporo", "Asia/Tokyo", "ja")
    assert registered_event.self_introduction.hobbies == "Skiing, onsen"
    assert list(registered_event.interests) == ["rust", "blogging"]
    assert registered_event.registered_by == "ayumi"
    assert registered_event.registered_at.ToDatetime().replace(tzinfo=NOW.tzinfo) == NOW
    assert state.active and state.profile == profile()
    assert state.card().display_name == "Ayumi"


def test_the_registration_event_marks_its_personal_data():
    options = ev.MemberRegistered.DESCRIPTOR.GetOptions()
    assert options.Extensions[personal.data_subject] == "member_id"
    marked = {f.name for f in ev.MemberRegistered.DESCRIPTOR.fields if f.GetOptions().Extensions[personal.personal]}
    assert marked == {"display_name", "region_city", "interests"}


def test_the_profile_is_stored_normalised():
    state, _ = run(
        member,
        member.INITIAL,
        register(display_name="  Ayumi  ", interests=("Rust", " rust ", "ＢＬＯＧＧＩＮＧ"), region_city=" Sapporo "),
    )
    assert state.profile.display_name == "Ayumi"
    assert state.profile.interests == ("rust", "blogging")
    assert state.profile.region_city == "Sapporo"


def test_members_register_only_themselves_but_admins_and_services_anyone():
    with pytest.raises(PermissionDenied):
        run(member, member.INITIAL, register("kenji", actor=as_member("ayumi")))
    for actor in (ADMIN, SERVICE):
        state, (event,) = run(member, member.INITIAL, register("kenji", actor=actor))
        assert state.member_id == "kenji" and event.registered_by == actor.member_id


def test_every_bad_field_is_reported_at_once():
    bad = register(
        display_name="Ayumi\x00",
        self_introduction=SelfIntroduction(what_i_do="x" * 10_000),
        timezone="America",
        locale="fr",
        interests=("x" * 40,),
        region_prefecture="P" * 41,
    )
    with pytest.raises(InvalidArgument) as raised:
        run(member, member.INITIAL, bad)
    assert set(fields_of(raised.value)) == {
        "display_name",
        "self_introduction.what_i_do",
        "timezone",
        "locale",
        "interests[0]",
        "region_prefecture",
    }
    assert fields_of(raised.value)["self_introduction.what_i_do"] == "must be at most 1000 characters"


@pytest.mark.parametrize("timezone", ["America", "Asia", "Etc", "Z" * 300, "posixrules", "Factory", "../etc/passwd"])
def test_an_unknown_timezone_is_invalid_not_a_crash(timezone):
    with pytest.raises(InvalidArgument) as raised:
        run(member, member.INITIAL, register(timezone=timezone))
    assert list(fields_of(raised.value)) == ["timezone"]


def test_a_member_id_that_cannot_name_a_stream_is_invalid():
    with pytest.raises(InvalidArgument) as raised:
        run(member, member.INITIAL, register("a~b"))
    assert list(fields_of(raised.value)) == ["member_id"]


def test_registering_twice_already_exists():
    with pytest.raises(AlreadyExists):
        run(member, registered(), register())


def test_an_erased_id_cannot_register_again():
    erased, _ = run(member, registered(), mc.EraseMember(actor=as_member("ayumi"), member_id="ayumi"))
    with pytest.raises(FailedPrecondition, match="cannot be registered again"):
        run(member, erased, register())


# -- update -------------------------------------------------------------------------


def test_a_masked_update_changes_only_the_named_fields():
    command = update(
        ["display_name", "self_introduction.hobbies"],
        display_name="Ayumi K.",
        self_introduction=SelfIntroduction(what_i_do="IGNORED", hobbies="Cycling"),
        timezone="Europe/London",
    )
    state, (updated,) = run(member, registered(), command)
    assert isinstance(updated, ev.ProfileUpdated)
    assert list(updated.changed_fields) == ["display_name", "self_introduction"]
    assert state.profile.display_name == "Ayumi K."
    assert state.profile.self_introduction.hobbies == "Cycling"
    assert state.profile.self_introduction.what_i_do == profile().self_introduction.what_i_do
    assert state.profile.timezone == "Asia/Tokyo"
    # The event carries the whole new profile, for consumers that replace theirs.
    assert profile_from_pb(updated.profile) == state.profile


def test_an_empty_mask_replaces_everything():
    state, (updated,) = run(member, registered(), update(locale="en", timezone="Europe/London", interests=()))
    assert list(updated.changed_fields) == ["timezone", "locale", "interests"]
    assert (state.profile.locale, state.profile.timezone, state.profile.interests) == ("en", "Europe/London", ())


def test_an_update_that_changes_nothing_appends_nothing():
    assert run(member, registered(), update(["display_name"], display_name=" Ayumi "))[1] == []


def test_unknown_mask_paths_and_bad_values_are_reported_with_request_paths():
    with pytest.raises(InvalidArgument) as raised:
        run(member, registered(), update(["nickname", "timezone", "region_city"], timezone="Asia", region_city="a\nb"))
    assert fields_of(raised.value) == {
        "update_mask.paths[0]": "unknown Profile field 'nickname'",
        "profile.timezone": "unknown IANA time zone 'Asia'",
        "profile.region_city": "must be a single line without control characters (found U+000A)",
    }


def test_a_member_edits_only_their_own_profile():
    with pytest.raises(PermissionDenied):
        run(member, registered(), update(actor=as_member("kenji")))
    state, _ = run(member, registered(), update(["locale"], actor=ADMIN, locale="en"))
    assert state.profile.locale == "en"


def test_updating_an_unknown_member_is_not_found_before_anything_else():
    with pytest.raises(NotFound):
        run(member, member.INITIAL, update(actor=as_member("kenji"), timezone="nowhere"))


# -- erase --------------------------------------------------------------------------


def test_erasure_forgets_everything_personal():
    state, (erased,) = run(member, registered(), mc.EraseMember(actor=as_member("ayumi"), member_id="ayumi"))
    assert isinstance(erased, ev.MemberErased)
    assert (erased.member_id, erased.erased_by) == ("ayumi", "ayumi")
    assert erased.HasField("erased_at")
    assert state.erased and state.profile is None and state.handles == () and state.card() is None
    assert "Ayumi" not in repr(state) and "Sapporo" not in repr(state)


def test_after_erasure_commands_find_no_member():
    state, _ = run(member, registered(), mc.EraseMember(actor=ADMIN, member_id="ayumi"))
    with pytest.raises(NotFound):
        run(member, state, update(["locale"], locale="en"))
    # Erasing again is harmless.
    assert run(member, state, mc.EraseMember(actor=ADMIN, member_id="ayumi"))[1] == []


def test_only_the_member_or_an_admin_erases():
    for actor in (as_member("kenji"), SERVICE):
        with pytest.raises(PermissionDenied):
            run(member, registered(), mc.EraseMember(actor=actor, member_id="ayumi"))
    with pytest.raises(NotFound):
        run(member, member.INITIAL, mc.EraseMember(actor=ADMIN, member_id="nobody"))


def test_decide_needs_an_aware_now():
    with pytest.raises(ValueError, match="aware"):
        member.decide(member.INITIAL, register(), NOW.replace(tzinfo=None))
