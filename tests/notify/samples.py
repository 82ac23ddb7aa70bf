"""One filled message per trigger, for the rendering tests: every optional
part present, and a title with characters HTML must escape; and the other
forms a trigger's message takes (``VARIANTS``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from offkai_notify.domain.model import Trigger
from offkai_notify.render.messages import (
    Access,
    Audience,
    BusStop,
    Change,
    ChecklistItem,
    Community,
    ConnectionAccepted,
    ConnectionRequested,
    EmailVerification,
    IntroductionMade,
    InvitationEmailed,
    InvitationReceived,
    Links,
    LotteryLost,
    LotteryWon,
    Meetup,
    MeetupCancelled,
    MeetupFormat,
    MeetupPublished,
    MeetupUpdated,
    OrganizerBroadcast,
    Parking,
    PreMeeting,
    Recipient,
    Reminder,
    RsvpCancelled,
    RsvpConfirmed,
    RsvpWaitlisted,
    SeatConfirmationRequested,
    Station,
    WaitlistPromoted,
    WeeklyDigest,
)

# 19:00–22:00 in Tokyo on Saturday 16 January 2027.
START = datetime(2027, 1, 16, 10, 0, tzinfo=UTC)
TITLE = "Rust & <Go> mini-off in Shibuya"

MEETUP = Meetup(
    meetup_id="m-5b0c1e44",
    title=TITLE,
    start=START,
    end=START + timedelta(hours=3),
    timezone="Asia/Tokyo",
    format=MeetupFormat.HYBRID,
    venue_name="Cafe Komorebi",
    venue_address="1-2-3 Dogenzaka, Shibuya, Tokyo",
    access="Shibuya (JR Yamanote Line), Hachiko exit, 5 min walk",
    online_url="https://meet.example.com/rust-shibuya",
    community_name="Rust Tokyo",
)
OTHER = Meetup(meetup_id="m-2", title="もくもく会 in 渋谷", start=START + timedelta(days=2),
               end=START + timedelta(days=2, hours=2), timezone="Asia/Tokyo", venue_name="Library Lounge")

ACCESS = Access(
    stations=(Station("Shibuya", "JR Yamanote Line", "Hachiko exit", 5),
              Station("Shinsen", "Keio Inokashira Line", "South exit", 7)),
    bus_stops=(BusStop("Dogenzaka-ue", ("渋88", "都01"), 2),),
    parking=Parking.UNAVAILABLE,
    parking_notes="coin parking next door, ¥400/h",
    reception="3F reception desk",
    real_name_required=True,
    last_entry=START + timedelta(hours=1),
    entry_notes="Ring the bell after 20:00",
    step_free=True,
    elevator=False,
    accessibility_notes="Stairs at the side entrance only",
    nearby_facilities=("FamilyMart across the street",),
)

RECIPIENTS = {
    "ja": Recipient("ayumi", "あゆみ", "ja", "Asia/Tokyo"),
    "en": Recipient("ben", "Ben", "en", "Asia/Tokyo"),
}
LINKS = Links(
    app_url="https://offkai.example",
    unsubscribe_url="https://offkai.example/unsubscribe?token=v1.abc.def",
    preferences_url="https://offkai.example/settings/notifications",
)

MESSAGES = {
    Trigger.MEETUP_PUBLISHED: MeetupPublished(MEETUP, Audience.COMMUNITY, "Bring your laptop & questions."),
    Trigger.RSVP_CONFIRMED: RsvpConfirmed(MEETUP, "In person"),
    Trigger.RSVP_WAITLISTED: RsvpWaitlisted(MEETUP, "In person", 3),
    Trigger.WAITLIST_PROMOTED: WaitlistPromoted(MEETUP, "In person", confirm_by=START - timedelta(days=1)),
    Trigger.RSVP_CANCELLED: RsvpCancelled(MEETUP, "In person", by_organizer=True),
    Trigger.LOTTERY_WON: LotteryWon(MEETUP, "Students"),
    Trigger.LOTTERY_LOST: LotteryLost(MEETUP, "Students", waitlist_position=4),
    Trigger.SEAT_CONFIRMATION_REQUESTED: SeatConfirmationRequested(MEETUP, deadline=START - timedelta(hours=24)),
    Trigger.MEETUP_UPDATED: MeetupUpdated(MEETUP, (Change.TIME, Change.VENUE), previous_start=START - timedelta(hours=1)),
    Trigger.MEETUP_CANCELLED: MeetupCancelled(MEETUP, "The venue flooded.\nSorry!"),
    Trigger.REMINDER: Reminder(
        MEETUP, timedelta(days=1), ACCESS,
        (ChecklistItem("Rust toolchain", "https://rustup.rs", "stable is fine"), ChecklistItem("Discord")),
        PreMeeting("https://meet.example.com/pre", START - timedelta(days=2), START - timedelta(days=2, hours=-1)),
    ),
    Trigger.CONNECTION_REQUESTED: ConnectionRequested("Chika", met_at=TITLE),
    Trigger.CONNECTION_ACCEPTED: ConnectionAccepted("Chika", met_at=TITLE),
    Trigger.INTRODUCTION_MADE: IntroductionMade("Daichi", "Emi", "You both love <embedded> Rust!"),
    Trigger.INVITATION_RECEIVED: InvitationReceived("Chika", MEETUP, "Come along!"),
    Trigger.INVITATION_EMAILED: InvitationEmailed("Chika", "inv-5c1d", MEETUP, "Come along!"),
    Trigger.ORGANIZER_BROADCAST: OrganizerBroadcast(MEETUP, "Aki", "Room change",
                                                    "We moved to room 3B.\nSee you there & bring snacks!"),
    Trigger.WEEKLY_DIGEST: WeeklyDigest((MEETUP, OTHER), "Tokyo"),
    Trigger.EMAIL_VERIFICATION: EmailVerification("482913", START),
}

# What each message is about, as the recipient must be able to read it.
KEY_TEXT = {
    Trigger.MEETUP_PUBLISHED: TITLE,
    Trigger.RSVP_CONFIRMED: TITLE,
    Trigger.RSVP_WAITLISTED: TITLE,
    Trigger.WAITLIST_PROMOTED: TITLE,
    Trigger.RSVP_CANCELLED: TITLE,
    Trigger.LOTTERY_WON: TITLE,
    Trigger.LOTTERY_LOST: TITLE,
    Trigger.SEAT_CONFIRMATION_REQUESTED: TITLE,
    Trigger.MEETUP_UPDATED: TITLE,
    Trigger.MEETUP_CANCELLED: TITLE,
    Trigger.REMINDER: TITLE,
    Trigger.CONNECTION_REQUESTED: "Chika",
    Trigger.CONNECTION_ACCEPTED: "Chika",
    Trigger.INTRODUCTION_MADE: "Emi",
    Trigger.INVITATION_RECEIVED: TITLE,
    Trigger.INVITATION_EMAILED: TITLE,
    Trigger.ORGANIZER_BROADCAST: "Room change",
    Trigger.WEEKLY_DIGEST: "もくもく会 in 渋谷",
    Trigger.EMAIL_VERIFICATION: "482913",
}

COMMUNITY_NAME = "Rust & <Go> Tokyo"

# The other forms of a trigger's message, by name, with their key text.
VARIANTS = {
    "rsvp_cancelled_unconfirmed": (
        RsvpCancelled(MEETUP, "In person", unconfirmed=True),
        TITLE,
    ),
    "invitation_received_community": (
        InvitationReceived("Chika", note="Come along!", community=Community("c-7f3a", COMMUNITY_NAME)),
        COMMUNITY_NAME,
    ),
    "invitation_emailed_community": (
        InvitationEmailed("Chika", "inv-5c1d", note="Come along!", community=Community("c-7f3a", COMMUNITY_NAME)),
        COMMUNITY_NAME,
    ),
}

# Every sample by name, with its key text: one per trigger, and the variants.
SAMPLES = {trigger.value: (message, KEY_TEXT[trigger]) for trigger, message in MESSAGES.items()} | VARIANTS
