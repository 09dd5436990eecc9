"""What a database driver's error means, in words for the user.

PostgreSQL (psycopg) and SQLite report the same few faults in their own ways: a login
refused, a server unreachable or gone mid-way, a read-only database or login, a full disk, a
database that does not exist. :func:`fault_of` recognises them by the driver's error code
(SQLSTATE, SQLite error name) or, where the driver gives none (psycopg's connection errors),
by its message; :func:`describe_fault` turns one into the phrase that follows "the database
URL" in csvalue's messages (:func:`csvalue.pipeline.db_schema.faults`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa



@lru_cache(maxsize=1)
def driver_errors() -> tuple[type[BaseException], ...]:
    """Every exception a driver raises (also outside SQLAlchemy, e.g. psycopg's COPY);
    imported on first use, when an error is being handled."""
    import sqlite3

    found: list[type[BaseException]] = [sa.exc.DBAPIError, sqlite3.Error]
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    else:
        found.append(psycopg.Error)
    return tuple(found)


@dataclass(frozen=True)
class Fault:
    """A kind of database fault: what to tell the user, and how to recognise it — by the
    driver's error code (PostgreSQL SQLSTATE, SQLite error name) or, where the driver gives
    none (psycopg's connection errors), by a pattern of its message."""

    kind: str
    says: str
    codes: frozenset[str]
    pattern: str


# first match wins
FAULTS = (
    Fault("login", "refused the login", frozenset({"28P01", "28000"}),
          r"password authentication failed|no password supplied|authentication failed"),
    Fault("missing", "does not exist", frozenset({"3D000"}), r'database ".*" does not exist'),
    Fault("unreachable", "cannot be reached", frozenset(),
          r"connection refused|could not translate host name|timeout expired|no route to host"
          r"|name or service not known|network is unreachable"),
    Fault("full", "is full: there is no space left for the new rows",
          frozenset({"53100", "SQLITE_FULL"}), r"disk is full|no space left on device"),
    Fault("read-only", "refuses writes: it is read-only, or this login may only read",
          frozenset({"42501", "25006", "SQLITE_READONLY"}),
          r"permission denied|read-only transaction|readonly database"),
    Fault("lost", "went away mid-way: the connection to the server was lost",
          frozenset({"57P01", "57P02", "57P03", "08000", "08003", "08006"}),
          r"server closed the connection|terminating connection|connection is lost"
          r"|connection is closed|consuming input failed|connection already closed"
          r"|the database system is shutting down|ssl syscall error"),
    Fault("locked", "stayed locked by another writer for longer than csvalue waits",
          frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"}), r"database is locked"),
    Fault("unopenable", "cannot be opened", frozenset({"SQLITE_CANTOPEN"}),
          r"unable to open database file"),
)


def fault_of(exc: BaseException) -> tuple[Fault | None, str] | None:
    """(the kind of fault, the driver's message on one line) of a driver error — kind None
    when unrecognised; None when ``exc`` is not a driver error.

    Example
    -------
    >>> import sqlite3
    >>> fault, text = fault_of(sqlite3.OperationalError("attempt to write a readonly database"))
    >>> fault.kind, text
    ('read-only', 'attempt to write a readonly database')
    """
    if not isinstance(exc, driver_errors()):
        return None
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None)
    text = " ".join(line.strip() for line in str(orig).splitlines() if line.strip())
    if len(text) > 300:
        text = text[:297] + "..."
    for fault in FAULTS:
        if (code and code in fault.codes) or re.search(fault.pattern, text, re.IGNORECASE):
            return fault, text
    return None, f"{type(orig).__name__}: {text}"


def describe_fault(exc: BaseException) -> str | None:
    """What a driver error means, as a phrase to follow "the database URL", with the
    driver's own words: e.g. "cannot be reached (driver: … Connection refused …)"; None when
    ``exc`` is not a driver error.

    Example
    -------
    >>> import sqlite3
    >>> describe_fault(sqlite3.OperationalError("database or disk is full"))
    'is full: there is no space left for the new rows (driver: database or disk is full)'
    >>> describe_fault(sqlite3.OperationalError("no such table: waves"))
    'failed (driver: OperationalError: no such table: waves)'
    >>> describe_fault(ValueError("x")) is None
    True
    """
    found = fault_of(exc)
    if found is None:
        return None
    fault, text = found
    return f"{fault.says if fault else 'failed'} (driver: {text})"
