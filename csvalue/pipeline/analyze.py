"""From loaded waves to every result table: ``analyze`` and ``csvalue analyze``.

:func:`analyze` runs, for each wave, a list of **steps** (:data:`STEPS`) over a shared
:class:`WaveContext`: score the respondents, aggregate the indices and grade the goals, fit the
impact layers (company and each division large enough), and derive the strategic tasks
(matrix, ERRC grids, portfolio, task summary, value proposition, simulation) for the company
and every division. Each step adds rows to named tables;
:class:`csvalue.pipeline.results.Results` holds them and
:func:`csvalue.pipeline.results.write_results` writes one CSV per table plus ``quality.json``
and ``model.json``.

Extending: a later analysis (value segments, loyalty tiers, targeting …) is one function
``step(ctx: WaveContext) -> None`` appended to :data:`STEPS`; it reads ``ctx.data``,
``ctx.scores`` and ``ctx.settings``, adds its tables with ``ctx.add("segments", df)`` and its
respondent-level columns with ``ctx.scores["value_segment"] = …`` (they land in
``respondents.csv``). Its tables then appear in ``Results.tables``, as attributes
(``results.segments``), in the CSV output and in the workbook, with no other change.

CLS weights are estimated on the first (base) wave unless fixed in the settings or passed in,
and the same weights are used for every later wave so that trends compare like with like;
``model.json`` records which. To analyse a later wave on its own with the base wave's weights,
pass the base run's ``model.json`` as ``--config`` (see :mod:`csvalue.instrument.settings`).

Each loaded wave's rejected rows travel with the results (``Results.rejects``) and are written
beside the tables as ``rejects_<wave>.csv``; a wave whose every row was rejected stops the
analysis with the reasons. How missing answers are handled is stated per analysis in
``model.json`` (``missing_policy``, :data:`MISSING_POLICY`).

Survey weights: every wave's data carries one ``weight`` column — the codebook's weight
column (``weight: {column: …}``), raked to the settings' target margins when they give
``weighting`` (starting from the codebook's weights, if any), or 1 for everyone.
:func:`wave_weights` decides it; every step weighs by it, the ``weights`` table and
``model.json`` (``waves[].design_effect``) give each wave's effective base and design effect.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Sequence

import pandas as pd

from csvalue.instrument.codebook import Codebook, load_codebook
from csvalue.errors import DataError
from csvalue.model.indices import CHANGE_COLUMNS, MISSING_LEVEL
from csvalue.instrument.settings import Settings, load_settings
from csvalue.model.strategy import strategy_tables
from csvalue.pipeline.results import Results, empty_table, file_sha256, write_results

#: Tables every analysis produces, in output order (steps may add more after these).
CORE_TABLES = ("indices", "goals", "changes", "impacts", "strategy_matrix", "errc", "portfolio",
               "tasks", "value_proposition", "simulation", "respondents")
COMPANY = "company"
#: How each analysis treats missing answers (written to ``model.json`` as ``missing_policy``).
MISSING_POLICY = {
    "rejected_rows": "Rows rejected by the loader (an answer outside its scale, not a whole "
                     "number, not a number, an unknown category, no respondent id) are left "
                     "out of every analysis and listed in rejects_<wave>.csv; blank rows are "
                     "skipped and counted. Missing answers are not a reason to reject a row.",
    "indices": "Each index uses the respondents who answered what it needs and reports that n "
               "per index and scope (indices.csv n): CS needs cs; repurchase needs repurchase; "
               "recommend and NPS need recommend; CLS needs repurchase and recommend; CVI needs "
               "cs, repurchase and recommend.",
    "cls": "CLS needs both loyalty items (repurchase and recommend): a respondent missing either "
           "has no CLS and so no CVI. CLS weights estimated on the base wave use, for each "
           "loyalty item, the respondents who answered cs and that item (pairwise).",
    "impacts": "Listwise per model: a respondent missing the outcome or any predictor of a "
               "model is left out of that model only; each model reports its n (impacts.csv "
               "n). The bootstrap resamples the same complete rows.",
    "strategy": "A value's gap averages expectation100 - satisfaction100 over the respondents "
                "who answered both items of that value; a benefit's satisfaction averages the "
                "respondents who answered it. Impacts follow the impacts rule.",
    "segmentation": "Factor analysis and k-means use the respondents who answered every "
                    "expectation item (listwise); the others get no value segment (their "
                    "number is in the notes). Loyalty tiers need repurchase and recommend. "
                    "Segment indices follow the indices rule; segment profile cross-tabs count "
                    "the respondents with a segment and a value for that profile item.",
    "profile": f"A respondent with no value for a profile category counts in the company "
               f"figures and in that category's <category>:{MISSING_LEVEL} scope of "
               f"indices.csv (small-base and suppression flags apply), not in any level of "
               f"the category, not in any division's impacts or strategy tables, and not in "
               f"the segment profile cross-tabs. The notes give the counts.",
    "changes": "Independent-wave tests use every respondent with the index in each wave; panel "
               "tests use the respondents present in both waves with the index in both.",
    "straightliners": "Flagged by the loader (quality counts) and kept in every analysis.",
    "weights": "Every estimate is weighted by the wave's survey weight (1 for everyone when "
               "the wave has no weight column and the settings give no target margins); "
               "every interval and test uses Kish's effective n (n_effective beside n).",
}
#: Columns of the ``weights`` table (one row per wave).
WEIGHT_COLUMNS = ["wave", "weighting", "n", "n_effective", "design_effect", "weight_min",
                  "weight_max", "iterations", "converged", "max_error", "trimmed"]


# ---------------------------------------------------------------------------------------
# The per-wave context and the steps
# ---------------------------------------------------------------------------------------

@dataclass
class WaveContext:
    """What the steps of :func:`analyze` share for one wave.

    Attributes
    ----------
    wave : the wave label (the ``wave`` column of every table).
    data : the wave, canonical columns (``wave`` filled with the label).
    codebook, settings : the instrument and the model options.
    cls_weights : the CLS weights used for this wave.
    scores : respondent scores (index-aligned with ``data``); steps may add columns, which
        end up in ``respondents.csv``.
    impacts : scope → the impacts the scope's strategy uses (a small division maps to the
        company's); ``impact_source`` : scope → ``own`` | ``company``; ``draws`` : scope →
        those impact models' bootstrap betas (the stability of the strategy calls).
    tables : table name → list of pieces; use :meth:`add`.
    notes : human-readable remarks, written to ``model.json``.
    """

    wave: str
    data: pd.DataFrame
    codebook: Codebook
    settings: Settings
    cls_weights: dict[str, float]
    scores: pd.DataFrame | None = None
    impacts: dict[str, pd.DataFrame] = field(default_factory=dict)
    impact_source: dict[str, str] = field(default_factory=dict)
    draws: dict[str, dict] = field(default_factory=dict)
    tables: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, table: pd.DataFrame, **columns: Any) -> None:
        """Add rows to result table ``name``: ``wave`` then ``columns`` (e.g. ``scope=…``) are
        put first (replacing same-named columns of ``table``)."""
        front = {"wave": self.wave, **columns}
        t = table.drop(columns=[c for c in front if c in table.columns])
        for i, (k, v) in enumerate(front.items()):
            t.insert(i, k, v)
        self.tables.setdefault(name, []).append(t)

    def scopes(self) -> list[tuple[str, pd.Index]]:
        """(scope, row index) of the company and of each division with any respondent.

        Only the codebook's divisions: respondents without a division are in the company
        scope only (``division:(missing)`` exists in the index table, not here)."""
        out = [(COMPANY, self.data.index)]
        if self.codebook.has("division") and "division" in self.data:
            div = self.data["division"]
            for code in self.codebook.item("division").categories:
                idx = self.data.index[(div == code).to_numpy()]
                if len(idx):
                    out.append((f"division:{code}", idx))
        return out


def score_step(ctx: WaveContext) -> None:
    """Respondent scores (CS100, CLS, CVI, NPS score …) with the wave's CLS weights."""
    from csvalue.model.indices import respondent_scores

    ctx.scores = respondent_scores(ctx.data, ctx.codebook, ctx.settings,
                                   cls_weights=ctx.cls_weights)


