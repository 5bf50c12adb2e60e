"""an index on every key that a deletion sets to NULL (a prescriber's, a plan's, a trial's, a case's, a document's)

Without them, deleting a prescriber, a plan, a trial, a case or a document scans every row of the tables
that point to it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 02:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = (
    ("trial", "prescriber_id"),
    ("trial", "coverage_id"),
    ("case_", "coverage_id"),
    ("case_", "prescriber_id"),
    ("document", "trial_id"),
    ("document", "case_id"),
    ("call_requested_document", "document_id"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)


def downgrade() -> None:
    for table, column in INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
