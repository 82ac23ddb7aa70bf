import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from offkai.notify.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RegisterChannelRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "kind", "address", "label")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    kind: _types_pb2.ChannelKind
    address: str
    label: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., kind: _Optional[_Union[_types_pb2.ChannelKind, str]] = ..., address: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class RegisterChannelResponse(_message.Message):
    __slots__ = ("channel", "signing_secret")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SIGNING_SECRET_FIELD_NUMBER: _ClassVar[int]
    channel: _types_pb2.Channel
    signing_secret: str
    def __init__(self, channel: _Optional[_Union[_types_pb2.Channel, _Mapping]] = ..., signing_secret: _Optional[str] = ...) -> None: ...

class VerifyChannelRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "channel_id", "code")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    channel_id: str
    code: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class VerifyChannelResponse(_message.Message):
    __slots__ = ("channel", "verified", "attempts_left")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_LEFT_FIELD_NUMBER: _ClassVar[int]
    channel: _types_pb2.Channel
    verified: bool
    attempts_left: int
    def __init__(self, channel: _Optional[_Union[_types_pb2.Channel, _Mapping]] = ..., verified: _Optional[bool] = ..., attempts_left: _Optional[int] = ...) -> None: ...

class ResendVerificationCodeRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "channel_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    channel_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., channel_id: _Optional[str] = ...) -> None: ...

class ResendVerificationCodeResponse(_message.Message):
    __slots__ = ("channel", "code_expires_at")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CODE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    channel: _types_pb2.Channel
    code_expires_at: _timestamp_pb2.Timestamp
    def __init__(self, channel: _Optional[_Union[_types_pb2.Channel, _Mapping]] = ..., code_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListChannelsRequest(_message.Message):
    __slots__ = ("member_id",)
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    def __init__(self, member_id: _Optional[str] = ...) -> None: ...

class ListChannelsResponse(_message.Message):
    __slots__ = ("channels",)
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedCompositeFieldContainer[_types_pb2.Channel]
    def __init__(self, channels: _Optional[_Iterable[_Union[_types_pb2.Channel, _Mapping]]] = ...) -> None: ...

class RemoveChannelRequest(_message.Message):
    __slots__ = ("request_id", "member_id", "channel_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    member_id: str
    channel_id: str
    def __init__(self, request_id: _Optional[str] = ..., member_id: _Optional[str] = ..., channel_id: _Optional[str] = ...) -> None: ...

class RemoveChannelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
