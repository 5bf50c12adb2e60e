"""a requested document ticks off when a document is attached; packets made are kept

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("call_requested_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_call_requested_document_document_id_document"),
            "document",
            ["document_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "packet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("sections", sa.Text(), nullable=False),
        sa.Column("redacted", sa.Boolean(), nullable=False),
        sa.Column("paper", sa.String(length=10), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_file", sa.String(length=300), nullable=False),
        sa.Column("sent_on", sa.String(length=40), nullable=True),
        sa.Column("sent_via", sa.String(length=20), nullable=True),
        sa.Column("sent_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_packet_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["case_.id"], name=op.f("fk_packet_case_id_case_"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_packet")),
    )
    with op.batch_alter_table("packet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_packet_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_packet_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("packet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_packet_case_id"))
        batch_op.drop_index(batch_op.f("ix_packet_person_id"))
    op.drop_table("packet")
    with op.batch_alter_table("call_requested_document", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_call_requested_document_document_id_document"), type_="foreignkey")
        batch_op.drop_column("document_id")
