"""The schema is versioned by Alembic; csvalue 0.1.0 is locked out (schema version 2).

No table changes. csvalue 0.1.0 creates and widens the schema without a lock — two of its
writers starting together on an empty database can fail — and knows only schema version 1:
recording version 2 makes it refuse an upgraded database ("newer than this csvalue")
instead of writing to it next to the releases that lock.

Revision ID: 0002
Revises: 0001
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

schema_version = sa.table("schema_version", sa.column("version", sa.Integer),
                          sa.column("applied_at", sa.DateTime(timezone=True)))


def upgrade() -> None:
    op.bulk_insert(schema_version, [{"version": 2, "applied_at": datetime.now(timezone.utc)}])


def downgrade() -> None:
    op.execute(schema_version.delete().where(schema_version.c.version == 2))
