"""The examples in the docstrings of every csvalue.stats module run and give what they say;
and the layer stays pure: a stats module imports nothing of the package but stats and errors."""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pytest

import csvalue.stats

STATS = sorted(p.stem for p in Path(csvalue.stats.__file__).parent.glob("*.py")
               if p.stem != "__init__")


@pytest.mark.parametrize("name", STATS)
def test_doctests(name):
    module = importlib.import_module(f"csvalue.stats.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("name", STATS)
def test_stats_never_imports_the_layers_above(name):
    path = Path(csvalue.stats.__file__).parent / f"{name}.py"
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
    ours = {m for m in imported if m.split(".")[0] == "csvalue"}
    assert all(m == "csvalue.errors" or m.startswith("csvalue.stats") for m in ours), ours
