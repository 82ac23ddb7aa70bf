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
from dataclasses import dataclass
from functools import cache

import jinja2

from offkai_notify.domain.categories import category_of
from offkai_notify.domain.model import LOCALES
from offkai_notify.render.formatting import Formatter
from offkai_notify.render.messages import Links, Message, Recipient

DEFAULT_LOCALE = "ja"
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
    )
    env.filters["each"] = _each
    return env


def _tidy_text(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _meetup_url(message: Message, links: Links) -> str:
    meetup = getattr(message, "meetup", None)
    return f"{links.app_url}/meetups/{meetup.meetup_id}" if meetup is not None else ""


def render(message: Message, recipient: Recipient, links: Links) -> Rendered:
    locale = recipient.locale if recipient.locale in LOCALES else DEFAULT_LOCALE
    name = f"{locale}/{message.trigger.value}.j2"
    plain, html = _environment(False), _environment(True)
    words = plain.get_template(f"{locale}/_words.j2").module
    context = {
        "m": message,
        "r": recipient,
        "links": links,
        "locale": locale,
        "w": words,
        "fmt": Formatter(locale, recipient.timezone),
        "category": category_of(message.trigger),
        "meetup_url": _meetup_url(message, links),
    }

    def run(env: jinja2.Environment, layout: str) -> str:
        return env.get_template(name).render(context, layout=layout)

    chat = _tidy_text(run(plain, "_layout.chat.j2")).strip()
    if len(chat) > MAX_CHAT:
        chat = chat[: MAX_CHAT - 1].rstrip() + "…"
    return Rendered(
        subject=_one_line(run(plain, "_layout.subject.j2")),
        html=run(html, "_layout.html.j2"),
        text=_tidy_text(run(plain, "_layout.text.j2")),
        chat=chat,
    )


__all__ = ["LOCALES", "Links", "Recipient", "Rendered", "render"]