def index_step(ctx: WaveContext) -> None:
    """Indices for the company, each division and each profile level; goals graded; each
    division tested against the rest of the company (p adjusted over the wave's family)."""
    from csvalue.model.goals import grade_goals
    from csvalue.model.indices import division_tests, index_table, missing_profile

    table = index_table(ctx.data, ctx.scores, ctx.codebook)
    ctx.add("indices", table)
    ctx.add("goals", grade_goals(table, ctx.codebook.goals))
    ctx.add("division_tests", division_tests(ctx.data, ctx.scores, ctx.codebook,
                                             ctx.settings.p_adjust))
    for cat, n in missing_profile(ctx.data, ctx.codebook).items():
        ctx.notes.append(
            f"wave {ctx.wave}: {n:,} respondent{'s have' if n > 1 else ' has'} no {cat} value: "
            f"counted in the company figures and in the scope {cat}:{MISSING_LEVEL} of "
            f"indices.csv, not in any {cat} level"
            + (" nor in any division's impacts or strategy tables" if cat == "division" else "")
            + ", and left out of the segment profile cross-tabs")


def impact_step(ctx: WaveContext) -> None:
    """All impact layers for the company and for every division with n ≥ min_division_n;
    smaller divisions use the company's impacts (recorded in ``impact_source``)."""
    from csvalue.model.impact import impact_layers, shapley_notes

    ctx.notes += [f"wave {ctx.wave}: {note}" for note in shapley_notes(ctx.codebook)]
    min_n = ctx.codebook.thresholds.min_division_n
    for scope, idx in ctx.scopes():
        if scope == COMPANY or len(idx) >= min_n:
            draws: dict = {}
            try:
                imp = impact_layers(ctx.data.loc[idx], ctx.scores.loc[idx], ctx.codebook,
                                    ctx.settings, draws=draws)
            except DataError as err:
                if scope == COMPANY:
                    raise
                # a division whose answers cannot carry its own models (an item nobody in it
                # answered differently) falls back as a small one does, and says why
                ctx.impacts[scope], ctx.impact_source[scope] = ctx.impacts[COMPANY], COMPANY
                ctx.notes.append(f"wave {ctx.wave}: {scope}: its own impacts cannot be "
                                 f"estimated ({err}); its strategy uses the company-wide "
                                 "impacts with its own gaps and satisfaction")
                continue
            ctx.impacts[scope], ctx.impact_source[scope] = imp, "own"
            ctx.draws[scope] = draws
            ctx.add("impacts", imp, scope=scope)
        else:
            ctx.impacts[scope], ctx.impact_source[scope] = ctx.impacts[COMPANY], COMPANY
            ctx.notes.append(f"wave {ctx.wave}: {scope} has n = {len(idx)} < {min_n}: its "
                             "strategy uses the company-wide impacts with its own gaps and "
                             "satisfaction")


