"""Every chart of the report: each titled and labelled, text legible at print size and inside
the frame (captions and alt text live in the chapter's ``{glue:figure}`` directive).

The scatter charts (strategy matrix, ERRC grids) name their quadrants in the corners and label
every point with :func:`place_labels`, which tries several offsets per point and keeps the
first whose text stays inside the axes and overlaps no other label, point or corner name.

This module and :mod:`csvalue.report.teaching` are the only ones that draw (matplotlib).

Example
-------
>>> fig = bar_chart(pd.DataFrame({"benefit": ["Image and trust", "Speed"], "cvi": [2.6, 1.2]}),
...                 "benefit", "cvi", "CVI gain", "index points", "benefit")
>>> [t.get_text() for t in fig.axes[0].texts]
[' 2.6', ' 1.2']
>>> close(fig)
"""

from __future__ import annotations

import textwrap
from typing import Any, Iterable

import matplotlib.pyplot as plt

# Labels on the charts come from the user's codebook: a "$" in one must not start mathtext
# (which could fail the chart or draw something else). No chart uses mathtext on purpose.
plt.rcParams["text.parse_math"] = False


def chart_fonts() -> list[str]:
    """The charts' font families: DejaVu Sans, and a Korean TrueType font as its fallback
    (first in the Korean edition), so Hangul labels draw and embed in the PDF as named fonts.

    Example
    -------
    >>> "DejaVu Sans" in chart_fonts()
    True
    """
    from matplotlib import font_manager

    from csvalue.report.i18n import language

    installed = {f.name for f in font_manager.fontManager.ttflist}
    korean = [f for f in KOREAN_FONTS if f in installed]
    return [*korean, "DejaVu Sans"] if language() == "ko" else ["DejaVu Sans", *korean]


#: Korean fonts the charts use when installed (Debian fonts-noto-cjk, fonts-nanum): Noto Sans
#: CJK KR first, since NanumGothic's arrow (→, as in "values → indices") draws as a stray mark
KOREAN_FONTS = ("Noto Sans CJK KR", "NanumGothic")
plt.rcParams["font.family"] = chart_fonts()
from matplotlib.text import Text
from matplotlib.transforms import Bbox
import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.pipeline.results import Results
from csvalue.report.format import INDEX_LABELS, format_number, is_missing
from csvalue.report.i18n import _, label_language
from csvalue.report.impact import impact_frame, simulation_facts, simulation_table
from csvalue.report.labels import (action_name, id_label, quadrant_name, scope_label,
                                   segment_labels)

#: Font sizes of the charts, in points at the figure's size. Figures are drawn about as wide
#: as the printed text column (:data:`FIG_WIDTH` inches), so these print at about their size.
FIG_WIDTH = 7.0
LABEL_SIZE = 9
CORNER_SIZE = 9

#: The charts' colours, defined once: the Okabe–Ito palette (Okabe & Ito, 2008), whose eight
#: colours stay distinct for the common forms of colour blindness and in grey print.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "purple": "#CC79A7", "grey": "#7F7F7F"}
#: One colour per index, the same on every chart; a marker shape per index as well, so that
#: the indices stay apart without colour.
INDEX_COLORS = {"cvi": OKABE_ITO["blue"], "cls": OKABE_ITO["orange"], "cs": OKABE_ITO["green"],
                "nps": OKABE_ITO["vermillion"]}
INDEX_MARKERS = {"cvi": "o", "cls": "s", "cs": "^", "nps": "D"}
#: The strategy matrix's quadrants and the ERRC grids' actions.
QUADRANT_COLORS = {"improve": OKABE_ITO["vermillion"], "strengthen": OKABE_ITO["blue"],
                   "discover": OKABE_ITO["orange"], "differentiate": OKABE_ITO["grey"]}
ACTION_COLORS = {"create": OKABE_ITO["green"], "raise": OKABE_ITO["vermillion"],
                 "maintain": OKABE_ITO["blue"], "review": OKABE_ITO["grey"]}
