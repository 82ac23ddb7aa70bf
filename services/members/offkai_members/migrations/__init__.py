"""The members service's Alembic chain."""
