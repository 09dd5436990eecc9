"""Glue: the numbers, words and figures a chapter's prose and figure directives refer to.

A chapter glues a value under a name (``glue_number("cvi", 76.6)``) and its Markdown reads it
back (``{glue:text}`cvi:.1f```); figures are glued for a ``{glue:figure}`` directive, which
carries the caption and the alt text. Numbers are glued as plain Python floats.
"""

from __future__ import annotations

from typing import Any

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
