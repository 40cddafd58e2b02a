"""Alembic migrations, run programmatically by ``server.migrate``."""
