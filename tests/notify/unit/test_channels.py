"""Channels: registering each kind, email verification with a code, resending
it, removing; a member touches only their own channels."""

from __future__ import annotations

from datetime import timedelta

import pytest

from offkai.notify.v1 import events_pb2 as ev
from offkai.notify.v1 import types_pb2 as pb
from offkai_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from offkai_notify.domain import commands as c
from offkai_notify.domain.channels import CODE_TTL, MAX_CHANNELS, MAX_CODE_ATTEMPTS, attempts_left
from offkai_notify.domain.model import Category, ChannelKind, ChannelStatus
from offkai_notify.domain.state import SubscriberState
from tests.notify.unit.builders import (
    ADMIN,
    AYUMI,
    BEN,
    DISCORD,
    NOW,
    SLACK,
    WEBHOOK,
    code_hash,
    given,
    register,
    run,
    with_email_verified,
)


def verify(code: str, *, actor=AYUMI, channel_id: str = "ch-email") -> c.VerifyChannel:
    return c.VerifyChannel(actor=actor, member_id="ayumi", channel_id=channel_id, code=code, code_hash=code_hash(code))


def test_an_email_channel_starts_pending_and_is_sent_a_code():
    state, (registered, issued) = run(SubscriberState(), register(address="Ayumi@Example.COM", label="Home"))
    assert isinstance(registered, ev.ChannelRegistered) and isinstance(issued, ev.EmailVerificationCodeIssued)
    assert registered.status == pb.CHANNEL_STATUS_PENDING_VERIFICATION
    # The domain is normalised, the local part kept as typed.
    assert registered.address == "Ayumi@example.com"
    assert issued.code_hash == code_hash("123456")
    assert issued.expires_at.ToDatetime().replace(tzinfo=NOW.tzinfo) == NOW + CODE_TTL
    channel = state.channel("ch-email")
    assert channel.status is ChannelStatus.PENDING_VERIFICATION and channel.label == "Home"
    assert state.receivers(None) == []


@pytest.mark.parametrize("kind, address", [
    (ChannelKind.SLACK, SLACK),
    (ChannelKind.DISCORD, DISCORD),
    (ChannelKind.WEBHOOK, WEBHOOK),
    (ChannelKind.APPRISE, "tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/987654321"),
])
def test_chat_channels_are_active_at_once(kind, address):
    state, events = run(SubscriberState(), register(kind, address, channel_id="ch-1"))
    assert [type(e) for e in events] == [ev.ChannelRegistered]
    assert events[0].status == pb.CHANNEL_STATUS_ACTIVE
    assert state.channel("ch-1").active


def test_a_generic_webhook_keeps_its_signing_secret():
    state = given(register(ChannelKind.WEBHOOK, WEBHOOK, channel_id="ch-hook"))
    assert state.channel("ch-hook").signing_secret == "whsec-0123456789abcdef"


def test_the_secret_never_shows_in_a_channels_repr():
    state = given(register(ChannelKind.SLACK, SLACK, channel_id="ch-slack"))
    text = repr(state.channel("ch-slack")) + repr(register(ChannelKind.SLACK, SLACK))
    assert "abcdefghijklmnopqrstuvwx" not in text and "T0123ABCD" not in text
    assert "hooks.slack.com" in text


def test_a_bad_address_names_the_field_and_writes_nothing():
    with pytest.raises(InvalidArgument) as err:
        run(SubscriberState(), register(ChannelKind.SLACK, "https://example.com/services/x", label="bad\nlabel"))
    assert {v.field for v in err.value.violations} == {"address", "label"}


def test_the_kind_is_required():
    with pytest.raises(InvalidArgument) as err:
        run(SubscriberState(), register(kind=None, address=SLACK))
    assert [v.field for v in err.value.violations] == ["kind"]


def test_the_same_address_twice_already_exists():
    state = given(register())
    with pytest.raises(AlreadyExists):
        run(state, register(address="ayumi@EXAMPLE.com", channel_id="ch-2"))


def test_a_member_has_at_most_ten_channels():
    state = given(*(register(address=f"a{i}@example.com", channel_id=f"ch-{i}") for i in range(MAX_CHANNELS)))
    with pytest.raises(FailedPrecondition):
        run(state, register(address="one-more@example.com", channel_id="ch-x"))


