"""The stored form of a message: JSON, one object per dataclass of
``render.messages``, tagged with its class name.

Instants are ISO 8601 with their offset, durations seconds, enums their
values, tuples lists. Decoding follows the dataclasses' own field types, so
a message read back equals the one stored.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from datetime import datetime, timedelta
from functools import cache

from offkai_notify.render import messages
from offkai_notify.render.messages import Message

_MESSAGE_TYPES = {cls.__name__: cls for cls in typing.get_args(Message)}


def encode(message: Message) -> str:
    return json.dumps({"type": type(message).__name__, "fields": _to_json(message)},
                      ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Message:
    data = json.loads(text)
    try:
        cls = _MESSAGE_TYPES[data["type"]]
    except KeyError:
        raise ValueError(f"not a stored message type: {data.get('type')!r}") from None
    return _from_json(cls, data["fields"])


def _to_json(value):
    if dataclasses.is_dataclass(value):
        return {field.name: _to_json(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} in a message")
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, tuple | list):
        return [_to_json(item) for item in value]
    return value


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls, vars(messages))


def _from_json(kind, value):
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _from_json(inner, value)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_from_json(item, element) for element in value)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{
            field.name: _from_json(hints[field.name], value[field.name])
            for field in dataclasses.fields(kind)
            if field.init and field.name in value
        })
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is timedelta:
        return timedelta(seconds=value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    return value
