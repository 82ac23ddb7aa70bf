"""Test fixtures shared by every service's tests: a real nats-server on a free port,
real SQLite and PostgreSQL databases. Load with ``pytest_plugins = ["offkai_kit.testing.fixtures"]``."""
