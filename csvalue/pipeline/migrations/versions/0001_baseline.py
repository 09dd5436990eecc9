"""Baseline: the schema csvalue 0.1.0 wrote (schema version 1).

``waves`` (one row per stored wave), ``respondents`` (one row per respondent and wave: the
index and segment columns; item columns are added per codebook item as waves need them, not
by migrations), ``voc_private`` (free text, only when asked for) and ``schema_version``.
A database written by csvalue 0.1.0 already has all this: it is stamped with this revision,
not migrated.

Revision ID: 0001
Revises: -
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

INDEX_COLUMNS = ("cs100", "repurchase100", "recommend100", "nps_score", "cls", "cvi")
SEGMENT_COLUMNS = ("value_segment", "loyalty_tier", "disc_type")


def upgrade() -> None:
    version = op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "waves",
        sa.Column("wave", sa.String(100), primary_key=True),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("codebook", sa.Text, nullable=False),
        sa.Column("columns", sa.JSON, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("model", sa.JSON, nullable=False),
    )
    op.create_table(
        "respondents",
        sa.Column("wave", sa.String(100), sa.ForeignKey("waves.wave"), primary_key=True),
        sa.Column("resp_id", sa.String(100), primary_key=True),
        *(sa.Column(c, sa.Float) for c in INDEX_COLUMNS),
        *(sa.Column(c, sa.String(100)) for c in SEGMENT_COLUMNS),
    )
    op.create_table(
        "voc_private",
        sa.Column("wave", sa.String(100), sa.ForeignKey("waves.wave"), primary_key=True),
        sa.Column("resp_id", sa.String(100), primary_key=True),
        sa.Column("voc", sa.Text),
        comment="PRIVATE: verbatim customer comments; never published",
    )
    op.bulk_insert(version, [{"version": 1, "applied_at": datetime.now(timezone.utc)}])


def downgrade() -> None:
    for table in ("voc_private", "respondents", "waves", "schema_version"):
        op.drop_table(table)
