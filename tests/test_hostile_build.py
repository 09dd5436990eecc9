"""A book built from a hostile codebook and wave holds no live payload on any page.

``tests/data/hostile/`` (written by :func:`hostile_payloads.write_fixture`) carries HTML,
scripts, event handlers, MyST roles and directives, links, formulas and headings in the
instrument name, every label, the division codes and the wave label. Every HTML page of the
built book is searched for one rendered as markup.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csvalue.build.book import build
from csvalue.instrument.codebook import load_codebook
from csvalue.instrument.load import load_wave
from hostile_payloads import MARK, live_payloads

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "data" / "hostile"


def test_the_hostile_fixture_is_valid_input():
    """The payloads are in labels and codes only: the files load, nothing is rejected (so the
    build test below fails for what reaches the book, not for the input)."""
    cb = load_codebook(HOSTILE / "codebook.yml")
    wave = load_wave(HOSTILE / "wave.csv", cb)
    assert wave.quality.rejected == 0 and MARK in wave.label
    assert MARK in cb.name and all(MARK in c for c in cb.item("division").categories[:2])


@pytest.mark.slow
def test_a_book_built_from_hostile_input_holds_no_live_payload(tmp_path):
    root = tmp_path / "out"
    log: list[str] = []
    code = build([HOSTILE / "wave.csv"], HOSTILE / "codebook.yml", out=root, echo=log.append)
    assert code == 0, "\n".join(log[-20:])
    pages = sorted((root / "html").rglob("*.html"))
    assert pages
    live = {str(p.relative_to(root)): found for p in pages
            if (found := live_payloads(p.read_text(encoding="utf-8")))}
    assert not live, f"{sum(map(len, live.values()))} live payloads in {len(live)} pages: " \
                     f"{dict(list(live.items())[:3])}"
