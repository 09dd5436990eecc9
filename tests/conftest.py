"""Shared test fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def codebook():
    from csvalue import load_codebook

    return load_codebook()


@pytest.fixture
def run_cli():
    """Run ``python -m csvalue ARGS`` in a subprocess, as a user would; returns CompletedProcess."""

    def run(*args: str, cwd: Path | None = None, check: bool = False) -> subprocess.CompletedProcess:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        return subprocess.run(
            [sys.executable, "-m", "csvalue", *map(str, args)],
            cwd=cwd or ROOT, env=env, capture_output=True, text=True, check=check,
        )

    return run


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server started on loopback for this session (tests/_postgres.py);
    skips, saying why, only where none can be started (fails instead under
    ``CSVALUE_REQUIRE_POSTGRES=1``, as CI sets)."""
    from _postgres import Unavailable, start

    try:
        server = start()
    except Unavailable as exc:
        if os.environ.get("CSVALUE_REQUIRE_POSTGRES"):  # CI: a missing server is a failure
            pytest.fail(f"CSVALUE_REQUIRE_POSTGRES is set but {exc}")
        pytest.skip(f"PostgreSQL tests need a server: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database: a SQLite file, then a fresh database on the session's PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'csvalue.sqlite'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)