def strategy_step(ctx: WaveContext) -> None:
    """Matrix, ERRC grids, portfolio, tasks, value proposition and simulation per scope."""
    st = ctx.settings
    for scope, idx in ctx.scopes():
        if len(idx) < ctx.codebook.thresholds.disclosure_min:
            ctx.notes.append(f"wave {ctx.wave}: {scope} has n = {len(idx)}, under the "
                             "disclosure threshold: no strategy tables")
            continue
        tabs = strategy_tables(ctx.data.loc[idx], ctx.impacts[scope], ctx.codebook,
                               st.crosshair, st.simulation_delta, st.simulation_paths,
                               draws=ctx.draws.get(scope, ctx.draws.get(COMPANY, {})),
                               threshold=st.stability_threshold, seed=st.seed)
        for name, table in tabs.items():
            extra = {"n": len(idx)} if name == "strategy_matrix" else {}
            ctx.add(name, table, scope=scope, impact_source=ctx.impact_source[scope], **extra)


def segmentation_step(ctx: WaveContext) -> None:
    """Value segments, loyalty tiers, profiles and targeting (``csvalue.model.segments``)."""
    from csvalue.model.segments import segment_step

    segment_step(ctx)


def goal_step(ctx: WaveContext) -> None:
    """The goal path and the action plan (``csvalue.model.goal_path``, ``.action_plan``)."""
    from csvalue.model.action_plan import action_plan_step
    from csvalue.model.goal_path import goal_path_step

    goal_path_step(ctx)
    action_plan_step(ctx)


