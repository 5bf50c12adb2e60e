"""Alembic migrations of the TrialLog schema; applied in code by `storage.db.migrate`."""
