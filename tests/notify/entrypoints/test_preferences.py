"""PreferencesService over gRPC: defaults per channel kind, choices, quiet
hours, locale, and the unsubscribe link that needs no login."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc

from offkai.notify.v1 import channels_pb2 as ch
from offkai.notify.v1 import preferences_pb2 as pr
from offkai.notify.v1 import types_pb2 as types
from offkai_notify.domain.model import Category
from offkai_notify.unsubscribe import make_token
from tests.notify.entrypoints.conftest import SECRET_KEYS
from tests.notify.entrypoints.support import failure, member, request_id, violations

AYUMI = member("ayumi")


async def webhook(api, http_server) -> str:
    registered = await api.channels.RegisterChannel(ch.RegisterChannelRequest(
        request_id=request_id(), kind=types.CHANNEL_KIND_WEBHOOK, address=http_server.url("/h")), metadata=AYUMI)
    return registered.channel.channel_id


def wanted(preferences, channel_id) -> dict[int, tuple[bool, bool]]:
    return {p.category: (p.enabled, p.is_default) for p in preferences.categories if p.channel_id == channel_id}


async def test_a_chat_channel_starts_with_its_kinds_defaults_and_keeps_choices(api, http_server):
    hook = await webhook(api, http_server)
    got = (await api.preferences.GetPreferences(pr.GetPreferencesRequest(), metadata=AYUMI)).preferences
    assert wanted(got, hook)[types.CATEGORY_REMINDERS] == (True, True)
    assert wanted(got, hook)[types.CATEGORY_ANNOUNCEMENTS] == (False, True)

    changed = await api.preferences.SetCategoryPreferences(pr.SetCategoryPreferencesRequest(
        request_id=request_id(), changes=[
            pr.CategoryPreferenceChange(category=types.CATEGORY_ANNOUNCEMENTS, channel_id=hook, enabled=True),
            pr.CategoryPreferenceChange(category=types.CATEGORY_REMINDERS, channel_id=hook, enabled=False),
        ]), metadata=AYUMI)
    assert wanted(changed.preferences, hook)[types.CATEGORY_ANNOUNCEMENTS] == (True, False)
    assert wanted(changed.preferences, hook)[types.CATEGORY_REMINDERS] == (False, False)


async def test_quiet_hours_locale_and_near_me(api):
    set_ = await api.preferences.SetQuietHours(pr.SetQuietHoursRequest(
        request_id=request_id(), quiet_hours=types.QuietHours(start="22:00", end="07:00")), metadata=AYUMI)
    assert set_.preferences.quiet_hours == types.QuietHours(start="22:00", end="07:00", timezone="Asia/Tokyo")
    await api.preferences.SetLocale(pr.SetLocaleRequest(request_id=request_id(), locale="en"), metadata=AYUMI)
    near = await api.preferences.SetNearMe(pr.SetNearMeRequest(request_id=request_id(), enabled=True), metadata=AYUMI)
    assert (near.preferences.locale, near.preferences.near_me) == ("en", True)
    cleared = await api.preferences.SetQuietHours(pr.SetQuietHoursRequest(request_id=request_id()), metadata=AYUMI)
    assert not cleared.preferences.HasField("quiet_hours")


async def test_bad_preferences_name_their_fields(api, http_server):
    error = await failure(api.preferences.SetQuietHours(pr.SetQuietHoursRequest(
        request_id=request_id(), quiet_hours=types.QuietHours(start="25:00", end="7", timezone="Mars/Base")),
        metadata=AYUMI))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(error)) == {"quiet_hours.start", "quiet_hours.end", "quiet_hours.timezone"}
    error = await failure(api.preferences.SetLocale(pr.SetLocaleRequest(request_id=request_id(), locale="fr"),
                                                    metadata=AYUMI))
    assert set(violations(error)) == {"locale"}
    hook = await webhook(api, http_server)
    error = await failure(api.preferences.SetCategoryPreferences(pr.SetCategoryPreferencesRequest(
        request_id=request_id(), changes=[pr.CategoryPreferenceChange(channel_id=hook, enabled=True)]),
        metadata=AYUMI))
    assert set(violations(error)) == {"changes[0].category"}
    other = await failure(api.preferences.GetPreferences(pr.GetPreferencesRequest(member_id="ayumi"),
                                                         metadata=member("ben")))
    assert other.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_the_unsubscribe_link_works_without_a_login_and_twice(api, http_server):
    hook = await webhook(api, http_server)
    token = make_token((SECRET_KEYS.encode(),), "ayumi", hook, Category.REMINDERS, datetime.now(UTC))
    done = await api.preferences.UnsubscribeWithToken(pr.UnsubscribeWithTokenRequest(request_id="click-1",
                                                                                     token=token))
    assert done.category == types.CATEGORY_REMINDERS and done.masked_address.startswith("http://127.0.0.1/")
    again = await api.preferences.UnsubscribeWithToken(pr.UnsubscribeWithTokenRequest(request_id="click-2",
                                                                                      token=token))
    assert again.category == types.CATEGORY_REMINDERS
    got = (await api.preferences.GetPreferences(pr.GetPreferencesRequest(), metadata=AYUMI)).preferences
    assert wanted(got, hook)[types.CATEGORY_REMINDERS] == (False, False)

    forged = make_token((b"someone-elses-key",), "ayumi", hook, Category.RSVP_CHANGES, datetime.now(UTC))
    error = await failure(api.preferences.UnsubscribeWithToken(pr.UnsubscribeWithTokenRequest(
        request_id="click-3", token=forged)))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and set(violations(error)) == {"token"}
    assert (await failure(api.preferences.GetPreferences(pr.GetPreferencesRequest()))).code() == (
        grpc.StatusCode.UNAUTHENTICATED), "only the unsubscribe link needs no login"
