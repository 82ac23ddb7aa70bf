"""The HTML emails as members see them: each sample message (one per trigger,
and the other forms a trigger's message takes), in ja and en, rendered
by headless Chromium to a screenshot that must show laid-out text (not a
blank or broken page), with the message's key text in the rendered DOM.

Skipped, with the reason, where no Chromium is installed (Debian:
``apt-get install -y chromium``; elsewhere set OFFKAI_CHROMIUM to the
binary). Set OFFKAI_SCREENSHOT_DIR to keep the PNGs for a look.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from offkai_notify.render import render
from tests.notify.html_text import visible
from tests.notify.samples import LINKS, RECIPIENTS, SAMPLES

WIDTH, HEIGHT = 800, 1600
# Text is drawn in #1f2933 and #52606d; the page background is #f5f7fa.
DARK = 160


def _chromium() -> str | None:
    configured = os.environ.get("OFFKAI_CHROMIUM")
    if configured:
        return configured
    return next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium to render emails with: apt-get install -y chromium, or set OFFKAI_CHROMIUM",
)


def shoot(page: Path, png: Path, profile: Path) -> str:
    """Screenshot ``page`` into ``png``; returns the DOM as Chromium built it."""
    result = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            # No network here: background requests only flood the log with refusals.
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
            f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={png}", "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(profile)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.is_file(), result.stderr[-2000:]
    return result.stdout


def ink(png: Path) -> tuple[float, int]:
    """The share of dark (text) pixels, and how many pixel rows hold some."""
    image = Image.open(png).convert("L")
    assert image.size == (WIDTH, HEIGHT)
    dark = image.point(lambda v: 255 if v < DARK else 0)
    histogram = dark.histogram()
    ratio = histogram[255] / (WIDTH * HEIGHT)
    rows = sum(1 for y in range(HEIGHT) if dark.crop((0, y, WIDTH, y + 1)).getbbox())
    return ratio, rows


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> tuple[float, int]:
    where = tmp_path_factory.mktemp("blank")
    page = where / "blank.html"
    page.write_text("<!DOCTYPE html><html><body></body></html>")
    shoot(page, where / "blank.png", where / "profile")
    return ink(where / "blank.png")


@pytest.mark.parametrize("locale", ["ja", "en"])
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_the_html_email_renders_with_its_text_laid_out(sample, locale, tmp_path, blank):
    message, key = SAMPLES[sample]
    out = render(message, RECIPIENTS[locale], LINKS)
    page = tmp_path / f"{sample}.{locale}.html"
    page.write_text(out.html, encoding="utf-8")
    png = tmp_path / f"{sample}.{locale}.png"

    dom = shoot(page, png, tmp_path / "profile")

    # The key text is in the page Chromium built, as text a reader sees.
    assert key in " ".join(visible(dom).segments)
    # Not blank: text drawn, on many lines down the page.
    ratio, rows = ink(png)
    blank_ratio, blank_rows = blank
    assert blank_rows == 0 and blank_ratio == 0
    assert ratio > 0.004, f"almost nothing drawn ({ratio:.4f} of the pixels)"
    assert rows > 60, f"text on only {rows} pixel rows: not laid out as an email"
    keep = os.environ.get("OFFKAI_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)
