"""Each respondent's survey weight (schema version 3).

Adds ``respondents.weight`` (a float): the weight every estimate of that respondent's wave
used — the codebook's weight column, the raked weight, or 1 for an unweighted wave. Waves
stored before this revision were analysed unweighted, so their rows get 1.

Revision ID: 0003
Revises: 0002
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

schema_version = sa.table("schema_version", sa.column("version", sa.Integer),
                          sa.column("applied_at", sa.DateTime(timezone=True)))


def upgrade() -> None:
    op.add_column("respondents", sa.Column("weight", sa.Float))
    op.execute(sa.text("UPDATE respondents SET weight = 1.0"))
    op.bulk_insert(schema_version, [{"version": 3, "applied_at": datetime.now(timezone.utc)}])


def downgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.drop_column("weight")
    op.execute(schema_version.delete().where(schema_version.c.version == 3))