#: The steps :func:`analyze` runs for each wave, in order. Append a step to extend it.
STEPS: list[Callable[[WaveContext], None]] = [score_step, index_step, impact_step, strategy_step,
                                              segmentation_step, goal_step]


# ---------------------------------------------------------------------------------------
# analyze
# ---------------------------------------------------------------------------------------

def _wave_frame(wave: Any, position: int) -> tuple[str, pd.DataFrame, Any, Any]:
    """(label, data with the wave column filled, quality, source path) of one input.

    A loaded wave whose every row was rejected stops here (the reasons, and where the rejects
    are); so does an input with no rows."""
    from csvalue.instrument.load import Wave, require_accepted

    if isinstance(wave, Wave):
        require_accepted(wave)
    data = wave.data if hasattr(wave, "data") else wave
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"wave {position + 1}: expected a loaded Wave or a DataFrame, "
                        f"got {type(wave).__name__}")
    source = getattr(wave, "path", None) or getattr(wave, "source", None)
    labels = data["wave"].dropna().astype(str).unique() if "wave" in data else []
    if len(labels) > 1:
        raise DataError(f"wave {position + 1}{f' ({source})' if source else ''}: the wave "
                        f"column holds several waves {sorted(labels)}; pass one wave per input")
    if len(labels) == 1:
        label = labels[0]
    elif source is not None:
        label = Path(str(source)).stem
    else:
        label = str(position + 1)
    if data.empty:
        raise DataError(f"wave {label}{f' ({source})' if source else ''}: no respondent rows "
                        f"to analyse")
    data = data.assign(wave=label)
    quality = getattr(wave, "quality", None)
    return label, data, quality, source


