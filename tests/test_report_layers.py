"""The report layer's boundaries: only csvalue.report draws or talks to the notebook; the
layers before it never import it; its modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "csvalue"
DISPLAY = ("matplotlib", "seaborn", "myst_nb", "IPython")


def imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_only_the_report_layer_uses_display_libraries():
    users = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if any(m.split(".")[0] in DISPLAY for m in imports(p)))
    assert users and all(u.startswith("report/") for u in users), users


def test_earlier_layers_never_import_the_report():
    for layer in ("stats", "instrument", "model", "pipeline"):
        for p in (PACKAGE / layer).rglob("*.py"):
            bad = [m for m in imports(p) if m.startswith(("csvalue.report", "csvalue.build"))]
            assert not bad, (p.name, bad)


def test_modules_are_small():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert max(sizes.values()) <= 700, sizes
