"""exchange format version 2: time zones, plan contact block, authority, notice dates, claims, goal, difficulty

A case's grounds become claims that still need their drug and proof, and a case's first denial
takes the case's denial date as the date on its notice: the same two rules by which version 2
reads a version 1 file, so an upgraded database and a re-imported export agree.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length=length)
    return sa.Column(name, kind, nullable=False, server_default="")


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rep_authority_kind", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("rep_authority_signed", sa.String(length=10), nullable=True))
        batch_op.add_column(_text("time_zone", 64))
    with op.batch_alter_table("coverage", schema=None) as batch_op:
        batch_op.add_column(_text("contact_phone", 60))
        batch_op.add_column(_text("contact_fax", 60))
        batch_op.add_column(_text("appeals_address"))
        batch_op.add_column(_text("appeals_fax", 60))
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("difficulty", sa.Integer(), nullable=True))
    with op.batch_alter_table("measure_definition", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal", sa.Float(), nullable=True))
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_date", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("received", sa.String(length=10), nullable=True))

    op.create_table(
        "case_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("ground", sa.String(length=40), nullable=False),
        sa.Column("required_drug", sa.String(length=200), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_.id"], name=op.f("fk_case_claim_case_id_case_"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_claim")),
    )
    with op.batch_alter_table("case_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_claim_case_id"), ["case_id"], unique=False)
    op.create_table(
        "case_claim_trial",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["case_claim.id"], name=op.f("fk_case_claim_trial_claim_id_case_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["trial_id"], ["trial.id"], name=op.f("fk_case_claim_trial_trial_id_trial"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_claim_trial")),
    )
    with op.batch_alter_table("case_claim_trial", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_claim_trial_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_claim_trial_trial_id"), ["trial_id"], unique=False)

    # Each recorded ground becomes a claim with no drug and no proof yet, in the order it was entered.
    op.execute(
        "INSERT INTO case_claim (case_id, ground, required_drug, explanation, created_at, updated_at) "
        "SELECT case_id, ground, '', '', created_at, updated_at FROM case_ground ORDER BY id"
    )
    # A case's first denial (events are stored oldest first) is dated by the case's denial date.
    op.execute(
        "UPDATE case_event SET notice_date = (SELECT denial_date FROM case_ WHERE case_.id = case_event.case_id) "
        "WHERE status = 'denied' AND notice_date IS NULL "
        "AND id = (SELECT MIN(e.id) FROM case_event AS e WHERE e.case_id = case_event.case_id AND e.status = 'denied')"
    )
    with op.batch_alter_table("case_ground", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_ground_case_id"))
    op.drop_table("case_ground")


def downgrade() -> None:
    op.create_table(
        "case_ground",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("ground", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_.id"], name=op.f("fk_case_ground_case_id_case_"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_ground")),
    )
    with op.batch_alter_table("case_ground", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_ground_case_id"), ["case_id"], unique=False)
    # Version 1 knew only the four first grounds, each once per case.
    op.execute(
        "INSERT INTO case_ground (case_id, ground, created_at, updated_at) "
        "SELECT case_id, ground, MIN(created_at), MIN(updated_at) FROM case_claim "
        "WHERE ground != 'not_in_best_interest' GROUP BY case_id, ground ORDER BY MIN(id)"
    )
    with op.batch_alter_table("case_claim_trial", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_claim_trial_trial_id"))
        batch_op.drop_index(batch_op.f("ix_case_claim_trial_claim_id"))
    op.drop_table("case_claim_trial")
    with op.batch_alter_table("case_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_claim_case_id"))
    op.drop_table("case_claim")
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later): a batch copy would drop and recreate the
    # person table, and with foreign keys on that deletes every row that refers to it.
    for table, columns in (
        ("case_event", ("received", "notice_date")),
        ("measure_definition", ("goal",)),
        ("measurement", ("difficulty",)),
        ("coverage", ("appeals_fax", "appeals_address", "contact_fax", "contact_phone")),
        ("person", ("time_zone", "rep_authority_signed", "rep_authority_kind")),
    ):
        for column in columns:
            op.drop_column(table, column)
