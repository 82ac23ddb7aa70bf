"""Errors the domain and handlers raise; the gRPC layer maps them to status codes
in one place (offkai_kit.grpc.status). Pure Python: the domain may import this."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    """One bad field: a dotted path into the request (``venue.stations[0].line``)
    and what is wrong with it, in words a caller can act on."""

    field: str
    description: str


class OffkaiError(Exception):
    """Base of every error a caller should see as a precise status."""

    def __init__(self, message: str, violations: Iterable[FieldViolation] = ()):
        super().__init__(message)
        self.message = message
        self.violations = tuple(violations)


class InvalidArgument(OffkaiError):
    """The request itself is malformed (maps to INVALID_ARGUMENT + BadRequest)."""

    def __init__(self, violations: Iterable[FieldViolation] | FieldViolation, message: str = ""):
        if isinstance(violations, FieldViolation):
            violations = (violations,)
        violations = tuple(violations)
        if not violations:
            raise ValueError("InvalidArgument needs at least one field violation")
        summary = message or "; ".join(f"{v.field}: {v.description}" for v in violations)
        super().__init__(summary, violations)

    @classmethod
    def field(cls, field: str, description: str) -> InvalidArgument:
        return cls(FieldViolation(field, description))


class FailedPrecondition(OffkaiError):
    """A well-formed request that the current state forbids (e.g. RSVP to a cancelled
    meetup). Violations, when given, are reported as PreconditionFailure details."""


class NotFound(OffkaiError):
    """The thing the request names does not exist."""


class AlreadyExists(OffkaiError):
    """The thing the request would create exists already."""


class Conflict(OffkaiError):
    """A concurrent change won; the caller may retry (ABORTED)."""


class PermissionDenied(OffkaiError):
    """The caller is known but may not do this."""


class Unauthenticated(OffkaiError):
    """The caller could not be identified (missing, bad or expired token)."""


class Unavailable(OffkaiError):
    """Infrastructure is away (the database unreachable, its disk full or read-only):
    nothing was done, and the same request may be retried (maps to UNAVAILABLE)."""

    def __init__(self, message: str, retry_after_seconds: float = 1.0):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class ResourceExhausted(OffkaiError):
    """The caller sent too much too fast; retry after ``retry_after_seconds``."""

    def __init__(self, message: str, retry_after_seconds: float = 1.0):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class Violations:
    """Collects field violations so a handler reports every bad field at once.

    >>> v = Violations()
    >>> v.check(bool(title), "title", "must not be empty")
    >>> v.raise_if_any()
    """

    def __init__(self) -> None:
        self._found: list[FieldViolation] = []

    def add(self, field: str, description: str) -> None:
        self._found.append(FieldViolation(field, description))

    def check(self, ok: bool, field: str, description: str) -> bool:
        if not ok:
            self.add(field, description)
        return ok

    def __bool__(self) -> bool:
        return bool(self._found)

    def __iter__(self):
        return iter(self._found)

    def raise_if_any(self) -> None:
        if self._found:
            raise InvalidArgument(self._found)