def test_members_register_channels_only_for_themselves_admins_for_anyone():
    with pytest.raises(PermissionDenied):
        run(SubscriberState(), register(actor=BEN))
    _, events = run(SubscriberState(), register(actor=ADMIN))
    assert events[0].member_id == "ayumi"


def test_permission_is_checked_before_the_channel_exists():
    """A stranger learns nothing about which channel ids a member has."""
    with pytest.raises(PermissionDenied):
        run(SubscriberState(), verify("123456", actor=BEN, channel_id="no-such-channel"))


def test_the_right_code_verifies_the_channel():
    state, (verified,) = run(given(register()), verify("123456"))
    assert isinstance(verified, ev.ChannelVerified)
    assert state.channel("ch-email").active and state.channel("ch-email").verified_at == NOW
    assert [ch.channel_id for ch in state.receivers(None)] == ["ch-email"]


def test_a_wrong_code_is_counted_and_the_code_is_used_up_after_five():
    state = given(register())
    for attempt in range(1, MAX_CODE_ATTEMPTS + 1):
        state, (failed,) = run(state, verify("000000"))
        assert isinstance(failed, ev.ChannelVerificationFailed) and failed.failed_attempts == attempt
    assert attempts_left(state, "ch-email") == 0
    with pytest.raises(FailedPrecondition, match="new code"):
        run(state, verify("123456"))


def test_an_expired_code_does_not_verify():
    with pytest.raises(FailedPrecondition, match="expired"):
        run(given(register()), verify("123456"), now=NOW + CODE_TTL)


@pytest.mark.parametrize("code", ["", "12345", "1234567", "12a456", "１２３４５６"])
def test_a_code_must_be_six_digits(code):
    with pytest.raises(InvalidArgument):
        run(given(register()), verify(code))


def test_verifying_twice_is_refused():
    with pytest.raises(FailedPrecondition, match="already"):
        run(with_email_verified(), verify("123456"))


def test_a_new_code_replaces_the_old_one_and_resets_the_attempts():
    state = given(register())
    state, _ = run(state, verify("000000"), verify("000001"))
    later = NOW + timedelta(minutes=2)
    resend = c.ResendVerificationCode(actor=AYUMI, member_id="ayumi", channel_id="ch-email",
                                      code_hash=code_hash("654321"))
    state, (issued,) = run(state, resend, now=later)
    assert isinstance(issued, ev.EmailVerificationCodeIssued)
    assert attempts_left(state, "ch-email") == MAX_CODE_ATTEMPTS
    _, (failed,) = run(state, verify("123456"), now=later)
    assert isinstance(failed, ev.ChannelVerificationFailed)
    state, (verified,) = run(state, verify("654321"), now=later)
    assert isinstance(verified, ev.ChannelVerified)


def test_codes_are_resent_at_most_once_a_minute_and_only_to_pending_email():
    resend = c.ResendVerificationCode(actor=AYUMI, member_id="ayumi", channel_id="ch-email", code_hash="h")
    with pytest.raises(FailedPrecondition, match="minute"):
        run(given(register()), resend, now=NOW + timedelta(seconds=30))
    with pytest.raises(FailedPrecondition):
        run(with_email_verified(), resend, now=NOW + timedelta(minutes=5))


def test_removing_a_channel_drops_it_and_its_preferences():
    state = with_email_verified()
    state, _ = run(state, c.SetCategoryPreferences(actor=AYUMI, member_id="ayumi", changes=(
        c.PreferenceChange(Category.DIGEST, "ch-email", False),)))
    state, (removed,) = run(state, c.RemoveChannel(actor=AYUMI, member_id="ayumi", channel_id="ch-email"))
    assert isinstance(removed, ev.ChannelRemoved) and removed.removed_by == "ayumi"
    assert state.channel("ch-email") is None and not state.choices
    with pytest.raises(NotFound):
        run(state, c.RemoveChannel(actor=AYUMI, member_id="ayumi", channel_id="ch-email"))


def test_a_code_padded_past_the_maximum_is_refused():
    with pytest.raises(InvalidArgument, match="at most 32"):
        run(given(register()), verify("123456" + " " * 40))