def wave_weights(data: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The wave with its one ``weight`` column, and a record of how it was made.

    The codebook's weights (loaded into ``weight``) are kept; with target margins in the
    settings (``weighting``) they are raked to them (from 1 when there are none), and
    trimmed when the settings give bounds. Without either, every weight is 1.

    Example
    -------
    >>> d = pd.DataFrame({"division": ["a", "a", "a", "b"]})
    >>> w, rec = wave_weights(d, Settings(weighting={"margins": {"division": {"a": .5,
    ...                                                                     "b": .5}}}))
    >>> w["weight"].round(4).tolist(), rec["weighting"], round(rec["design_effect"], 4)
    ([0.6667, 0.6667, 0.6667, 2.0], 'raked', 1.3333)
    """
    from csvalue.stats.weights import design_effect, kish_n, rake

    given = "weight" in data
    record: dict[str, Any] = {"weighting": "weight column" if given else "none"}
    if settings.weighting:
        base = data["weight"].to_numpy(dtype=float) if given else None
        r = rake(data, settings.weighting["margins"], base, settings.weighting.get("trim"))
        data = data.assign(weight=r.weights.to_numpy())
        record = {"weighting": "raked" + (" from the weight column" if given else ""),
                  **r.as_dict()}
    elif not given:
        data = data.assign(weight=1.0)
    w = data["weight"].to_numpy(dtype=float)
    record.update(n=int(len(w)), n_effective=kish_n(w), design_effect=design_effect(w),
                  weight_min=float(w.min()), weight_max=float(w.max()))
    return data, record


def _is_synthetic(source: str | None) -> bool:
    """A shipped synthetic wave says so in its sidecar ``<file>.yml`` (csvalue.instrument.synth)."""
    if not source:
        return False
    meta = Path(source).with_suffix(".yml")
    try:
        import yaml

        return bool(yaml.safe_load(meta.read_text(encoding="utf-8")).get("synthetic"))
    except (OSError, AttributeError, ValueError):
        return False


def _versions() -> dict[str, str]:
    out = {}
    for dist in ("csvalue", "numpy", "pandas", "scipy", "statsmodels", "scikit-learn"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    from csvalue import __version__
    out["csvalue"] = __version__          # the code actually imported, not an installed copy
    return out


def _concat(pieces: list[pd.DataFrame], name: str = "") -> pd.DataFrame:
    """The pieces of one table as one frame; an empty table keeps its columns."""
    pieces = [p for p in pieces if not p.empty] or [p for p in pieces if len(p.columns)][:1]
    if pieces:
        return pd.concat(pieces, ignore_index=True)
    return empty_table(name)


def _changes(inputs: list[tuple], respondents: list[pd.DataFrame], codebook: Codebook
             ) -> list[pd.DataFrame]:
    """Company-level change tests between consecutive waves (independent and panel)."""
    from csvalue.model.indices import change_table

    out = []
    for (la, da, *_), (lb, db, *_), sa, sb in zip(inputs, inputs[1:], respondents,
                                                  respondents[1:]):
        out.append(change_table(sa, sb, da, db, codebook))
    return out or [pd.DataFrame(columns=CHANGE_COLUMNS)]   # one wave: the header only


def _scored(data: pd.DataFrame, scores: pd.DataFrame, label: str, codebook: Codebook
            ) -> pd.DataFrame:
    """One wave's answers with its scores and segments, as the database stores it."""
    from csvalue.model.disc import disc_types
    from csvalue.pipeline.database import scored_frame

    out = scored_frame(data, scores, label)
    if "disc_type" not in out.columns and codebook.block("personality"):
        out = out.assign(disc_type=disc_types(out, codebook))
    return out


def _trends(scored: list[pd.DataFrame], tables: dict[str, list[pd.DataFrame]],
            codebook: Codebook, settings: Settings) -> dict[str, pd.DataFrame]:
    """The ``trend_*`` tables of the management chapter, from the scored waves
    (:func:`csvalue.pipeline.trends.trend_tables_of`)."""
    from csvalue.pipeline.trends import company_indices, trend_result_tables, trend_tables_of

    resp = pd.concat(scored, ignore_index=True)
    waves = tuple(str(s["wave"].iloc[0]) for s in scored)
    indices = company_indices(pd.concat(tables["indices"], ignore_index=True))
    return trend_result_tables(trend_tables_of(resp, waves, codebook, indices,
                                               settings.p_adjust))


def analyze(waves: Sequence[Any], codebook: Codebook, settings: Settings | None = None,
            cls_weights: dict[str, float] | None = None,
            sources: Sequence[str | Path | None] | None = None,
            echo: Callable[[str], None] | None = None) -> Results:
    """Analyse one or more waves: indices, goals, impacts, strategy, simulation.

    Parameters
    ----------
    waves : loaded waves (:class:`csvalue.instrument.load.Wave`) or canonical DataFrames, oldest first.
        The first is the **base wave**.
    codebook, settings : the instrument and the model options (defaults when None).
    cls_weights : fixed CLS weights ``{repurchase: w, recommend: 1 − w}``; else the settings'
        ``cls_weights``; else estimated on the base wave and reused for every later wave.
    sources : the input file of each wave (for ``model.json`` hashes), when known.
    echo : called with a progress line (the step and its time) after each step of each wave,
        so that a large wave is never analysed in silence.

    Returns
    -------
    Results

    Raises
    ------
    DataError
        when an input is not a wave, holds several waves, or two inputs share a wave label.

    Examples
    --------
    >>> from csvalue.instrument.synth import generate
    >>> res = analyze([generate(300, seed=2)], load_codebook())
    >>> res.strategy_matrix[["scope", "value", "quadrant"]].head(3)
         scope         value  quadrant
    0  company     stability   improve
    1  company    efficiency   improve
    2  company  relationship  discover
    """
    from csvalue.model.indices import estimate_cls_weights
    from csvalue.stats.weights import design_effect, kish_n

    settings = settings or Settings()
    if not waves:
        raise DataError("analyze needs at least one wave")
    inputs = [_wave_frame(w, i) for i, w in enumerate(waves)]
    labels = [lab for lab, *_ in inputs]
    dup = sorted({lab for lab in labels if labels.count(lab) > 1})
    if dup:
        files = {lab: [str(getattr(w, "path", None) or f"input {i + 1}")
                       for i, (w, (other, *_)) in enumerate(zip(waves, inputs)) if other == lab]
                 for lab in dup}
        raise DataError("several inputs are the same wave: " + "; ".join(
            f"wave {lab} in {' and '.join(paths)}" for lab, paths in files.items())
            + ". Give each wave once (a wave in several files: put them in one file)")

    base_label = inputs[0][0]
    if cls_weights is not None:
        weights, how = dict(cls_weights), "given to analyze"
    elif settings.cls_weights is not None:
        weights = dict(settings.cls_weights)
        how = settings.cls_weights_source or "fixed in the settings"
    else:   # estimated once the base wave has its survey weights (below)
        weights = None
        how = f"estimated on the base wave {base_label} and reused for later waves"

    tables: dict[str, list[pd.DataFrame]] = {}
    scored: list[pd.DataFrame] = []
    notes: list[str] = []
    if settings.n_boot == 0:
        notes.append("n_boot = 0 in the settings: the impacts have no bootstrap intervals "
                     "(ci_low, ci_high empty)")
    quality: dict[str, Any] = {}
    rejects: dict[str, pd.DataFrame] = {}
    wave_records = []
    srcs = list(sources) if sources is not None else [None] * len(inputs)
    weighted = []
    for label, data, *rest in inputs:
        data, wrec = wave_weights(data, settings)
        weighted.append((label, data, *rest))
        tables.setdefault("weights", []).append(
            pd.DataFrame([{"wave": label, **wrec}]).reindex(columns=WEIGHT_COLUMNS))
        if wrec.get("converged") is False:
            notes.append(f"wave {label}: raking to the target margins did not converge "
                         f"({wrec['iterations']} sweeps; a margin is off by "
                         f"{wrec['max_error']:.2g}); the trimming bounds may be too tight")
    inputs = weighted
    if weights is None:
        weights = dict(estimate_cls_weights(inputs[0][1], codebook))
    for (label, data, qual, source), given, wave in zip(inputs, srcs, waves):
        ctx = WaveContext(label, data, codebook.for_wave(label), settings, weights)
        for step in STEPS:
            start = time.perf_counter()
            step(ctx)
            if echo:
                echo(f"  wave {label}: {step.__name__.removesuffix('_step')} "
                     f"{time.perf_counter() - start:.1f}s")
        resp = ctx.scores.copy() if ctx.scores is not None else pd.DataFrame()
        ctx.add("respondents", resp)
        scored.append(_scored(data, resp, label, codebook))
        for name, pieces in ctx.tables.items():
            tables.setdefault(name, []).extend(pieces)
        notes += ctx.notes
        if qual is not None:
            quality[label] = qual.as_dict() if hasattr(qual, "as_dict") else qual
            if hasattr(qual, "to_frame"):
                tables.setdefault("quality", []).append(qual.to_frame())
        path = given if given is not None else source
        w = data["weight"].to_numpy(dtype=float)
        record = {"wave": label, "n": int(len(data)),
                  "n_effective": kish_n(w), "design_effect": design_effect(w),
                  "source": str(path) if path is not None else None,
                  "sha256": file_sha256(path, missing_ok=True) if path is not None else None}
        if not isinstance(wave, pd.DataFrame) and isinstance(getattr(wave, "rejects", None),
                                                             pd.DataFrame):
            rejects[label] = wave.rejects
            n_rejected = (qual.rejected if hasattr(qual, "rejected")
                          else wave.rejects["row"].nunique() if "row" in wave.rejects else 0)
            record.update(rejected=int(n_rejected))
            if hasattr(qual, "rows_read"):   # every row read, accounted for
                record.update(rows_read=int(qual.rows_read), blank=int(qual.blank))
        wave_records.append(record)

    tables["changes"] = _changes(inputs, tables.get("respondents", []), codebook)
    tables.update({name: [t] for name, t in _trends(scored, tables, codebook, settings).items()})
    order = list(CORE_TABLES) + [n for n in tables if n not in CORE_TABLES]
    out = {n: _concat(tables[n], n) for n in order if n in tables}
    model = {
        "synthetic_data": any(_is_synthetic(r["source"]) for r in wave_records),
        "waves": wave_records,
        "base_wave": base_label,
        "cls_weights": weights,
        "cls_weights_source": how,
        "cvi_weights": dict(settings.cvi_weights),
        "thresholds": codebook.thresholds.__dict__.copy(),
        "goals": dict(codebook.goals),
        "settings": settings.as_dict(),
        "seed": settings.seed,
        "codebook": {"name": codebook.name, "source": codebook.source,
                     "sha256": file_sha256(codebook.source, missing_ok=True)},
        "versions": _versions(),
        "missing_policy": dict(MISSING_POLICY),
        "notes": notes,
    }
    return Results(out, model, quality, rejects)


# ---------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("waves", nargs="+", metavar="WAVE",
                        help="survey wave files, oldest first (the first is the base wave)")
    parser.add_argument("--codebook", default=None, help="codebook YAML (default: shipped)")
    parser.add_argument("--config", default=None, help="settings YAML (weights, seed …)")
    parser.add_argument("--out", required=True, help="output directory for the tables")
    parser.add_argument("--xlsx", action="store_true", help="also write results.xlsx")


