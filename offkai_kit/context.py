"""Per-request context carried in contextvars: who is calling and which request
chain this is. The gRPC interceptor sets it; the event store and handlers read it."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from offkai_kit.errors import Unauthenticated
from offkai_kit.principal import Principal


@dataclass(frozen=True)
class RequestContext:
    principal: Principal | None
    # Shared by everything one original request caused, across services.
    correlation_id: str
    # The request or event that directly caused what happens now.
    causation_id: str


_current: ContextVar[RequestContext | None] = ContextVar("offkai_request", default=None)


def new_id() -> str:
    return str(uuid.uuid4())


def current() -> RequestContext:
    """The current request context; a fresh anonymous one outside any request."""
    ctx = _current.get()
    if ctx is None:
        ident = new_id()
        ctx = RequestContext(principal=None, correlation_id=ident, causation_id=ident)
    return ctx


def current_principal() -> Principal:
    ctx = _current.get()
    if ctx is None or ctx.principal is None:
        raise Unauthenticated("this call needs a bearer token")
    return ctx.principal


def bind(ctx: RequestContext):
    """Make ``ctx`` current; returns a token for ``reset``."""
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)
