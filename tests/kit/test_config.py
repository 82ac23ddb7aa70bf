"""Settings come from OFFKAI_* variables; a bad value stops start-up naming it."""

from __future__ import annotations

import pytest

from offkai_kit.config import ConfigError, ServiceSettings, load_settings
from offkai_members.config import MembersSettings


def test_defaults_need_no_configuration(monkeypatch, tmp_path):
    monkeypatch.setenv("OFFKAI_DATA_DIR", str(tmp_path))
    settings = load_settings(MembersSettings, service_name="members")
    assert settings.grpc_port == 50052
    assert settings.resolved_database_url == f"sqlite+aiosqlite:///{tmp_path.resolve() / 'members.db'}"
    assert settings.nats_url.startswith("nats://")


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("OFFKAI_GRPC_PORT", "6000")
    monkeypatch.setenv("OFFKAI_JWT_ALGORITHMS", '["RS256"]')
    monkeypatch.setenv("OFFKAI_JWT_PUBLIC_KEY", "/keys/jwt.pem")
    monkeypatch.setenv("OFFKAI_CONSUMER_BACKOFF_SECONDS", "[1, 10]")
    settings = load_settings(ServiceSettings)
    assert (settings.grpc_port, settings.jwt_algorithms, settings.consumer_backoff_seconds) == (6000, ["RS256"], [1, 10])


def test_bad_values_name_their_variables(monkeypatch):
    monkeypatch.setenv("OFFKAI_GRPC_PORT", "fifty")
    monkeypatch.setenv("OFFKAI_NATS_URL", "http://nats:4222")
    monkeypatch.setenv("OFFKAI_DATABASE_URL", "postgresql://db/offkai")
    with pytest.raises(ConfigError) as failed:
        load_settings(ServiceSettings)
    message = str(failed.value)
    assert "OFFKAI_GRPC_PORT" in message and "'fifty'" in message
    assert "OFFKAI_NATS_URL" in message and "nats://" in message
    assert "OFFKAI_DATABASE_URL" in message and "postgresql+asyncpg://" in message


def test_asymmetric_algorithms_need_a_public_key(monkeypatch):
    monkeypatch.setenv("OFFKAI_JWT_ALGORITHMS", '["ES256"]')
    with pytest.raises(ConfigError, match="OFFKAI_JWT_PUBLIC_KEY"):
        load_settings(ServiceSettings)


def test_service_exits_with_the_message_not_a_traceback(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "offkai_members"],
        env={"OFFKAI_GRPC_PORT": "-3", "OFFKAI_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "OFFKAI_GRPC_PORT" in result.stderr and "Traceback" not in result.stderr