def _summary(res: Results, label: str) -> list[str]:
    lines = []
    ind = res.indices
    comp = ind[(ind["wave"] == label) & (ind["scope"] == COMPANY)].set_index("index")["value"]
    heads = [f"{k.upper()} {comp[k]:.1f}" for k in ("cvi", "cls", "cs", "nps") if k in comp]
    lines.append("    " + " · ".join(heads))
    m = res.strategy_matrix
    m = m[(m["wave"] == label) & (m["scope"] == COMPANY)]
    quads = [f"{q}: {', '.join(m.loc[m['quadrant'] == q, 'value'])}"
             for q in ("improve", "strengthen", "discover", "differentiate")
             if (m["quadrant"] == q).any()]
    lines.append("    strategy  " + " | ".join(quads))
    t = res.tasks
    for r in t[(t["wave"] == label) & (t["scope"] == COMPANY)].to_dict("records"):
        lines.append(f"    {r['quadrant']:<10}  {r['value']}: create [{r['create']}]"
                     f" raise [{r['raise']}]")
    divs = res.strategy_matrix
    divs = divs[(divs["wave"] == label) & divs["scope"].str.startswith("division:")]
    divs = divs.drop_duplicates("scope")
    if len(divs):
        lines.append("    divisions " + ", ".join(
            f"{r.scope.split(':', 1)[1]} n={r.n} ({r.impact_source} impacts)"
            for r in divs.itertuples()))
    return lines


