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