#: Goal lines: dashed, in black, on every chart that shows an index with a goal.
GOAL_STYLE = {"color": OKABE_ITO["black"], "ls": (0, (4, 3)), "lw": 1.0, "zorder": 1}


def close(fig: plt.Figure) -> None:
    """Release a figure once it is glued or saved (a chapter draws many).

    Example
    -------
    >>> fig, _ = plt.subplots()
    >>> close(fig); plt.fignum_exists(fig.number)
    False
    """
    plt.close(fig)


def _wrap(text: str, width: int = 18) -> str:
    return textwrap.fill(str(text), width=width, break_long_words=False)


def _pad_limits(ax: plt.Axes, xs: Iterable[float], ys: Iterable[float], xpad: float = 0.12,
                ypad: float = 0.18, include: tuple[float | None, float | None] = (None, None)
                ) -> None:
    """Axis limits around the points with room (a share of the range) on every side."""
    xs = [float(v) for v in xs if not is_missing(v)]
    ys = [float(v) for v in ys if not is_missing(v)]
    if include[0] is not None:
        xs.append(include[0])
    if include[1] is not None:
        ys.append(include[1])
    for vals, pad, setter in ((xs, xpad, ax.set_xlim), (ys, ypad, ax.set_ylim)):
        if not vals:
            continue
        lo, hi = min(vals), max(vals)
        span = (hi - lo) or max(abs(hi), 1.0) * 0.2
        setter(lo - pad * span, hi + pad * span)


def _corner_labels(ax: plt.Axes, names: dict[str, str], colors: dict[str, str],
                   fontsize: float = CORNER_SIZE) -> list:
    """Names in the four corners of the axes (keys ``top right`` …) in light boxes."""
    spots = {"top right": (0.99, 0.98, "right", "top"), "bottom right": (0.99, 0.02, "right",
                                                                         "bottom"),
             "top left": (0.01, 0.98, "left", "top"), "bottom left": (0.01, 0.02, "left",
                                                                      "bottom")}
    texts = []
    for corner, name in names.items():
        x, y, ha, va = spots[corner]
        color = colors.get(corner, "black")
        texts.append(ax.text(x, y, name, transform=ax.transAxes, ha=ha, va=va,
                             fontsize=fontsize, fontweight="bold", color=color, zorder=4,
                             bbox=dict(boxstyle="round,pad=0.25", fc="white", ec=color,
                                       lw=0.8, alpha=0.9)))
    return texts


