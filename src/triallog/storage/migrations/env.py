"""Alembic environment: runs on the connection TrialLog hands over (never from a config file)."""

from __future__ import annotations

from alembic import context

from triallog.storage.orm import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("TrialLog migrations run from triallog.storage.db.migrate, which passes a connection")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
