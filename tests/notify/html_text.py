"""The text a reader sees in an HTML email, for tests that compare it."""

from __future__ import annotations

from html.parser import HTMLParser


class _Visible(HTMLParser):
    """The text a reader sees in the body, node by node, and every link."""

    def __init__(self):
        super().__init__()
        self.segments: list[str] = []
        self.hrefs: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "title"):
            self._hidden += 1
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in ("head", "style", "title"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.segments.append(" ".join(data.split()))


def visible(html: str) -> _Visible:
    parser = _Visible()
    parser.feed(html)
    return parser
