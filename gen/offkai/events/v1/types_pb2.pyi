import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.platform.v1 import personal_data_pb2 as _personal_data_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MeetupFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEETUP_FORMAT_UNSPECIFIED: _ClassVar[MeetupFormat]
    MEETUP_FORMAT_IN_PERSON: _ClassVar[MeetupFormat]
    MEETUP_FORMAT_HYBRID: _ClassVar[MeetupFormat]
    MEETUP_FORMAT_ONLINE: _ClassVar[MeetupFormat]

class MeetupStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEETUP_STATUS_UNSPECIFIED: _ClassVar[MeetupStatus]
    MEETUP_STATUS_DRAFT: _ClassVar[MeetupStatus]
    MEETUP_STATUS_PUBLISHED: _ClassVar[MeetupStatus]
    MEETUP_STATUS_CANCELLED: _ClassVar[MeetupStatus]
    MEETUP_STATUS_ENDED: _ClassVar[MeetupStatus]

class FrameMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FRAME_MODE_UNSPECIFIED: _ClassVar[FrameMode]
    FRAME_MODE_FIRST_COME: _ClassVar[FrameMode]
    FRAME_MODE_LOTTERY: _ClassVar[FrameMode]

class FrameSession(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FRAME_SESSION_UNSPECIFIED: _ClassVar[FrameSession]
    FRAME_SESSION_MAIN: _ClassVar[FrameSession]
    FRAME_SESSION_AFTER_PARTY: _ClassVar[FrameSession]

class RsvpStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RSVP_STATUS_UNSPECIFIED: _ClassVar[RsvpStatus]
    RSVP_STATUS_GOING: _ClassVar[RsvpStatus]
    RSVP_STATUS_WAITLISTED: _ClassVar[RsvpStatus]
    RSVP_STATUS_APPLIED: _ClassVar[RsvpStatus]
    RSVP_STATUS_CANCELLED: _ClassVar[RsvpStatus]

class IntroductionPart(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTRODUCTION_PART_UNSPECIFIED: _ClassVar[IntroductionPart]
    INTRODUCTION_PART_WHAT_I_DO: _ClassVar[IntroductionPart]
    INTRODUCTION_PART_WHY_I_COME: _ClassVar[IntroductionPart]
    INTRODUCTION_PART_HOBBIES: _ClassVar[IntroductionPart]

class ParkingAvailability(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARKING_AVAILABILITY_UNSPECIFIED: _ClassVar[ParkingAvailability]
    PARKING_AVAILABILITY_AVAILABLE: _ClassVar[ParkingAvailability]
    PARKING_AVAILABILITY_UNAVAILABLE: _ClassVar[ParkingAvailability]
MEETUP_FORMAT_UNSPECIFIED: MeetupFormat
MEETUP_FORMAT_IN_PERSON: MeetupFormat
MEETUP_FORMAT_HYBRID: MeetupFormat
MEETUP_FORMAT_ONLINE: MeetupFormat
MEETUP_STATUS_UNSPECIFIED: MeetupStatus
MEETUP_STATUS_DRAFT: MeetupStatus
MEETUP_STATUS_PUBLISHED: MeetupStatus
MEETUP_STATUS_CANCELLED: MeetupStatus
MEETUP_STATUS_ENDED: MeetupStatus
FRAME_MODE_UNSPECIFIED: FrameMode
FRAME_MODE_FIRST_COME: FrameMode
FRAME_MODE_LOTTERY: FrameMode
FRAME_SESSION_UNSPECIFIED: FrameSession
FRAME_SESSION_MAIN: FrameSession
FRAME_SESSION_AFTER_PARTY: FrameSession
RSVP_STATUS_UNSPECIFIED: RsvpStatus
RSVP_STATUS_GOING: RsvpStatus
RSVP_STATUS_WAITLISTED: RsvpStatus
RSVP_STATUS_APPLIED: RsvpStatus
RSVP_STATUS_CANCELLED: RsvpStatus
INTRODUCTION_PART_UNSPECIFIED: IntroductionPart
INTRODUCTION_PART_WHAT_I_DO: IntroductionPart
INTRODUCTION_PART_WHY_I_COME: IntroductionPart
INTRODUCTION_PART_HOBBIES: IntroductionPart
PARKING_AVAILABILITY_UNSPECIFIED: ParkingAvailability
PARKING_AVAILABILITY_AVAILABLE: ParkingAvailability
PARKING_AVAILABILITY_UNAVAILABLE: ParkingAvailability

class Region(_message.Message):
    __slots__ = ("prefecture", "city")
    PREFECTURE_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    prefecture: str
    city: str
    def __init__(self, prefecture: _Optional[str] = ..., city: _Optional[str] = ...) -> None: ...

class GeoPoint(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class Station(_message.Message):
    __slots__ = ("line", "station", "exit", "walking_minutes")
    LINE_FIELD_NUMBER: _ClassVar[int]
    STATION_FIELD_NUMBER: _ClassVar[int]
    EXIT_FIELD_NUMBER: _ClassVar[int]
    WALKING_MINUTES_FIELD_NUMBER: _ClassVar[int]
    line: str
    station: str
    exit: str
    walking_minutes: int
    def __init__(self, line: _Optional[str] = ..., station: _Optional[str] = ..., exit: _Optional[str] = ..., walking_minutes: _Optional[int] = ...) -> None: ...

class BusStop(_message.Message):
    __slots__ = ("stop", "routes", "walking_minutes")
    STOP_FIELD_NUMBER: _ClassVar[int]
    ROUTES_FIELD_NUMBER: _ClassVar[int]
    WALKING_MINUTES_FIELD_NUMBER: _ClassVar[int]
    stop: str
    routes: _containers.RepeatedScalarFieldContainer[str]
    walking_minutes: int
    def __init__(self, stop: _Optional[str] = ..., routes: _Optional[_Iterable[str]] = ..., walking_minutes: _Optional[int] = ...) -> None: ...

class Parking(_message.Message):
    __slots__ = ("availability", "notes")
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    availability: ParkingAvailability
    notes: str
    def __init__(self, availability: _Optional[_Union[ParkingAvailability, str]] = ..., notes: _Optional[str] = ...) -> None: ...

class EntryRules(_message.Message):
    __slots__ = ("reception", "real_name_required", "last_entry", "notes")
    RECEPTION_FIELD_NUMBER: _ClassVar[int]
    REAL_NAME_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    LAST_ENTRY_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    reception: str
    real_name_required: bool
    last_entry: _timestamp_pb2.Timestamp
    notes: str
    def __init__(self, reception: _Optional[str] = ..., real_name_required: _Optional[bool] = ..., last_entry: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notes: _Optional[str] = ...) -> None: ...

class Accessibility(_message.Message):
    __slots__ = ("elevator", "step_free", "notes")
    ELEVATOR_FIELD_NUMBER: _ClassVar[int]
    STEP_FREE_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    elevator: bool
    step_free: bool
    notes: str
    def __init__(self, elevator: _Optional[bool] = ..., step_free: _Optional[bool] = ..., notes: _Optional[str] = ...) -> None: ...

class Venue(_message.Message):
    __slots__ = ("name", "address", "location", "stations", "bus_stops", "parking", "nearby_facilities", "entry_rules", "accessibility")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    STATIONS_FIELD_NUMBER: _ClassVar[int]
    BUS_STOPS_FIELD_NUMBER: _ClassVar[int]
    PARKING_FIELD_NUMBER: _ClassVar[int]
    NEARBY_FACILITIES_FIELD_NUMBER: _ClassVar[int]
    ENTRY_RULES_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBILITY_FIELD_NUMBER: _ClassVar[int]
    name: str
    address: str
    location: GeoPoint
    stations: _containers.RepeatedCompositeFieldContainer[Station]
    bus_stops: _containers.RepeatedCompositeFieldContainer[BusStop]
    parking: Parking
    nearby_facilities: _containers.RepeatedScalarFieldContainer[str]
    entry_rules: EntryRules
    accessibility: Accessibility
    def __init__(self, name: _Optional[str] = ..., address: _Optional[str] = ..., location: _Optional[_Union[GeoPoint, _Mapping]] = ..., stations: _Optional[_Iterable[_Union[Station, _Mapping]]] = ..., bus_stops: _Optional[_Iterable[_Union[BusStop, _Mapping]]] = ..., parking: _Optional[_Union[Parking, _Mapping]] = ..., nearby_facilities: _Optional[_Iterable[str]] = ..., entry_rules: _Optional[_Union[EntryRules, _Mapping]] = ..., accessibility: _Optional[_Union[Accessibility, _Mapping]] = ...) -> None: ...

class PreMeeting(_message.Message):
    __slots__ = ("join_url", "start", "end")
    JOIN_URL_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    join_url: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    def __init__(self, join_url: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AfterParty(_message.Message):
    __slots__ = ("place", "address", "start", "end", "notes")
    PLACE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    place: str
    address: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    notes: str
    def __init__(self, place: _Optional[str] = ..., address: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notes: _Optional[str] = ...) -> None: ...

class ChecklistItem(_message.Message):
    __slots__ = ("name", "url", "notes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    url: str
    notes: str
    def __init__(self, name: _Optional[str] = ..., url: _Optional[str] = ..., notes: _Optional[str] = ...) -> None: ...

class Question(_message.Message):
    __slots__ = ("question_id", "text", "required")
    QUESTION_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    question_id: str
    text: str
    required: bool
    def __init__(self, question_id: _Optional[str] = ..., text: _Optional[str] = ..., required: _Optional[bool] = ...) -> None: ...

class SeatConfirmationPolicy(_message.Message):
    __slots__ = ("opens_before", "auto_release_before")
    OPENS_BEFORE_FIELD_NUMBER: _ClassVar[int]
    AUTO_RELEASE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    opens_before: _duration_pb2.Duration
    auto_release_before: _duration_pb2.Duration
    def __init__(self, opens_before: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., auto_release_before: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class MeetupDetails(_message.Message):
    __slots__ = ("title", "description", "community_id", "organizer_ids", "region", "tags", "format", "start", "end", "timezone", "venue", "online_url", "pre_meeting", "after_party", "checklist", "questions", "seat_confirmation", "check_in_opens_before", "reminder_offsets")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZER_IDS_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    ONLINE_URL_FIELD_NUMBER: _ClassVar[int]
    PRE_MEETING_FIELD_NUMBER: _ClassVar[int]
    AFTER_PARTY_FIELD_NUMBER: _ClassVar[int]
    CHECKLIST_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    SEAT_CONFIRMATION_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_OPENS_BEFORE_FIELD_NUMBER: _ClassVar[int]
    REMINDER_OFFSETS_FIELD_NUMBER: _ClassVar[int]
    title: str
    description: str
    community_id: str
    organizer_ids: _containers.RepeatedScalarFieldContainer[str]
    region: Region
    tags: _containers.RepeatedScalarFieldContainer[str]
    format: MeetupFormat
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    timezone: str
    venue: Venue
    online_url: str
    pre_meeting: PreMeeting
    after_party: AfterParty
    checklist: _containers.RepeatedCompositeFieldContainer[ChecklistItem]
    questions: _containers.RepeatedCompositeFieldContainer[Question]
    seat_confirmation: SeatConfirmationPolicy
    check_in_opens_before: _duration_pb2.Duration
    reminder_offsets: _containers.RepeatedCompositeFieldContainer[_duration_pb2.Duration]
    def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., community_id: _Optional[str] = ..., organizer_ids: _Optional[_Iterable[str]] = ..., region: _Optional[_Union[Region, _Mapping]] = ..., tags: _Optional[_Iterable[str]] = ..., format: _Optional[_Union[MeetupFormat, str]] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timezone: _Optional[str] = ..., venue: _Optional[_Union[Venue, _Mapping]] = ..., online_url: _Optional[str] = ..., pre_meeting: _Optional[_Union[PreMeeting, _Mapping]] = ..., after_party: _Optional[_Union[AfterParty, _Mapping]] = ..., checklist: _Optional[_Iterable[_Union[ChecklistItem, _Mapping]]] = ..., questions: _Optional[_Iterable[_Union[Question, _Mapping]]] = ..., seat_confirmation: _Optional[_Union[SeatConfirmationPolicy, _Mapping]] = ..., check_in_opens_before: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., reminder_offsets: _Optional[_Iterable[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]]] = ...) -> None: ...

class Frame(_message.Message):
    __slots__ = ("frame_id", "name", "description", "capacity", "mode", "session", "waitlist_enabled", "draw_at")
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    WAITLIST_ENABLED_FIELD_NUMBER: _ClassVar[int]
    DRAW_AT_FIELD_NUMBER: _ClassVar[int]
    frame_id: str
    name: str
    description: str
    capacity: int
    mode: FrameMode
    session: FrameSession
    waitlist_enabled: bool
    draw_at: _timestamp_pb2.Timestamp
    def __init__(self, frame_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., capacity: _Optional[int] = ..., mode: _Optional[_Union[FrameMode, str]] = ..., session: _Optional[_Union[FrameSession, str]] = ..., waitlist_enabled: _Optional[bool] = ..., draw_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SelfIntroduction(_message.Message):
    __slots__ = ("what_i_do", "why_i_come", "hobbies")
    WHAT_I_DO_FIELD_NUMBER: _ClassVar[int]
    WHY_I_COME_FIELD_NUMBER: _ClassVar[int]
    HOBBIES_FIELD_NUMBER: _ClassVar[int]
    what_i_do: str
    why_i_come: str
    hobbies: str
    def __init__(self, what_i_do: _Optional[str] = ..., why_i_come: _Optional[str] = ..., hobbies: _Optional[str] = ...) -> None: ...

class Answer(_message.Message):
    __slots__ = ("question_id", "answer")
    QUESTION_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    question_id: str
    answer: str
    def __init__(self, question_id: _Optional[str] = ..., answer: _Optional[str] = ...) -> None: ...

class RsvpDetails(_message.Message):
    __slots__ = ("answers", "self_introduction", "shared_parts")
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    SELF_INTRODUCTION_FIELD_NUMBER: _ClassVar[int]
    SHARED_PARTS_FIELD_NUMBER: _ClassVar[int]
    answers: _containers.RepeatedCompositeFieldContainer[Answer]
    self_introduction: SelfIntroduction
    shared_parts: _containers.RepeatedScalarFieldContainer[IntroductionPart]
    def __init__(self, answers: _Optional[_Iterable[_Union[Answer, _Mapping]]] = ..., self_introduction: _Optional[_Union[SelfIntroduction, _Mapping]] = ..., shared_parts: _Optional[_Iterable[_Union[IntroductionPart, str]]] = ...) -> None: ...

class MeetupSummary(_message.Message):
    __slots__ = ("meetup_id", "title", "community_id", "format", "start", "end", "timezone", "venue_name", "venue_address", "access", "online_url")
    MEETUP_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ACCESS_FIELD_NUMBER: _ClassVar[int]
    ONLINE_URL_FIELD_NUMBER: _ClassVar[int]
    meetup_id: str
    title: str
    community_id: str
    format: MeetupFormat
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    timezone: str
    venue_name: str
    venue_address: str
    access: str
    online_url: str
    def __init__(self, meetup_id: _Optional[str] = ..., title: _Optional[str] = ..., community_id: _Optional[str] = ..., format: _Optional[_Union[MeetupFormat, str]] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timezone: _Optional[str] = ..., venue_name: _Optional[str] = ..., venue_address: _Optional[str] = ..., access: _Optional[str] = ..., online_url: _Optional[str] = ...) -> None: ...
