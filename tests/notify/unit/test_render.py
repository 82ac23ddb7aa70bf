"""Rendering: every trigger in ja and en, escaped HTML, a plain-text part that
says everything the HTML says, dates as each locale writes them in the
recipient's time zone, and an unsubscribe link in every email that may have
one."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

import offkai_notify
from offkai_notify.domain.model import Trigger
from offkai_notify.render import MAX_CHAT, Renderings, render
from offkai_notify.render.messages import Change, MeetupUpdated, Recipient, Reminder
from tests.notify.html_text import visible
from tests.notify.samples import (
    COMMUNITY_NAME,
    KEY_TEXT,
    LINKS,
    MEETUP,
    MESSAGES,
    RECIPIENTS,
    SAMPLES,
    TITLE,
    VARIANTS,
)

CASES = [(trigger, locale) for trigger in Trigger for locale in ("ja", "en")]
TEMPLATES = Path(offkai_notify.__file__).parent / "templates"


def flat(text: str) -> str:
    """Whitespace and the "> " of quoted lines do not count."""
    return " ".join(re.sub(r"(?m)^> ?", "", text).split())


def test_every_trigger_has_a_template_in_each_locale():
    for trigger in Trigger:
        for locale in ("ja", "en"):
            assert (TEMPLATES / locale / f"{trigger.value}.j2").is_file(), (trigger, locale)
    assert set(MESSAGES) == set(Trigger)


@pytest.mark.parametrize("trigger, locale", CASES)
def test_each_part_carries_the_key_text(trigger, locale):
    out = render(MESSAGES[trigger], RECIPIENTS[locale], LINKS)
    key = KEY_TEXT[trigger]
    assert out.subject and "\n" not in out.subject
    assert key in out.text and key in out.chat
    assert key in " ".join(visible(out.html).segments)
    assert f'<html lang="{locale}">' in out.html


@pytest.mark.parametrize("trigger, locale", CASES)
def test_the_plain_text_says_everything_the_html_says(trigger, locale):
    out = render(MESSAGES[trigger], RECIPIENTS[locale], LINKS)
    seen = visible(out.html)
    text = flat(out.text)
    missing = [s for s in seen.segments if s not in text]
    assert not missing, f"in the HTML but not in the text: {missing}"
    assert all(href in out.text for href in seen.hrefs)


@pytest.mark.parametrize("trigger, locale", CASES)
def test_html_is_escaped_and_text_and_chat_are_not(trigger, locale):
    out = render(MESSAGES[trigger], RECIPIENTS[locale], LINKS)
    assert "<Go>" not in out.html and "<embedded>" not in out.html
    if KEY_TEXT[trigger] == TITLE:
        assert "&lt;Go&gt;" in out.html
        assert "<Go>" in out.text and "<Go>" in out.chat
    assert "&lt;" not in out.text + out.chat and "&amp;" not in out.text + out.chat


@pytest.mark.parametrize("trigger, locale", CASES)
def test_chat_is_chat_sized(trigger, locale):
    out = render(MESSAGES[trigger], RECIPIENTS[locale], LINKS)
    assert 0 < len(out.chat) <= MAX_CHAT


@pytest.mark.parametrize("trigger, locale", CASES)
def test_every_email_but_the_code_can_be_unsubscribed_from(trigger, locale):
    out = render(MESSAGES[trigger], RECIPIENTS[locale], LINKS)
    if trigger is Trigger.EMAIL_VERIFICATION:
        assert LINKS.unsubscribe_url not in out.html + out.text
    elif trigger is Trigger.INVITATION_EMAILED:
        # No category to leave: the link stops invitation emails to the address.
        assert f'href="{LINKS.unsubscribe_url.replace("&", "&amp;")}"' in out.html
        assert LINKS.unsubscribe_url in out.text and LINKS.unsubscribe_url not in out.chat
        stop = {"ja": "今後 offkai からお誘いのメールを受け取らない", "en": "Never email me invitations from offkai again"}
        assert f"{stop[locale]}: {LINKS.unsubscribe_url}" in out.text
    else:
        assert f'href="{LINKS.unsubscribe_url.replace("&", "&amp;")}"' in out.html
        assert LINKS.unsubscribe_url in out.text
        assert LINKS.unsubscribe_url not in out.chat


def test_dates_are_written_as_each_locale_writes_them():
    ja = render(MESSAGES[Trigger.RSVP_CONFIRMED], RECIPIENTS["ja"], LINKS)
    en = render(MESSAGES[Trigger.RSVP_CONFIRMED], RECIPIENTS["en"], LINKS)
    assert "2027年1月16日(土) 19:00 – 22:00 (日本時間)" in ja.text
    assert "Sat, Jan 16, 2027, 7:00 PM – 10:00 PM (Japan Time)" in en.text


def test_times_are_in_the_recipients_time_zone():
    berlin = Recipient("ben", "Ben", "en", "Europe/Berlin")
    out = render(MESSAGES[Trigger.RSVP_CONFIRMED], berlin, LINKS)
    assert "Sat, Jan 16, 2027, 11:00 AM – 2:00 PM (Central European Time)" in out.text
    assert "7:00 PM" not in out.text


def test_an_unknown_locale_falls_back_to_japanese_and_a_bad_zone_to_utc():
    odd = Recipient("x", "X", "fr", "Mars/Olympus")
    out = render(MESSAGES[Trigger.RSVP_CONFIRMED], odd, LINKS)
    assert "2027年1月16日(土) 10:00 – 13:00 (UTC)" in out.text


@pytest.mark.parametrize("locale, expected", [
    ("ja", ["Shibuya駅（JR Yamanote Line） Hachiko exit 徒歩5分", "Dogenzaka-ue（渋88・都01） 徒歩2分",
            "なし – coin parking next door, ¥400/h", "受付: 3F reception desk", "受付で本名をお伝えください",
            "最終入場: 20:00", "段差なし: あり", "エレベーター: なし", "Rust toolchain (https://rustup.rs) – stable is fine",
            "https://meet.example.com/pre", "FamilyMart across the street"]),
    ("en", ["Shibuya (JR Yamanote Line), Hachiko exit, 5 min walk", "Dogenzaka-ue (渋88, 都01), 2 min walk",
            "none – coin parking next door, ¥400/h", "Reception: 3F reception desk", "Give your real name at reception",
            "Last entry: 8:00 PM", "Step-free: yes", "Elevator: no", "Rust toolchain (https://rustup.rs) – stable is fine",
            "https://meet.example.com/pre", "Thu, Jan 14, 2027, 7:00 PM – 8:00 PM"]),
])
def test_a_reminder_carries_access_checklist_and_the_pre_meeting(locale, expected):
    out = render(MESSAGES[Trigger.REMINDER], RECIPIENTS[locale], LINKS)
    for fact in expected:
        assert fact in out.text
    assert ("あと1日" if locale == "ja" else "In 1 day") in out.subject


def test_a_reminder_without_entitlement_has_no_pre_meeting_or_online_link():
    reminder = replace(MESSAGES[Trigger.REMINDER], pre_meeting=None, meetup=replace(MEETUP, online_url=""),
                       before=timedelta(hours=1))
    out = render(reminder, RECIPIENTS["en"], LINKS)
    assert "meet.example.com" not in out.html + out.text + out.chat
    assert out.subject.startswith("In 1 hour:")
    assert isinstance(reminder, Reminder)


@pytest.mark.parametrize("changes, ja, en", [
    ((Change.TIME,), "日時が変更されました", "changed the time."),
    ((Change.VENUE, Change.ACCESS), "会場、アクセス・入館方法が変更されました", "changed the venue and how to get there and in."),
])
def test_an_update_says_what_changed(changes, ja, en):
    message = MeetupUpdated(MEETUP, changes, previous_start=MEETUP.start - timedelta(hours=1))
    assert ja in flat(render(message, RECIPIENTS["ja"], LINKS).text)
    en_text = flat(render(message, RECIPIENTS["en"], LINKS).text)
    assert en in en_text
    assert ("Was: Sat, Jan 16, 2027, 6:00 PM" in en_text) is (Change.TIME in changes)


def test_the_waitlist_position_and_the_seat_deadline_are_told():
    waitlisted = render(MESSAGES[Trigger.RSVP_WAITLISTED], RECIPIENTS["ja"], LINKS)
    assert "キャンセル待ちの3番目" in waitlisted.text
    seat = render(MESSAGES[Trigger.SEAT_CONFIRMATION_REQUESTED], RECIPIENTS["en"], LINKS)
    assert "Confirm by: Fri, Jan 15, 2027, 7:00 PM (Japan Time)" in seat.text


def test_a_broadcast_keeps_the_organizers_line_breaks():
    out = render(MESSAGES[Trigger.ORGANIZER_BROADCAST], RECIPIENTS["en"], LINKS)
    assert "> We moved to room 3B.\n> See you there & bring snacks!" in out.text
    assert "white-space:pre-line" in out.html


@pytest.mark.parametrize("locale, says", [
    ("ja", "Chikaさんがコミュニティ「Rust & <Go> Tokyo」への参加をお誘いしています。"),
    ("en", "Chika would like you to join Rust & <Go> Tokyo."),
])
def test_an_invitation_to_a_community_names_it_and_links_to_its_page(locale, says):
    message, _ = VARIANTS["invitation_received_community"]
    out = render(message, RECIPIENTS[locale], LINKS)
    page = f"{LINKS.app_url}/communities/c-7f3a"
    assert COMMUNITY_NAME in out.subject and "\n" not in out.subject
    assert says in flat(out.text)
    assert "> Come along!" in out.text
    assert COMMUNITY_NAME in out.chat and page in out.chat and page in out.text
    assert f'href="{page}"' in out.html
    assert "Rust &amp; &lt;Go&gt; Tokyo" in out.html and "<Go>" not in out.html
    assert "/meetups/" not in out.html + out.text + out.chat, "no meetup in it"
    assert f"{LINKS.unsubscribe_url}" in out.text
    # The plain text says everything the HTML says.
    seen = visible(out.html)
    assert COMMUNITY_NAME in " ".join(seen.segments)
    assert [s for s in seen.segments if s not in flat(out.text)] == []
    assert all(href in out.text for href in seen.hrefs)


@pytest.mark.parametrize("name, locale, says", [
    ("invitation_emailed", "ja", "Chikaさんが、offkai のオフ会「Rust & <Go> mini-off in Shibuya」にあなたを誘っています。"),
    ("invitation_emailed", "en", "Chika thinks you would enjoy Rust & <Go> mini-off in Shibuya, a meetup on offkai."),
    ("invitation_emailed_community", "ja", "Chikaさんが、offkai のコミュニティ「Rust & <Go> Tokyo」にあなたを誘っています。"),
    ("invitation_emailed_community", "en", "Chika would like you to join Rust & <Go> Tokyo on offkai."),
])
def test_an_emailed_invitation_carries_the_note_and_its_claim_link_and_greets_nobody_by_name(name, locale, says):
    message, key = SAMPLES[name]
    # A non-member: no name, no member id, no preferences page.
    stranger = Recipient("", "", locale, "Asia/Tokyo")
    out = render(message, stranger, replace(LINKS, preferences_url=""))
    claim = f"{LINKS.app_url}/invitations/inv-5c1d"
    assert key in out.subject
    assert says in flat(out.text)
    assert "> Come along!" in out.text
    assert claim in out.text and f'href="{claim}"' in out.html and claim in out.chat
    assert "/settings/notifications" not in out.html + out.text
    assert ("さん、こんにちは" not in out.text) and ("Hi ," not in out.text)
    seen = visible(out.html)
    assert [s for s in seen.segments if s not in flat(out.text)] == []


NAMES = ["あゆみ", "Ben", "", "Tom & <Jerry> \"T\"", "  two   spaces\nand a line  ", "x" * 1200]
UNSUBSCRIBE = ["", "https://offkai.example/unsubscribe?token=v1.a&b=<c>", LINKS.unsubscribe_url]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_message_rendered_once_and_filled_in_per_recipient_is_what_render_makes(name):
    from offkai_notify.delivery.transports import PARTS

    message, _ = SAMPLES[name]
    renderings = Renderings()
    made = []
    for locale, zone in [("ja", "Asia/Tokyo"), ("en", "America/New_York"), ("en", "Asia/Tokyo")]:
        for i, display_name in enumerate(NAMES):
            for unsubscribe_url in UNSUBSCRIBE:
                for parts in {*PARTS.values(), frozenset({"subject", "html", "text", "chat"})}:
                    recipient = Recipient(f"member-{i}", display_name, locale, zone)
                    links = replace(LINKS, unsubscribe_url=unsubscribe_url)
                    got = renderings.render(name, lambda: made.append(1) or message, recipient, links, parts)
                    assert got == render(message, recipient, links, parts), (locale, display_name, parts)
    # Rendered once per locale, zone, parts and which of the recipient's own values are empty.
    assert len(made) == len(renderings._made) < 3 * len(NAMES) * len(UNSUBSCRIBE) * 4


def test_a_message_that_carries_a_stand_in_is_rendered_in_full():
    message = replace(MESSAGES[Trigger.MEETUP_PUBLISHED], summary="\ue000name\ue001 says hi")
    recipient = RECIPIENTS["en"]
    renderings = Renderings()
    out = renderings.render("stored \ue000", lambda: message, recipient, LINKS)
    assert out == render(message, recipient, LINKS)
    assert "\ue000name\ue001 says hi" in out.text and not renderings._made


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_the_members_own_name_is_escaped_in_the_html(locale):
    recipient = replace(RECIPIENTS[locale], display_name="<b>Tom</b> & Jerry")
    out = render(MESSAGES[Trigger.MEETUP_PUBLISHED], recipient, LINKS)
    assert "&lt;b&gt;Tom&lt;/b&gt; &amp; Jerry" in out.html and "<b>Tom</b>" not in out.html
    assert "<b>Tom</b> & Jerry" in out.text


@pytest.mark.parametrize("locale, says, subject", [
    ("ja", "期限までに参加の確認がなかったため、次の方のために解放されました", "お席を解放しました"),
    ("en", "was not confirmed by its deadline, so it was released for the next person", "Seat released"),
])
def test_a_seat_released_for_want_of_confirmation_says_so(locale, says, subject):
    message, _ = VARIANTS["rsvp_cancelled_unconfirmed"]
    out = render(message, RECIPIENTS[locale], LINKS)
    assert out.subject.startswith(subject)
    assert says in flat(out.text)
    assert "RSVP cancelled" not in out.chat and "参加申込をキャンセル" not in out.chat