def command(args: argparse.Namespace) -> int:
    from csvalue.instrument.load import load_wave

    codebook = load_codebook(args.codebook)
    settings = load_settings(args.config)
    from csvalue.instrument.load import rejects_name, require_accepted, write_rejects

    waves = []
    for path in args.waves:
        wave = load_wave(path, codebook)
        n_rej = wave.quality.rejected
        print(f"loaded {wave.quality.accounting()}"
              + (f" (the rejected rows: {Path(args.out) / rejects_name(wave.label)})"
                 if n_rej else ""), flush=True)
        if not wave.quality.accepted:   # nothing to analyse: say why, and keep the rejects
            require_accepted(wave, write_rejects(wave.rejects, wave.label, args.out, args.waves))
        waves.append(wave)
    res = analyze(waves, codebook, settings, sources=args.waves, echo=print)
    w = res.model["cls_weights"]
    print(f"CLS weights {', '.join(f'{k} {v:.3f}' for k, v in w.items())} "
          f"({res.model['cls_weights_source']})")
    for rec in res.model["waves"]:
        print(f"  wave {rec['wave']} (n={rec['n']:,})")
        for line in _summary(res, rec["wave"]):
            print(line)
    for note in res.model["notes"]:
        print(f"  note: {note}")
    written = write_results(res, args.out, xlsx=args.xlsx)
    print(f"wrote {len(written)} files to {args.out}")
    return 0
