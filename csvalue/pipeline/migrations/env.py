"""Alembic's entry point for csvalue's migrations.

csvalue runs them itself (:func:`csvalue.pipeline.db_schema.upgrade`) on a connection it has
already opened, inside a transaction that holds the schema lock; that connection comes in as
``config.attributes["connection"]`` and the migrations run inside its transaction, so a
failed upgrade leaves the database as it was.
"""

from alembic import context

from csvalue.pipeline.db_schema import VERSION_TABLE

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("csvalue's migrations run on a csvalue connection: use "
                       "`csvalue db upgrade --db URL`, not the alembic command")
context.configure(connection=connection, version_table=VERSION_TABLE,
                  transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
