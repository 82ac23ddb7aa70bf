"""The events service's Alembic chain."""
