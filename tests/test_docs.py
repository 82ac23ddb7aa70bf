"""Docs that must stay true to the code."""

from pathlib import Path

from offkai_kit.config import ServiceSettings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented():
    text = (ROOT / "docs" / "operations.md").read_text()
    missing = [
        f"OFFKAI_{name.upper()}"
        for name, field in ServiceSettings.model_fields.items()
        if not field.exclude and f"OFFKAI_{name.upper()}" not in text
    ]
    assert not missing, f"docs/operations.md does not mention {missing}"


def test_every_notify_setting_is_documented():
    from offkai_notify.config import NotifySettings

    text = (ROOT / "docs" / "notify.md").read_text()
    own = set(NotifySettings.model_fields) - set(ServiceSettings.model_fields)
    missing = [f"OFFKAI_{name.upper()}" for name in sorted(own) if f"OFFKAI_{name.upper()}" not in text]
    assert not missing, f"docs/notify.md does not mention {missing}"


def test_readme_gives_the_two_commands():
    text = (ROOT / "README.md").read_text()
    assert "make run" in text and "make test" in text
    assert "make test" in (ROOT / ".ci" / "run").read_text()
