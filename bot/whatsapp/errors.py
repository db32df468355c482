"""Errors of the WhatsApp Cloud API, keyed by Graph API code, each with what to do about it.

Our exception hierarchy:

* WhatsAppError              any error the Graph API answered (or a call that never got one)
  + AuthorizationError       0, 3, 10, 190, 200-299: token or permission; retry after fixing
  + RateLimited              4, 80007, 130429, 131048, 131056: retry later
  + ReEngagementRequired     131047: the 24-hour window is closed; template, hold the message
  + Undeliverable            131026, 131050: blocked, not on WhatsApp, stopped our messages
  + UnsupportedMessage       131051: a message type WhatsApp can't carry (or the user sent)
  + MediaError               131052, 131053: media could not be downloaded or uploaded
  + TemplateError            132000-132016: template missing, paused or wrong parameters
  + InvalidRequest           100, 131008, 131009, 131021: our request is wrong; don't retry
  + TemporaryFailure         1, 2, 131000, 131016, 133004, 5xx, timeouts, connection errors

`WhatsAppError.from_dict(error)` picks the class by the `code` of a Graph API error object
(`{"error": {"code": 131047, "message": ..., "error_data": {"details": ...}}}`, or an entry of
a failed status's `errors`); an unknown code gives the root class, whose `action` is decided
by the HTTP status. `action` says what the sender does: `Action`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import cache
from typing import Any, ClassVar


class Action(StrEnum):
    """What a failed send leads to."""

    RETRY_LATER = "retry_later"
    """Keep the message queued and try again after a pause (rate limits, outages)."""
    TEMPLATE_AND_HOLD = "template_and_hold"
    """Hold the message, send the approved template; deliver it when the user replies."""
    MARK_UNREACHABLE = "mark_unreachable"
    """The user can't be reached: hold their messages and send nothing until they write."""
    FAIL = "fail"
    """This message can never be sent as it is: record the failure, go on with the next."""


class WhatsAppError(Exception):
    """Root of the Cloud API's errors: `code`, `message`, `details`, HTTP `status`."""

    codes: ClassVar[Iterable[int]] = ()
    default_action: ClassVar[Action | None] = None

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        details: str | None = None,
        status: int | None = None,
        trace_id: str | None = None,
    ) -> None:
        super().__init__(message if code is None else f"({code}) {message}")
        self.code = code
        self.message = message
        self.details = details
        self.status = status
        self.trace_id = trace_id

    @property
    def action(self) -> Action:
        """What to do about this error (an unknown code: retry on 5xx, else give up)."""
        if self.default_action is not None:
            return self.default_action
        if self.status is None or self.status >= 500 or self.status == 429:
            return Action.RETRY_LATER
        return Action.FAIL

    @classmethod
    def from_dict(cls, error: Mapping[str, Any], *, status: int | None = None) -> WhatsAppError:
        """Return the error of a Graph API error object, as the subclass of its code."""
        raw_code = error.get("code")
        try:
            code: int | None = int(raw_code) if raw_code is not None else None
        except (TypeError, ValueError):
            code = None
        data = error.get("error_data")
        details = data.get("details") if isinstance(data, Mapping) else None
        message = str(error.get("message") or error.get("title") or "WhatsApp error")
        kind = _by_code().get(code, WhatsAppError) if code is not None else WhatsAppError
        return kind(
            message,
            code=code,
            details=str(details) if details is not None else None,
            status=status,
            trace_id=error.get("fbtrace_id"),
        )


class AuthorizationError(WhatsAppError):
    """The access token is wrong, expired or lacks a permission: an operator must fix it."""

    codes = (0, 3, 10, 190, *range(200, 300))
    default_action = Action.RETRY_LATER


class RateLimited(WhatsAppError):
    """Too many messages: for the app, the number, or to this one user. Try again later."""

    codes = (4, 80007, 130429, 131048, 131056)
    default_action = Action.RETRY_LATER


class ReEngagementRequired(WhatsAppError):
    """More than 24 hours since the user's last message: only a template may be sent."""

    codes = (131047,)
    default_action = Action.TEMPLATE_AND_HOLD


class Undeliverable(WhatsAppError):
    """The user can't get our messages (blocked us, left WhatsApp, stopped our messages)."""

    codes = (131026, 131050)
    default_action = Action.MARK_UNREACHABLE


class UnsupportedMessage(WhatsAppError):
    """A message type WhatsApp does not support (also reported on what a user sent)."""

    codes = (131051,)
    default_action = Action.FAIL


class MediaError(WhatsAppError):
    """Media could not be downloaded (131052) or uploaded (131053)."""

    codes = (131052, 131053)
    default_action = Action.FAIL


class TemplateError(WhatsAppError):
    """The template does not exist in that language, is paused, or its parameters are wrong."""

    codes = (132000, 132001, 132005, 132007, 132008, 132012, 132015, 132016)
    default_action = Action.FAIL


class InvalidRequest(WhatsAppError):
    """Our request is malformed or names what doesn't exist: sending it again won't help."""

    codes = (100, 131008, 131009, 131021)
    default_action = Action.FAIL


class TemporaryFailure(WhatsAppError):
    """WhatsApp or the network failed for now (also: a timeout, a 5xx without an error)."""

    codes = (1, 2, 131000, 131016, 133004)
    default_action = Action.RETRY_LATER


@cache
def _by_code() -> Mapping[int, type[WhatsAppError]]:
    return {code: kind for kind in WhatsAppError.__subclasses__() for code in kind.codes}
