"""The notify service's Alembic chain."""
