import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.members.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvitationDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVITATION_DIRECTION_UNSPECIFIED: _ClassVar[InvitationDirection]
    INVITATION_DIRECTION_RECEIVED: _ClassVar[InvitationDirection]
    INVITATION_DIRECTION_SENT: _ClassVar[InvitationDirection]
INVITATION_DIRECTION_UNSPECIFIED: InvitationDirection
INVITATION_DIRECTION_RECEIVED: InvitationDirection
INVITATION_DIRECTION_SENT: InvitationDirection

class Invitation(_message.Message):
    __slots__ = ("invitation_id", "inviter", "invitee", "invitee_email", "target", "note", "status", "outcome", "sent_at", "accepted_at")
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    INVITER_FIELD_NUMBER: _ClassVar[int]
    INVITEE_FIELD_NUMBER: _ClassVar[int]
    INVITEE_EMAIL_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    invitation_id: str
    inviter: _types_pb2.MemberSummary
    invitee: _types_pb2.MemberSummary
    invitee_email: str
    target: _types_pb2.InvitationTarget
    note: str
    status: _types_pb2.InvitationStatus
    outcome: _types_pb2.InvitationOutcome
    sent_at: _timestamp_pb2.Timestamp
    accepted_at: _timestamp_pb2.Timestamp
    def __init__(self, invitation_id: _Optional[str] = ..., inviter: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., invitee: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., invitee_email: _Optional[str] = ..., target: _Optional[_Union[_types_pb2.InvitationTarget, _Mapping]] = ..., note: _Optional[str] = ..., status: _Optional[_Union[_types_pb2.InvitationStatus, str]] = ..., outcome: _Optional[_Union[_types_pb2.InvitationOutcome, str]] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., accepted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SendInvitationRequest(_message.Message):
    __slots__ = ("request_id", "inviter_id", "invitee_member_id", "invitee_email", "target_kind", "target_id", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INVITER_ID_FIELD_NUMBER: _ClassVar[int]
    INVITEE_MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    INVITEE_EMAIL_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    inviter_id: str
    invitee_member_id: str
    invitee_email: str
    target_kind: _types_pb2.InvitationTargetKind
    target_id: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., inviter_id: _Optional[str] = ..., invitee_member_id: _Optional[str] = ..., invitee_email: _Optional[str] = ..., target_kind: _Optional[_Union[_types_pb2.InvitationTargetKind, str]] = ..., target_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class SendInvitationResponse(_message.Message):
    __slots__ = ("invitation",)
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class ClaimInvitationRequest(_message.Message):
    __slots__ = ("request_id", "invitation_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    invitation_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., invitation_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class ClaimInvitationResponse(_message.Message):
    __slots__ = ("invitation",)
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class DeclineInvitationRequest(_message.Message):
    __slots__ = ("request_id", "invitation_id", "member_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    invitation_id: str
    member_id: str
    def __init__(self, request_id: _Optional[str] = ..., invitation_id: _Optional[str] = ..., member_id: _Optional[str] = ...) -> None: ...

class DeclineInvitationResponse(_message.Message):
    __slots__ = ("invitation",)
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class GetInvitationRequest(_message.Message):
    __slots__ = ("invitation_id",)
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    invitation_id: str
    def __init__(self, invitation_id: _Optional[str] = ...) -> None: ...

class GetInvitationResponse(_message.Message):
    __slots__ = ("invitation",)
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class ListInvitationsRequest(_message.Message):
    __slots__ = ("member_id", "direction", "statuses", "page_size", "page_token")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    direction: InvitationDirection
    statuses: _containers.RepeatedScalarFieldContainer[_types_pb2.InvitationStatus]
    page_size: int
    page_token: str
    def __init__(self, member_id: _Optional[str] = ..., direction: _Optional[_Union[InvitationDirection, str]] = ..., statuses: _Optional[_Iterable[_Union[_types_pb2.InvitationStatus, str]]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListInvitationsResponse(_message.Message):
    __slots__ = ("invitations", "next_page_token")
    INVITATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    invitations: _containers.RepeatedCompositeFieldContainer[Invitation]
    next_page_token: str
    def __init__(self, invitations: _Optional[_Iterable[_Union[Invitation, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class InvitationTally(_message.Message):
    __slots__ = ("inviter", "sent", "accepted", "declined", "open")
    INVITER_FIELD_NUMBER: _ClassVar[int]
    SENT_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DECLINED_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    inviter: _types_pb2.MemberSummary
    sent: int
    accepted: int
    declined: int
    open: int
    def __init__(self, inviter: _Optional[_Union[_types_pb2.MemberSummary, _Mapping]] = ..., sent: _Optional[int] = ..., accepted: _Optional[int] = ..., declined: _Optional[int] = ..., open: _Optional[int] = ...) -> None: ...

class GetInvitationReportRequest(_message.Message):
    __slots__ = ("target_kind", "target_id", "page_size", "page_token")
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    target_kind: _types_pb2.InvitationTargetKind
    target_id: str
    page_size: int
    page_token: str
    def __init__(self, target_kind: _Optional[_Union[_types_pb2.InvitationTargetKind, str]] = ..., target_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetInvitationReportResponse(_message.Message):
    __slots__ = ("target", "totals", "inviters", "next_page_token")
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    INVITERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    target: _types_pb2.InvitationTarget
    totals: InvitationTally
    inviters: _containers.RepeatedCompositeFieldContainer[InvitationTally]
    next_page_token: str
    def __init__(self, target: _Optional[_Union[_types_pb2.InvitationTarget, _Mapping]] = ..., totals: _Optional[_Union[InvitationTally, _Mapping]] = ..., inviters: _Optional[_Iterable[_Union[InvitationTally, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
