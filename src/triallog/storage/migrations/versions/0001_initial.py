"""the initial schema: every entity of exchange format version 1

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 11:34:32.962246
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_folded", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.String(length=10), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("rep_name", sa.String(length=200), nullable=True),
        sa.Column("rep_relationship", sa.String(length=100), nullable=False),
        sa.Column("rep_phone", sa.String(length=60), nullable=False),
        sa.Column("rep_authority", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("name_folded", name=op.f("uq_person_name_folded")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "coverage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=200), nullable=False),
        sa.Column("plan_name", sa.String(length=200), nullable=False),
        sa.Column("plan_type", sa.String(length=30), nullable=True),
        sa.Column("member_id", sa.String(length=100), nullable=False),
        sa.Column("group_number", sa.String(length=100), nullable=False),
        sa.Column("rx_bin", sa.String(length=30), nullable=False),
        sa.Column("rx_pcn", sa.String(length=30), nullable=False),
        sa.Column("rx_group", sa.String(length=60), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_coverage_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverage")),
    )
    with op.batch_alter_table("coverage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coverage_person_id"), ["person_id"], unique=False)

    op.create_table(
        "measure_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("min", sa.Float(), nullable=True),
        sa.Column("max", sa.Float(), nullable=True),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_measure_definition_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_definition")),
    )
    with op.batch_alter_table("measure_definition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_definition_person_id"), ["person_id"], unique=False)

    op.create_table(
        "measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=200), nullable=False),
        sa.Column("taken", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("score_is_integer", sa.Boolean(), nullable=False),
        sa.Column("items", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_measurement_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement")),
    )
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measurement_person_instrument_taken", ["person_id", "instrument", "taken"], unique=False
        )

    op.create_table(
        "prescriber",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("specialty", sa.String(length=200), nullable=False),
        sa.Column("practice", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("fax", sa.String(length=60), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_prescriber_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescriber")),
    )
    with op.batch_alter_table("prescriber", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prescriber_person_id"), ["person_id"], unique=False)

    op.create_table(
        "case_",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("coverage_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=True),
        sa.Column("requested_drug", sa.String(length=200), nullable=False),
        sa.Column("requested_strength", sa.String(length=100), nullable=False),
        sa.Column("requested_dose", sa.Text(), nullable=False),
        sa.Column("quantity", sa.String(length=100), nullable=False),
        sa.Column("days_supply", sa.Integer(), nullable=True),
        sa.Column("diagnosis", sa.Text(), nullable=False),
        sa.Column("diagnosis_code", sa.String(length=10), nullable=False),
        sa.Column("prescriber_id", sa.Integer(), nullable=True),
        sa.Column("denial_date", sa.String(length=10), nullable=True),
        sa.Column("denial_reference", sa.String(length=200), nullable=False),
        sa.Column("denial_text", sa.Text(), nullable=False),
        sa.Column("urgency", sa.String(length=30), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coverage_id"], ["coverage.id"], name=op.f("fk_case__coverage_id_coverage"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_case__person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["prescriber_id"], ["prescriber.id"], name=op.f("fk_case__prescriber_id_prescriber"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_")),
    )
    with op.batch_alter_table("case_", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case__person_id"), ["person_id"], unique=False)

    op.create_table(
        "trial",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("drug", sa.String(length=200), nullable=False),
        sa.Column("brand", sa.String(length=200), nullable=False),
        sa.Column("strength", sa.String(length=100), nullable=False),
        sa.Column("dose", sa.Text(), nullable=False),
        sa.Column("route", sa.String(length=100), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("indication", sa.Text(), nullable=False),
        sa.Column("indication_code", sa.String(length=10), nullable=False),
        sa.Column("prescriber_id", sa.Integer(), nullable=True),
        sa.Column("coverage_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("reason_stopped", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coverage_id"], ["coverage.id"], name=op.f("fk_trial_coverage_id_coverage"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_trial_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["prescriber_id"], ["prescriber.id"], name=op.f("fk_trial_prescriber_id_prescriber"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial")),
    )
    with op.batch_alter_table("trial", schema=None) as batch_op:
        batch_op.create_index("ix_trial_person_start", ["person_id", "start"], unique=False)

    op.create_table(
        "call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("when", sa.String(length=40), nullable=False),
        sa.Column("when_utc", sa.DateTime(), nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=True),
        sa.Column("party", sa.String(length=20), nullable=True),
        sa.Column("organization", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("representative", sa.String(length=200), nullable=False),
        sa.Column("reference_number", sa.String(length=200), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_.id"], name=op.f("fk_call_case_id_case_"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_call_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call")),
    )
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_call_person_when_utc", ["person_id", "when_utc"], unique=False)

    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("when", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_.id"], name=op.f("fk_case_event_case_id_case_"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
    )
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_event_case_id"), ["case_id"], unique=False)

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

    op.create_table(
        "case_required_drug",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("drug", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_.id"], name=op.f("fk_case_required_drug_case_id_case_"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_required_drug")),
    )
    with op.batch_alter_table("case_required_drug", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_required_drug_case_id"), ["case_id"], unique=False)

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("trial_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("stored_file", sa.String(length=300), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_.id"], name=op.f("fk_document_case_id_case_"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_document_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["trial_id"], ["trial.id"], name=op.f("fk_document_trial_id_trial"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_person_id"), ["person_id"], unique=False)

    op.create_table(
        "side_effect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=30), nullable=True),
        sa.Column("onset", sa.String(length=10), nullable=True),
        sa.Column("resolved", sa.String(length=10), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"], ["trial.id"], name=op.f("fk_side_effect_trial_id_trial"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_side_effect")),
    )
    with op.batch_alter_table("side_effect", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_side_effect_trial_id"), ["trial_id"], unique=False)

    op.create_table(
        "call_requested_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_call_requested_document_call_id_call"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_requested_document")),
    )
    with op.batch_alter_table("call_requested_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_requested_document_call_id"), ["call_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("call_requested_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_requested_document_call_id"))

    op.drop_table("call_requested_document")
    with op.batch_alter_table("side_effect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_side_effect_trial_id"))

    op.drop_table("side_effect")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_person_id"))

    op.drop_table("document")
    with op.batch_alter_table("case_required_drug", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_required_drug_case_id"))

    op.drop_table("case_required_drug")
    with op.batch_alter_table("case_ground", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_ground_case_id"))

    op.drop_table("case_ground")
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_event_case_id"))

    op.drop_table("case_event")
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.drop_index("ix_call_person_when_utc")
        batch_op.drop_index(batch_op.f("ix_call_case_id"))

    op.drop_table("call")
    with op.batch_alter_table("trial", schema=None) as batch_op:
        batch_op.drop_index("ix_trial_person_start")

    op.drop_table("trial")
    with op.batch_alter_table("case_", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case__person_id"))

    op.drop_table("case_")
    with op.batch_alter_table("prescriber", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prescriber_person_id"))

    op.drop_table("prescriber")
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.drop_index("ix_measurement_person_instrument_taken")

    op.drop_table("measurement")
    with op.batch_alter_table("measure_definition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_definition_person_id"))

    op.drop_table("measure_definition")
    with op.batch_alter_table("coverage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coverage_person_id"))

    op.drop_table("coverage")
    op.drop_table("person")
