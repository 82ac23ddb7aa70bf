"""python -m offkai_kit.healthcheck: what the chart's helm test pods run. Its
SERVING path runs in tests/deploy/test_chart_boots.py against real services."""

from __future__ import annotations

from offkai_kit.healthcheck import main
from offkai_kit.ports import free_port


def test_nothing_listening_fails_with_the_reason(capsys):
    address = f"127.0.0.1:{free_port()}"
    assert main([address, "--service=offkai.events.v1.MeetupsService", "--timeout=1"]) == 1
    assert "UNAVAILABLE" in capsys.readouterr().err
