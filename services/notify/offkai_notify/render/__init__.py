"""Rendering a message for one recipient: subject, HTML email, plain-text
email and chat-sized text, in the recipient's language and time zone.

Templates live in ``offkai_notify/templates``: one file per trigger and
locale (``ja/reminder.j2``) with the blocks ``subject``, ``body`` and
``chat``. The body is written once, with the macros of ``_ui.<format>.j2``
(paragraphs, facts, the meetup card, access, checklist, buttons), and rendered
twice: through ``_layout.html.j2`` in an autoescaping environment and through
``_layout.text.j2`` in a plain one. So the HTML and the plain text carry the
same information by construction; a trigger template holds no markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import jinja2
import markupsafe

from offkai_notify.domain.categories import category_of
from offkai_notify.domain.model import LOCALES, Trigger
from offkai_notify.render.formatting import Formatter
from offkai_notify.render.messages import Links, Message, Recipient

DEFAULT_LOCALE = "ja"
# A member's zone until their profile names one.
DEFAULT_TIMEZONE = "Asia/Tokyo"


def locale_of(chosen: str, profile_locale: str) -> str:
    """The language a member reads: their notify choice, else their profile's,
    else the default."""
    locale = chosen or profile_locale
    return locale if locale in LOCALES else DEFAULT_LOCALE
# Discord allows 2000 characters; LINE and Slack more. Long chat messages
# are cut here, with the meetup link kept by the templates' own brevity.
MAX_CHAT = 1_000


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str
    chat: str


def _each(values, function) -> list:
    """``stations | each(w.station)``: a macro applied to every item."""
    return [function(value) for value in values]


@cache
def _environment(html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("offkai_notify", "templates"),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # Templates ship with the code: no stat of every file on every render.
        auto_reload=False,
    )
    env.filters["each"] = _each
    return env


@cache
def _words(locale: str, html: bool):
    """The locale's ``_words.j2`` macros, made once per environment: the HTML
    one's escape what they are given (``w.hello(name)``: the member's own name)."""
    return _environment(html).get_template(f"{locale}/_words.j2").module


def _tidy_text(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _meetup_url(message: Message, links: Links) -> str:
    meetup = getattr(message, "meetup", None)
    return f"{links.app_url}/meetups/{meetup.meetup_id}" if meetup is not None else ""


def _community_url(message: Message, links: Links) -> str:
    community = getattr(message, "community", None)
    return f"{links.app_url}/communities/{community.community_id}" if community is not None else ""


def _claim_url(message: Message, links: Links) -> str:
    """An emailed invitation's link: the page that claims it (ClaimInvitation)."""
    invitation_id = getattr(message, "invitation_id", "")
    return f"{links.app_url}/invitations/{invitation_id}" if invitation_id else ""


PARTS = frozenset({"subject", "html", "text", "chat"})


def render(message: Message, recipient: Recipient, links: Links, parts: frozenset[str] = PARTS) -> Rendered:
    """The message for ``recipient``; only the ``parts`` asked for are made
    (the others are empty): a chat channel needs no HTML."""
    return _finish(_run(message, recipient, links, parts))


def _run(message: Message, recipient: Recipient, links: Links, parts: frozenset[str]) -> dict[str, str]:
    """The templates' output for each part, before tidying."""
    locale = recipient.locale if recipient.locale in LOCALES else DEFAULT_LOCALE
    name = f"{locale}/{message.trigger.value}.j2"
    plain, html = _environment(False), _environment(True)
    context = {
        "m": message,
        "r": recipient,
        "links": links,
        "locale": locale,
        "fmt": Formatter(locale, recipient.timezone),
        "category": category_of(message.trigger),
        "meetup_url": _meetup_url(message, links),
        "community_url": _community_url(message, links),
        "claim_url": _claim_url(message, links),
        # An emailed invitation's footer link: no more invitation emails to the address.
        "opt_out_url": links.unsubscribe_url if message.trigger is Trigger.INVITATION_EMAILED else "",
    }
    layouts = {"subject": (plain, "_layout.subject.j2"), "html": (html, "_layout.html.j2"),
               "text": (plain, "_layout.text.j2"), "chat": (plain, "_layout.chat.j2")}
    return {part: env.get_template(name).render(context, layout=layout, w=_words(locale, env.autoescape))
            for part, (env, layout) in layouts.items() if part in parts}


def _finish(raw: dict[str, str]) -> Rendered:
    chat = ""
    if "chat" in raw:
        chat = _tidy_text(raw["chat"]).strip()
        if len(chat) > MAX_CHAT:
            chat = chat[: MAX_CHAT - 1].rstrip() + "…"
    return Rendered(
        subject=_one_line(raw["subject"]) if "subject" in raw else "",
        html=raw.get("html", ""),
        text=_tidy_text(raw["text"]) if "text" in raw else "",
        chat=chat,
    )


# Stand-ins for what differs between the recipients of one message: characters
# of Unicode's private use area, which no escaping changes and no template adds.
_MARK = "\ue000"
_NAME, _MEMBER, _UNSUBSCRIBE = (f"{_MARK}{what}\ue001" for what in ("name", "member", "unsubscribe"))


class Renderings:
    """Renders each message once per (locale, zone, parts) and fills in each
    recipient's own: their name, member id and unsubscribe link — what a
    fan-out to thousands of recipients otherwise renders thousands of times.

    The templates only print those values (an empty one is a case of its own,
    rendered on its own), so the template's output with stand-ins, the values
    put in their place (HTML-escaped in the HTML part) and then tidied, is
    exactly what ``render`` makes; a message or recipient that carries a
    stand-in's character itself is rendered in full."""

    def __init__(self) -> None:
        self._made: dict[tuple, dict[str, str]] = {}

    def render(self, key: str, message: Callable[[], Message], recipient: Recipient, links: Links,
               parts: frozenset[str] = PARTS) -> Rendered:
        """``message`` (made by calling it, once per ``key``: the stored message)
        for ``recipient``, as ``render`` makes it."""
        own = (recipient.display_name, recipient.member_id, links.unsubscribe_url)
        if _MARK in key or "\\ue000" in key.lower() or any(_MARK in value for value in own):
            return render(message(), recipient, links, parts)
        shape = (key, recipient.locale, recipient.timezone, parts, links.app_url, links.preferences_url,
                 *(bool(value) for value in own))
        raw = self._made.get(shape)
        if raw is None:
            stand_in = replace(recipient, display_name=_NAME if recipient.display_name else "",
                               member_id=_MEMBER if recipient.member_id else "")
            stand_in_links = replace(links, unsubscribe_url=_UNSUBSCRIBE if links.unsubscribe_url else "")
            raw = self._made[shape] = _run(message(), stand_in, stand_in_links, parts)
        return _finish({part: _fill(text, own, escape=part == "html") for part, text in raw.items()})


def _fill(text: str, own: tuple[str, str, str], *, escape: bool) -> str:
    if _MARK not in text:
        return text
    for mark, value in zip((_NAME, _MEMBER, _UNSUBSCRIBE), own, strict=True):
        text = text.replace(mark, str(markupsafe.escape(value)) if escape else value)
    return text


__all__ = ["LOCALES", "PARTS", "Links", "Recipient", "Rendered", "Renderings", "render"]
