"""The CS information database's schema migrations (Alembic), run by
:func:`csvalue.pipeline.db_schema.upgrade` — ``csvalue db upgrade`` — never by hand.

To add a revision: copy the newest file of ``versions/``, give it the next number as
``revision`` with the previous one as ``down_revision``, write ``upgrade()`` and
``downgrade()`` with ``alembic.op``, record the new number in ``schema_version`` (so that
older csvalue releases refuse the database) and raise ``db_schema.SCHEMA_VERSION`` to it.
"""
