"""Fixtures for the transport tests: see tests/notify/conftest.py (servers, logs)."""