def place_labels(ax: plt.Axes, xs: Iterable[float], ys: Iterable[float], texts: list[str],
                  fontsize: float = LABEL_SIZE, avoid: Iterable[Any] = ()) -> list:
    """Label each point at the first of several offsets whose text stays inside the axes and
    overlaps no other label, no other point and none of the ``avoid`` artists (e.g. corner
    names); when none is free, the offset with the fewest overlaps, a label over a label
    counting ten times a label over a point. Deterministic: the most crowded points choose
    first. Call after the layout is final (limits set, ``tight_layout`` done).

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.scatter([0, 1], [0, 1])
    >>> [a.get_text() for a in place_labels(ax, [0, 1], [0, 1], ["low", "high"])]
    ['low', 'high']
    >>> close(fig)
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    axbox = ax.get_window_extent(renderer)
    taken = [a.get_window_extent(renderer).padded(2) for a in avoid]
    pts = ax.transData.transform(np.column_stack([list(xs), list(ys)]).astype(float))
    r = 5
    dots = [Bbox.from_bounds(px - r, py - r, 2 * r, 2 * r) for px, py in pts]
    near = [(8, 0, "left", "center"), (-8, 0, "right", "center"), (0, 7, "center", "bottom"),
            (0, -7, "center", "top"), (6, 3, "left", "bottom"), (6, -3, "left", "top"),
            (-6, 3, "right", "bottom"), (-6, -3, "right", "top")]
    # nearest first, then the same directions farther out (with a leader line)
    offsets = [(dx * k, dy * k, ha, va) for k in (1, 2, 3, 4.5, 6) for dx, dy, ha, va in near]
    xs, ys = list(xs), list(ys)
    placed: list[Any] = [None] * len(texts)
    # the most crowded points choose first; isolated ones find room afterwards
    gaps = [min((float(np.hypot(*(pts[i] - pts[j]))) for j in range(len(pts)) if j != i),
                default=np.inf) for i in range(len(pts))]
    for i in np.argsort(gaps, kind="stable"):
        x, y, text = xs[i], ys[i], texts[i]
        best, best_score = None, None
        for dx, dy, ha, va in offsets:
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                              ha=ha, va=va, fontsize=fontsize, zorder=5,
                              bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none",
                                        alpha=0.75),
                              arrowprops=(dict(arrowstyle="-", lw=0.5, color="grey",
                                               shrinkA=0, shrinkB=4)
                                          if abs(dy) > 8 or abs(dx) > 10 else None))
            ann.update_positions(renderer)  # the text alone, not its leader line
            box = Text.get_window_extent(ann, renderer).padded(1)
            outside = not (axbox.x0 <= box.x0 and box.x1 <= axbox.x1 and axbox.y0 <= box.y0
                           and box.y1 <= axbox.y1)
            # a label over another label or a corner name is unreadable; over a point it only
            # hides the dot: the first weighs ten times the second
            hits = 10 * sum(box.overlaps(b) for b in taken) + sum(
                box.overlaps(d) for j, d in enumerate(dots) if j != i)
            score = 1000 * outside + hits
            if best_score is None or score < best_score:
                if best is not None:
                    best[0].remove()
                best, best_score = (ann, box), score
            else:
                ann.remove()
            if score == 0:
                break
        taken.append(best[1])
        placed[i] = best[0]
    return placed


def _goal_lines(ax: plt.Axes, goals: dict[str, float], indices: Iterable[str],
                vertical: bool) -> None:
    """A dashed line at each goal of ``indices``, named at its end ("CVI, CLS goal 75");
    indices with the same goal share one line."""
    at: dict[float, list[str]] = {}
    for idx in indices:
        if idx in goals and not is_missing(goals[idx]):
            at.setdefault(float(goals[idx]), []).append(INDEX_LABELS[idx])
    for value, names in at.items():
        text = _("{indices} goal {goal}").format(
            indices=", ".join(names), goal=format_number(value, 0 if value.is_integer() else 1))
        if vertical:
            ax.axvline(value, **GOAL_STYLE)
            ax.annotate(text, (value, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8)
        else:
            ax.axhline(value, **GOAL_STYLE)
            ax.annotate(text, (0.0, value), xycoords=("axes fraction", "data"), xytext=(3, 2),
                        textcoords="offset points", ha="left", va="bottom", fontsize=8,
                        zorder=2, bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none",
                                            alpha=0.8))   # under the data (zorder 3)


def index_chart(results: Results, wave: str, scopes: list[str], title: str,
                codebook: Codebook | None = None) -> plt.Figure:
    """CVI, CLS, CS and NPS per group with 95% intervals (NPS on its own axis), a dashed line
    at each goal (the goals of ``model.json``); the legend sits below the plot, clear of the
    whiskers. Each index has its colour and marker (:data:`INDEX_COLORS`).

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cvi", "cls", "cs", "nps"], "value": [76.6, 75.3, 77.8, 7.8],
    ...     "ci_low": [75.8, 74.6, 76.9, 4.8], "ci_high": [77.3, 76.0, 78.7, 10.8]})}, {})
    >>> fig = index_chart(res, "2025", ["company"], "Indices")
    >>> [t.get_text() for t in fig.legends[0].get_texts()]
    ['CVI', 'CLS', 'CS', 'NPS']
    >>> close(fig)
    >>> res.model["goals"] = {"cvi": 75, "cls": 75, "nps": 10}
    >>> fig = index_chart(res, "2025", ["company"], "Indices")
    >>> [t.get_text() for ax in fig.axes for t in ax.texts]
    ['CVI, CLS goal 75', 'NPS goal 10']
    >>> close(fig)
    """
    t = results.table("indices", wave)
    goals = dict(results.model.get("goals") or {})
    t = t[t["scope"].isin(scopes)]
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 0.55 * len(scopes) + 2.2), sharey=True,
                             gridspec_kw={"width_ratios": [3, 1]})
    names = [_wrap(scope_label(s, codebook), 24) for s in scopes]
    y = np.arange(len(scopes))
    for k, idx in enumerate(("cvi", "cls", "cs")):
        part = t[t["index"] == idx].set_index("scope").reindex(scopes)
        err = np.vstack([part["value"] - part["ci_low"], part["ci_high"] - part["value"]])
        axes[0].errorbar(part["value"], y + (k - 1) * 0.22, xerr=err, fmt=INDEX_MARKERS[idx],
                         color=INDEX_COLORS[idx], label=INDEX_LABELS[idx], capsize=3, zorder=3)
    part = t[t["index"] == "nps"].set_index("scope").reindex(scopes)
    err = np.vstack([part["value"] - part["ci_low"], part["ci_high"] - part["value"]])
    axes[1].errorbar(part["value"], y, xerr=err, fmt=INDEX_MARKERS["nps"],
                     color=INDEX_COLORS["nps"], capsize=3, label=INDEX_LABELS["nps"], zorder=3)
    axes[1].axvline(0, color="grey", lw=0.8)
    _goal_lines(axes[0], goals, ("cvi", "cls", "cs"), vertical=True)
    _goal_lines(axes[1], goals, ("nps",), vertical=True)
    axes[0].set_yticks(y, names)
    axes[0].invert_yaxis()
    axes[0].set_xlabel(_("index (0–100), 95% interval"))
    axes[1].set_xlabel(_("NPS (−100…100)"))
    axes[0].set_ylabel(_("group"))
    handles = [h for ax in axes for h in ax.get_legend_handles_labels()[0]]
    labels = [lab for ax in axes for lab in ax.get_legend_handles_labels()[1]]
    fig.suptitle(title)
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=9,
               frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def matrix_chart(matrix: pd.DataFrame, title: str, codebook: Codebook | None = None) -> plt.Figure:
    """The strategy matrix: importance (CVI impact) × gap, crosshairs at the means, quadrant
    names in the corners (clear of the points) and every value labelled inside the frame.

    Example
    -------
    >>> m = pd.DataFrame({"value": ["stability", "revenue"], "importance": [0.3, 0.0],
    ...                   "gap": [13.0, 15.2], "quadrant": ["improve", "discover"],
    ...                   "importance_cross": 0.15, "gap_cross": 14.1})
    >>> fig = matrix_chart(m, "Strategy matrix")
    >>> sorted(t.get_text() for t in fig.axes[0].texts)[:3]
    ['Differentiate', 'Discover needs', 'Improve']
    >>> close(fig)
    """
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 5.2))
    cx, cy = float(matrix["importance_cross"].iloc[0]), float(matrix["gap_cross"].iloc[0])
    colors = QUADRANT_COLORS
    ax.scatter(matrix["importance"], matrix["gap"], s=60,
               c=[colors[q] for q in matrix["quadrant"]], zorder=3)
    ax.axvline(cx, color="grey", ls="--", lw=1)
    ax.axhline(cy, color="grey", ls="--", lw=1)
    _pad_limits(ax, list(matrix["importance"]) + [cx], list(matrix["gap"]) + [cy],
                xpad=0.15, ypad=0.22)
    ax.set_xlabel(_("Importance: significant impact on CVI (standardized β)"))
    ax.set_ylabel(_("Gap: expectation − satisfaction (0–100 points)"))
    ax.set_title(title)
    fig.tight_layout()
    corners = _corner_labels(ax, {
        "top right": quadrant_name("improve", False),
        "bottom right": quadrant_name("strengthen", False),
        "top left": quadrant_name("discover", False),
        "bottom left": quadrant_name("differentiate", False)},
        {"top right": colors["improve"], "bottom right": colors["strengthen"],
         "top left": colors["discover"], "bottom left": colors["differentiate"]})
    names = [_wrap(codebook.label(v, label_language()) if codebook else v, 20) for v in matrix["value"]]
    place_labels(ax, matrix["importance"], matrix["gap"], names, avoid=corners)
    return fig


def errc_charts(errc: pd.DataFrame, values: list[str], title: str,
                codebook: Codebook | None = None) -> plt.Figure:
    """The ERRC grids of several target values as panels of one titled figure (two per row):
    the action names sit in the corners, each benefit is labelled inside its panel.

    Example
    -------
    >>> e = pd.DataFrame({"value": "stability", "benefit": ["image", "speed"],
    ...     "impact": [0.3, 0.1], "satisfaction": [65.0, 70.0], "action": ["raise", "maintain"],
    ...     "impact_cross": 0.2, "satisfaction_cross": 67.5})
    >>> fig = errc_charts(e, ["stability"], "ERRC")
    >>> fig.axes[0].get_title(), fig._suptitle.get_text()
    ('stability', 'ERRC')
    >>> close(fig)
    """
    n = max(len(values), 1)
    cols = 2 if n > 1 else 1
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(FIG_WIDTH, 3.6 * rows + 0.5), squeeze=False)
    colors = ACTION_COLORS
    panels = []
    for ax, value in zip(axes.ravel(), values):
        g = errc[errc["value"] == value]
        ax.scatter(g["impact"], g["satisfaction"], s=45, c=[colors[a] for a in g["action"]],
                   zorder=3)
        if len(g):
            ix, sy = float(g["impact_cross"].iloc[0]), float(g["satisfaction_cross"].iloc[0])
            ax.axvline(ix, color="grey", ls="--", lw=1)
            ax.axhline(sy, color="grey", ls="--", lw=1)
            _pad_limits(ax, list(g["impact"]) + [ix], list(g["satisfaction"]) + [sy],
                        xpad=0.2, ypad=0.35)
        ax.set_title(codebook.label(value, label_language()) if codebook else value, fontsize=10)
        ax.set_xlabel(_("impact on the value (β)"), fontsize=9)
        ax.set_ylabel(_("benefit satisfaction (0–100)"), fontsize=9)
        ax.tick_params(labelsize=8)
        panels.append((ax, g))
    for ax in axes.ravel()[len(values):]:
        ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    for ax, g in panels:
        corners = _corner_labels(ax, {c: action_name(a, False) for c, a in (
            ("top right", "create"), ("bottom right", "raise"), ("top left", "maintain"),
            ("bottom left", "review"))}, {"top right": colors["create"],
                                          "bottom right": colors["raise"],
                                          "top left": colors["maintain"],
                                          "bottom left": colors["review"]}, fontsize=8)
        names = [_wrap(codebook.label(b, label_language()) if codebook else b, 16) for b in g["benefit"]]
        place_labels(ax, g["impact"], g["satisfaction"], names, fontsize=8.5, avoid=corners)
    return fig


def impact_heatmap(results: Results, wave: str, layer: int, title: str,
                   codebook: Codebook | None = None, scope: str = "company") -> plt.Figure:
    """Heat map of one impact layer: drivers × outcomes, coloured by the significant β (grey
    with an en dash where the impact is not significant), the β printed in each cell.

    Example
    -------
    >>> res = Results({"impacts": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "layer": 1, "outcome": ["cs", "cvi"], "predictor": "stability", "beta": [0.3, 0.01],
    ...     "impact": [0.3, np.nan]})}, {})
    >>> fig = impact_heatmap(res, "2025", 1, "Values → indices")
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['0.30', '–']
    >>> close(fig)
    """
    sig = impact_frame(results, wave, layer, scope, "impact")
    nr, nc = sig.shape
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.42 * nr + 2.6))
    vals = sig.to_numpy(float)
    vmax = float(np.nanmax(np.abs(vals))) if np.isfinite(vals).any() else 1.0
    cmap = plt.get_cmap("RdBu").with_extremes(bad="#eeeeee")
    im = ax.imshow(np.ma.masked_invalid(vals), cmap=cmap, vmin=-vmax, vmax=vmax, aspect="auto")
    for i in range(nr):
        for j in range(nc):
            v = vals[i, j]
            text = "–" if np.isnan(v) else format_number(v, 2)
            dark = not np.isnan(v) and abs(v) > 0.55 * vmax
            ax.text(j, i, text, ha="center", va="center", fontsize=8.5,
                    color="white" if dark else ("#555555" if np.isnan(v) else "black"))
    names = [id_label(c, codebook) for c in sig.columns]
    slanted = max((len(n) for n in names), default=0) > 12
    ax.set_xticks(range(nc), names, fontsize=8.5, rotation=35 if slanted else 0,
                  ha="right" if slanted else "center", rotation_mode="anchor")
    ax.set_yticks(range(nr), [_wrap(id_label(p, codebook), 30) for p in sig.index], fontsize=8.5)
    ax.set_xlabel(_("outcome"))
    ax.set_ylabel(_("driver"))
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label=_("significant impact (standardized β)"), shrink=0.9)
    fig.tight_layout()
    return fig


def bar_chart(frame: pd.DataFrame, x: str, y: str, title: str, xlabel: str, ylabel: str,
              color: str = OKABE_ITO["blue"]) -> plt.Figure:
    """A horizontal bar chart of one column (e.g. simulation gains, shares), values printed at
    the bar ends inside the frame."""
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.4 * len(frame) + 1.5))
    ax.barh(frame[x].astype(str), frame[y], color=color)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    top = float(np.nanmax(frame[y])) if len(frame) else 1.0
    low = min(0.0, float(np.nanmin(frame[y]))) if len(frame) else 0.0
    ax.set_xlim(low * 1.15, max(top, 0) * 1.15 or 1.0)
    for i, v in enumerate(frame[y]):
        ax.text(v, i, " " + format_number(v), va="center", fontsize=9)
    fig.tight_layout()
    return fig


def simulation_chart(results: Results, wave: str, codebook: Codebook | None = None
                     ) -> plt.Figure:
    """The CVI gain of +Δ points on each benefit alone (:func:`simulation_table`), largest
    first, as bars.

    Example
    -------
    >>> res = Results({"simulation": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "benefit": ["speed", "image", "all"], "delta": 0.5, "cvi": [1.18, 2.57, 11.3]})}, {})
    >>> fig = simulation_chart(res, "2025")
    >>> fig.axes[0].get_title()
    'CVI gain for +0.5 points on one benefit'
    >>> close(fig)
    """
    delta = simulation_facts(results, wave)["delta"]
    return bar_chart(simulation_table(results, wave, codebook).data, "benefit", "cvi",
                     _("CVI gain for +{delta} points on one benefit").format(
                         delta=format_number(delta)),
                     _("CVI gain (index points)"), _("benefit"))


def segment_chart(segments: pd.DataFrame) -> plt.Figure:
    """The share of respondents in each value segment (``segments.csv`` of one wave), as bars.

    Example
    -------
    >>> fig = segment_chart(pd.DataFrame({"label": ["Work-value", "General majority"],
    ...                                   "share": [15.0, 29.2]}))
    >>> [t.get_text() for t in fig.axes[0].texts]
    [' 15.0', ' 29.2']
    >>> close(fig)
    """
    shown = pd.DataFrame({"label": segment_labels(segments), "share": segments["share"].to_numpy()})
    return bar_chart(shown, "label", "share", _("Value segments"),
                     _("share of respondents (%)"), _("segment"))


def note_figure(text: str) -> plt.Figure:
    """A small figure that only says why there is nothing to chart (e.g. one stored wave: no
    migration yet), so the chapter's figure and its caption stay in place.

    Example
    -------
    >>> fig = note_figure("Only one wave stored: no migration yet")
    >>> fig.axes[0].get_title()
    'Only one wave stored: no migration yet'
    >>> close(fig)
    """
    fig, ax = plt.subplots(figsize=(4, 1))
    ax.axis("off")
    ax.set_title(text)
    return fig


def trend_chart(indices: pd.DataFrame, changes: pd.DataFrame, title: str,
                goals: dict[str, float] | None = None) -> plt.Figure:
    """Each index across waves with 95% intervals; a star marks a significant change from the
    previous wave (independent samples, p < .05); a dashed line marks each index's goal.

    The panels are drawn to one scale, so that equal changes look equal: CVI, CLS and CS share
    one y-axis (the same limits), and the NPS panel, on its own points, spans as many points
    as they do (more, for all four, when an interval or goal needs it). The limits leave room
    for the stars and the goal names.

    Example
    -------
    >>> ind = pd.DataFrame({"wave": ["2024", "2025"] * 2, "index": ["cvi"] * 2 + ["cls"] * 2,
    ...                     "value": [75.2, 76.6, 74.5, 75.3], "ci_low": [74.4, 75.8, 73.7, 74.6],
    ...                     "ci_high": [76.0, 77.3, 75.3, 76.0]})
    >>> ch = pd.DataFrame({"wave_b": ["2025"], "index": ["cvi"], "sample": ["all"],
    ...                    "significant": [True]})
    >>> fig = trend_chart(ind, ch, "Trend", {"cvi": 75})
    >>> [t.get_text() for t in fig.axes[0].texts], fig.axes[0].get_title()
    (['CVI goal 75', '*'], 'CVI')
    >>> fig.axes[0].get_ylim() == fig.axes[1].get_ylim()
    True
    >>> close(fig)
    """
    goals = dict(goals or {})
    names = [i for i in ("cvi", "cls", "cs", "nps") if i in set(indices["index"])]
    fig, axes = plt.subplots(1, len(names), figsize=(max(FIG_WIDTH, 1.9 * len(names)), 3.4),
                             squeeze=False)

    def reach(group: list[str]) -> tuple[float, float]:
        t = indices[indices["index"].isin(group)]
        lows = [float(t["ci_low"].min())] + [goals[i] for i in group if i in goals]
        highs = [float(t["ci_high"].max())] + [goals[i] for i in group if i in goals]
        return min(lows), max(highs)

    groups = {i: ([n for n in names if n != "nps"] if i != "nps" else ["nps"]) for i in names}
    spans = {i: reach(g) for i, g in groups.items()}
    span = max((hi - lo) for lo, hi in spans.values()) or 1.0
    for ax, idx in zip(axes[0], names):
        t = indices[indices["index"] == idx].sort_values("wave")
        x = np.arange(len(t))
        err = np.vstack([t["value"] - t["ci_low"], t["ci_high"] - t["value"]])
        ax.errorbar(x, t["value"], yerr=err, fmt=INDEX_MARKERS[idx] + "-", capsize=4,
                    color=INDEX_COLORS[idx], zorder=3)
        ax.set_xticks(x, t["wave"].astype(str))
        ax.set_xlim(-0.5, len(t) - 0.5)
        lo, hi = spans[idx]
        mid = (lo + hi) / 2
        ax.set_ylim(mid - 0.6 * span, mid + 0.75 * span)
        ax.set_title(INDEX_LABELS[idx])
        ax.set_xlabel(_("wave"))
        ax.set_ylabel(_("NPS points") if idx == "nps" else _("index (0–100)"))
        _goal_lines(ax, goals, (idx,), vertical=False)
        if len(changes):
            sig = changes[(changes["index"] == idx) & (changes["sample"] == "all")
                          & changes["significant"].astype(bool)]
            for wb in sig["wave_b"].astype(str):
                k = list(t["wave"].astype(str)).index(wb)
                ax.annotate("*", (k, t["ci_high"].iloc[k]), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom", fontsize=14,
                            color=OKABE_ITO["vermillion"])
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def migration_figure(matrix: pd.DataFrame, title: str, codebook: Codebook | None = None
                     ) -> plt.Figure:
    """Heat map of a :func:`csvalue.pipeline.trends.tier_migration` matrix: row shares (%)
    with counts in the cells; suppressed cells are grey and marked "–" (a plain integer heat
    map would cast the counts to int, which a suppressed matrix's NaN cells do not survive).

    Example
    -------
    >>> m = pd.DataFrame({"from_tier": ["loyalist", "inferior"], "loyalist": [60, np.nan],
    ...     "inferior": [40, 9], "loyalist_pct": [60.0, np.nan], "inferior_pct": [40.0, 100.0]})
    >>> fig = migration_figure(m, "Tiers")
    >>> [t.get_text().replace(chr(10), " ") for t in fig.axes[0].texts]
    ['60% (n=60)', '40% (n=40)', '–', '100% (n=9)']
    >>> close(fig)
    """
    tiers = list(matrix["from_tier"])
    shares = matrix[[f"{t}_pct" for t in tiers]].to_numpy(float)
    counts = matrix[tiers].to_numpy(float)
    names = [codebook.label(t, label_language()) if codebook else t for t in tiers]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    cmap = plt.get_cmap("Blues").with_extremes(bad="#d9d9d9")
    im = ax.imshow(np.ma.masked_invalid(shares), cmap=cmap, vmin=0, vmax=100)
    for i in range(len(tiers)):
        for j in range(len(tiers)):
            if np.isnan(counts[i, j]):
                text, dark = "–", False
            else:
                pct = "" if np.isnan(shares[i, j]) else f"{shares[i, j]:.0f}%\n"
                text, dark = f"{pct}(n={counts[i, j]:,.0f})", np.nan_to_num(shares[i, j]) > 60
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    ax.set_xticks(range(len(tiers)), names)
    ax.set_yticks(range(len(tiers)), names)
    ax.set_xlabel(_("tier in the later wave"))
    ax.set_ylabel(_("tier in the earlier wave"))
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label=_("share of the row (%)"))
    fig.tight_layout()
    return fig


def goal_path_chart(results: Results, wave: str, codebook: Codebook | None = None,
                    scope: str = "company") -> plt.Figure:
    """The gains the path to each goal not yet met asks of each benefit (points on 0–100),
    one group of bars per benefit; a note figure when every goal is met.

    Example
    -------
    >>> p = pd.DataFrame({"wave": "2025", "scope": "company", "index": "nps",
    ...     "benefit": ["image", "speed"], "gain": [1.0, 0.3], "status": "reached"})
    >>> fig = goal_path_chart(Results({"goal_path": p}, {}), "2025")
    >>> fig.axes[0].get_xlabel()
    'gain asked (points on 0–100)'
    >>> close(fig)
    """
    p = results.table("goal_path", wave, scope)
    p = p[p["status"] != "met"]
    wide = p.pivot_table(index="benefit", columns="index", values="gain", sort=False)
    wide = wide[(wide > 0).any(axis=1)] if len(wide) else wide
    if wide.empty:
        return note_figure(_("Every goal is met: the path asks for no gain"))
    wide = wide.loc[wide.max(axis=1).sort_values(ascending=True, kind="stable").index]
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.45 * len(wide) * max(1, len(wide.columns))
                                    / 1.5 + 1.6))
    height = 0.8 / len(wide.columns)
    y = np.arange(len(wide))
    for j, k in enumerate(wide.columns):
        ax.barh(y + j * height, wide[k].to_numpy(), height,
                label=_("{index} goal").format(index=INDEX_LABELS.get(k, k.upper())))
        for yi, v in zip(y + j * height, wide[k].to_numpy()):
            ax.text(v, yi, f" {v:.1f}", va="center", fontsize=LABEL_SIZE - 1)
    ax.set_yticks(y + height * (len(wide.columns) - 1) / 2,
                  [id_label(b, codebook) for b in wide.index])
    ax.set_xlim(0, float(np.nanmax(wide.to_numpy())) * 1.2)
    ax.set_xlabel(_("gain asked (points on 0–100)"))
    ax.set_title(_("The smallest benefit gains that reach each goal"))
    ax.legend(loc="lower right", fontsize=LABEL_SIZE)
    fig.tight_layout()
    return fig
