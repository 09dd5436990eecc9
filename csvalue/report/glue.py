"""Glue: the numbers, words and figures a chapter's prose and figure directives refer to.

A chapter glues a value under a name (``glue_number("cvi", 76.6)``) and its Markdown reads it
back (``{glue:text}`cvi:.1f```); figures are glued for a ``{glue:figure}`` directive, which
carries the caption and the alt text. Numbers are glued as plain Python floats.
"""

from __future__ import annotations

from typing import Any, Mapping

from csvalue.report.inert import inert


def glue_number(name: str, value: Any) -> float:
    """Glue a number for ``{glue:text}`` as a plain Python float (never a numpy scalar).

    Example
    -------
    >>> import numpy as np
    >>> glue_number("n", np.int64(2000))
    2000.0
    """
    from myst_nb import glue

    v = float(value)
    glue(name, v, display=False)
    return v


def glue_text(name: str, text: str) -> str:
    """Glue a sentence or word for ``{glue:text}``.

    Example
    -------
    >>> glue_text("wave", "2025")
    '2025'
    """
    from myst_nb import glue

    # {glue:text} is inserted as text (docutils escapes it); only a line break would cut the
    # sentence it stands in
    glue(name, inert(text, "text"), display=False)
    return text


def glue_all(facts: Mapping[str, Any]) -> Any:
    """Glue every fact of a mapping, in its order: text with :func:`glue_text`, anything else
    as a number with :func:`glue_number`. The chapters glue what a ``…_facts`` function of the
    report returns, so the numbers their prose cites are computed (and tested) in one place.

    Like :func:`glue_number` and :func:`glue_text`, it returns what it glued: the last value
    (None when there are no facts), so a cell ending in a glue shows that value in the
    executed notebook whichever of the three it calls.

    Example
    -------
    >>> glue_all({"wave": "2025", "n": 2000})
    2000.0
    """
    last = None
    for name, value in facts.items():
        last = glue_text(name, value) if isinstance(value, str) else glue_number(name, value)
    return last


def glue_figure(name: str, fig: Any) -> None:
    """Glue a figure for a ``{glue:figure}`` directive, then close it (a chapter draws many).

    Example
    -------
    >>> import matplotlib.pyplot as plt
    >>> fig, _ = plt.subplots()
    >>> glue_figure("fig", fig); plt.fignum_exists(fig.number)
    False
    """
    from myst_nb import glue

    from csvalue.report.figures import close

    glue(name, fig, display=False)
    close(fig)
