"""Tables of the book's appendices: the codebook rendered as tables, and data-quality counts.

The codebook appendix is generated from the survey's codebook every
build, so it can never drift from the instrument the analysis used.

Example
-------
>>> from csvalue import load_codebook
>>> tabs = codebook_tables(load_codebook())
>>> list(tabs)[:3]
['profile', 'benefits', 'values']
>>> tabs["benefits"].iloc[0]["satisfaction"]
'b_convenience'
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.report.format import join_words
from csvalue.report.i18n import N_, Messages, _, label_language, ngettext
from csvalue.report.labels import LEVEL_WORDS
from csvalue.report.tables import show_markdown, show_table


def _scale(item) -> str:
    if item.scale is None:
        return ""
    lo, hi = item.scale
    return f"{lo:g}–{hi:g}"


def _name(item) -> str:
    """The canonical id, with the file column when the codebook maps a different one."""
    return item.id if item.column == item.id else _("{id} (file: {column})").format(
        id=item.id, column=item.column)


def codebook_tables(codebook: Codebook) -> dict[str, pd.DataFrame]:
    """The instrument as display tables, keyed by section, in reading order.

    Sections (present only when the codebook has them): ``profile``, ``benefits``, ``values``,
    ``indices``, ``competitor``, ``personality``, ``voc``, ``thresholds``, ``goals``,
    ``factors``, ``loyalty_tiers``. Column names are display names (category answers and
    goals named in the edition's language); every table has one row per
    codebook entry and nothing typed by hand. Items are named by canonical id, followed by
    ``(file: column)`` where the survey file names the column differently.
    """
    out: dict[str, pd.DataFrame] = {}
    lang = label_language()
    profile = []
    for it in codebook.block("id", "profile"):
        if it.kind == "category":
            values = "; ".join(f"{code} = {ko if lang == 'ko' else en}"
                               for code, en, ko in it.category_labels)
        elif it.kind == "numeric":
            values = (_("number {scale}").format(scale=_scale(it)) if it.scale
                      else _("number"))
            if it.bands:
                values += _("; bands {bands}").format(bands=", ".join(it.bands[1]))
        else:
            values = _("text")
        profile.append({"item": _name(it) + ("" if it.required else _(" (optional)")),
                        "English": it.label_en, "Korean": it.label_ko, "values": values})
    out["profile"] = _headed(pd.DataFrame(profile))

    for layer, key in (("benefit", "benefits"), ("value", "values")):
        concepts = codebook.benefit_concepts if layer == "benefit" else codebook.value_concepts
        rows = []
        for c in concepts:
            sat = codebook.item(codebook.sat(c.id, layer))
            exp_id = codebook.exp(c.id, layer)
            row = {"id": c.id, "English": c.label_en, "Korean": c.label_ko,
                   "satisfaction": _name(sat),
                   "expectation": _name(codebook.item(exp_id)) if codebook.has(exp_id) else "",
                   "scale": _scale(sat)}
            if layer == "value":
                row["level"] = (LEVEL_WORDS.get(c.level, c.level) if c.level else "") + (
                    _(" (upper)") if c.upper else "")
            rows.append(row)
        if rows:
            out[key] = _headed(pd.DataFrame(rows))

    def items(block: str, extra: str | None = None) -> pd.DataFrame:
        rows = []
        for it in codebook.block(block):
            row = {"item": _name(it)}
            if extra == "subscale":
                row["subscale"] = it.key or ""
            row.update({"English": it.label_en, "Korean": it.label_ko})
            if it.scale is not None:
                row["scale"] = _scale(it)
            rows.append(row)
        return _headed(pd.DataFrame(rows))

    out["indices"] = items("index")
    for block, extra in (("competitor", None), ("personality", "subscale"), ("voc", None)):
        if codebook.block(block):
            out[block] = items(block, extra)

    th = codebook.thresholds
    out["thresholds"] = _headed(pd.DataFrame([
        {"threshold": THRESHOLD_LABELS.get(name, name), "key": name,
         "value": f"{getattr(th, name):g}"} for name in th.__dataclass_fields__]))
    out["goals"] = _headed(pd.DataFrame([
        {"index": codebook.label(k, lang), "goal": float(v)}
        for k, v in codebook.goals.items()]))
    if codebook.factors:
        out["factors"] = _headed(pd.DataFrame([
            {"factor": f"{f.label_en} ({f.label_ko})",
             "items": ", ".join(_item_label(codebook, i) for i in f.items),
             "segment": f"{f.segment_en} ({f.segment_ko})"}
            for f in codebook.factors]))
    if codebook.tiers:
        out["loyalty_tiers"] = _headed(pd.DataFrame(
            [{"tier": en, "metal": metal, "Korean": ko} for _t, en, metal, ko in codebook.tiers]))
    return out


#: The headers of the codebook tables (their data keys stay the codebook's words).
CODEBOOK_HEADERS = Messages({
    "item": N_("item"), "English": N_("English"), "Korean": N_("Korean"),
    "values": N_("values"), "id": N_("id"), "satisfaction": N_("satisfaction"),
    "expectation": N_("expectation"), "scale": N_("scale"), "level": N_("level"),
    "subscale": N_("subscale"), "threshold": N_("threshold"), "key": N_("key"),
    "value": N_("value"), "index": N_("index"), "goal": N_("goal (at least)"),
    "factor": N_("factor"), "items": N_("items"), "segment": N_("segment"),
    "tier": N_("tier"), "metal": N_("metal")})


def _headed(table: pd.DataFrame) -> pd.DataFrame:
    """A codebook table with its headers in the active language."""
    return table.rename(columns={c: CODEBOOK_HEADERS.get(c, c) for c in table.columns})


#: The headers of the codebook reference (:func:`codebook_reference_table`).
REFERENCE_HEADERS = Messages({
    "where": N_("where"), "key": N_("key"), "type": N_("type"), "default": N_("default"),
    "example": N_("example"), "meaning": N_("meaning")})


def codebook_reference_table() -> pd.DataFrame:
    """The codebook reference (:func:`csvalue.instrument.codebook_keys.codebook_reference`)
    in the active language: its headers, and the type, default and meaning of every key
    (marked in the instrument layer, translated here); places (but the top level), keys and
    examples stay as the YAML file writes them.

    Example
    -------
    >>> from csvalue.report.i18n import using
    >>> with using("ko"):
    ...     ref = codebook_reference_table()
    >>> ref.columns[-1], ref.iloc[0, -1]
    ('의미', '설문의 이름')
    """
    from csvalue.instrument.codebook_keys import PLACES, codebook_reference

    ref = codebook_reference()
    for col in ("type", "default", "meaning"):
        ref[col] = [_(v) for v in ref[col]]
    ref["where"] = [_(v) if v == PLACES["top"] else v for v in ref["where"]]
    return ref.rename(columns={c: REFERENCE_HEADERS.get(c, c) for c in ref.columns})


def codebook_facts(codebook: Codebook) -> dict[str, float]:
    """How many items the instrument has (``cb_n_items``), and among them benefits
    (``cb_n_benefits``) and values (``cb_n_values``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> codebook_facts(load_codebook())["cb_n_values"]
    7
    """
    return {"cb_n_items": len(codebook.items), "cb_n_benefits": len(codebook.benefits),
            "cb_n_values": len(codebook.values)}


def show_codebook_table(tables: dict[str, pd.DataFrame], key: str, digits: int = 0) -> None:
    """Show one section of :func:`codebook_tables`, or say that the instrument has no such
    block (an analyst's codebook may leave out the optional ones).

    Example
    -------
    >>> show_codebook_table({}, "competitor")
    <IPython.core.display.Markdown object>
    """
    if key in tables:
        show_table(tables[key], digits)
    else:
        show_markdown("*" + _("This instrument has no such block.") + "*")


#: What each codebook threshold means (the key stays beside it, for editing the codebook).
THRESHOLD_LABELS = Messages({
    "promoter_min": N_("promoter: recommend at least"),
    "detractor_max": N_("detractor: recommend at most"),
    "repurchase_strong": N_("strong repurchase intention: at least"),
    "repurchase_weak": N_("weak repurchase intention: at least"),
    "small_base": N_("small base: groups under this n are flagged"),
    "disclosure_min": N_("disclosure: cells under this n are suppressed"),
    "min_division_n": N_("division impacts estimated from this n (else company-wide)"),
})


def _item_label(codebook: Codebook, cid: str) -> str:
    """An item as readers know it: its codebook label in the edition's language
    ("Expected: Ease of work")."""
    return codebook.item(cid).label(label_language()) if codebook.has(cid) else cid


#: Display names of the rejection reasons of :mod:`csvalue.instrument.load`.
REASON_LABELS = Messages({
    "missing_id": N_("respondent id missing"),
    "not_a_number": N_("answer is not a number"),
    "out_of_range": N_("answer outside its scale"),
    "unknown_category": N_("category code not in the codebook"),
    "not_a_whole_number": N_("answer is not a whole number"),
})
#: The counts of :func:`quality_table` (its ``count`` column keeps these keys).
COUNT_LABELS = Messages({
    "rows read": N_("rows read"), "blank lines skipped (not rows)":
        N_("blank lines skipped (not rows)"), "accepted": N_("accepted"),
    "rejected": N_("rejected"), "rejected: {reason}": N_("rejected: {reason}"),
    "missing answers (accepted rows, all items)":
        N_("missing answers (accepted rows, all items)"),
    "straight-liners (flagged, kept)": N_("straight-liners (flagged, kept)")})


def quality_table(quality: pd.DataFrame) -> pd.DataFrame:
    """The data-quality counts of each wave as a display table.

    Parameters
    ----------
    quality : the tidy quality counts ``[wave, measure, detail, n]`` — ``quality.csv`` of
        ``csvalue analyze`` or ``Wave.quality.to_frame()`` of :func:`csvalue.instrument.load.load_wave`
        (measures ``rows_read``, ``accepted``, ``rejected``, ``rejected_by_reason``,
        ``missing``, ``straightliners``).

    Returns
    -------
    ``wave, count, rows, share`` — rows read, accepted, rejected, then one line per rejection
    reason (a row with problems of two reasons counts under both), missing answers among the
    accepted rows and straight-liners; ``share`` is % of the rows read (blank for missing
    answers, which are counted per answer, not per row).

    Example
    -------
    >>> q = pd.DataFrame({"wave": "2025", "n": [100, 97, 3, 2, 1, 12, 4],
    ...     "measure": ["rows_read", "accepted", "rejected", "rejected_by_reason",
    ...                 "rejected_by_reason", "missing", "straightliners"],
    ...     "detail": ["", "", "", "out_of_range", "missing_id", "cs", ""]})
    >>> quality_table(q)["rows"].tolist()
    [100, 97, 3, 2, 1, 12, 4]
    """
    need = {"wave", "measure", "detail", "n"}
    if not need <= set(quality.columns):
        raise ValueError(f"quality counts need columns {sorted(need)}; got {list(quality.columns)}")
    rows = []
    for wave, q in quality.groupby("wave", sort=False):
        q = q.fillna({"detail": ""})

        def total(measure: str) -> int:
            return int(q.loc[q["measure"] == measure, "n"].sum())

        read = total("rows_read")
        share = (lambda n: 100.0 * n / read) if read else (lambda n: float("nan"))
        rows.append((wave, "rows read", read, share(read)))
        if total("blank_rows"):
            rows.append((wave, "blank lines skipped (not rows)", total("blank_rows"),
                         float("nan")))
        rows.append((wave, "accepted", total("accepted"), share(total("accepted"))))
        rows.append((wave, "rejected", total("rejected"), share(total("rejected"))))
        for _i, r in q[q["measure"] == "rejected_by_reason"].iterrows():
            label = dict.get(REASON_LABELS, str(r["detail"]), str(r["detail"]))
            rows.append((wave, f"rejected: {label}", int(r["n"]), share(int(r["n"]))))
        rows.append((wave, "missing answers (accepted rows, all items)", total("missing"),
                     float("nan")))
        rows.append((wave, "straight-liners (flagged, kept)", total("straightliners"),
                     share(total("straightliners"))))
    return pd.DataFrame(rows, columns=["wave", "count", "rows", "share"])


def quality_counts(results_dir: str | Path | None, waves: str | Path | Iterable[str | Path],
                   codebook: Codebook) -> pd.DataFrame:
    """The tidy data-quality counts behind the appendix: ``quality.csv`` of a ``csvalue
    analyze --out`` folder when ``results_dir`` holds one, else those of loading ``waves``
    (one file or several) with :func:`csvalue.instrument.load.load_wave`. A relative wave path
    names a file of the shipped demo project, like the chapters' default parameters.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> q = quality_counts(None, "waves/wave_2025.csv", load_codebook())
    >>> int(q.loc[q["measure"] == "rows_read", "n"].sum())
    2000
    """
    from csvalue.instrument.load import load_wave
    from csvalue.instrument.project import demo_path

    stored = Path(results_dir) / "quality.csv" if results_dir else None
    if stored is not None and stored.exists():
        return pd.read_csv(stored, dtype={"wave": str}, keep_default_na=False)
    paths = list(waves) if isinstance(waves, (list, tuple)) else [waves]
    return pd.concat([load_wave(demo_path(p), codebook).quality.to_frame() for p in paths],
                     ignore_index=True)


def quality_facts(table: pd.DataFrame) -> dict[str, float | str]:
    """What the appendix says of :func:`quality_table`: the waves (a count and in words),
    rows read, accepted and rejected (also as % of the rows read) and straight-liners, all
    waves together.

    Example
    -------
    >>> t = pd.DataFrame({"wave": ["2025"] * 4, "count": ["rows read", "accepted",
    ...     "rejected", "straight-liners (flagged, kept)"], "rows": [100, 97, 3, 4]})
    >>> quality_facts(t)  # doctest: +NORMALIZE_WHITESPACE
    {'dq_waves': 1, 'dq_waves_text': '1 wave', 'dq_read': 100.0, 'dq_accepted': 97.0,
     'dq_rejected': 3.0, 'dq_rejected_pct': 3.0, 'dq_straight': 4.0}
    """
    def total(count: str) -> float:
        return float(table.loc[table["count"] == count, "rows"].sum())

    read = total("rows read")
    return {"dq_waves": table["wave"].nunique(),
            "dq_waves_text": ngettext("{n} wave", "{n} waves", table["wave"].nunique()).format(
                n=table["wave"].nunique()), "dq_read": read,
            "dq_accepted": total("accepted"), "dq_rejected": total("rejected"),
            "dq_rejected_pct": 100.0 * total("rejected") / read if read else 0.0,
            "dq_straight": total("straight-liners (flagged, kept)")}


def quality_display(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`quality_table` for display: the counts' names without a header, the share as
    "share of rows read (%)".

    Example
    -------
    >>> quality_display(pd.DataFrame({"wave": ["2025"], "count": ["rows read"],
    ...                               "rows": [100], "share": [100.0]})).columns.tolist()
    ['wave', '', 'rows', 'share of rows read (%)']
    """
    out = table.copy()
    out["count"] = [_count_label(c) for c in out["count"]]
    return out.rename(columns={"wave": _("wave"), "count": "", "rows": _("rows"),
                               "share": _("share of rows read (%)")})


def _count_label(count: str) -> str:
    """A count of :func:`quality_table` in the active language."""
    if count.startswith("rejected: "):   # "rejected: <the English reason>"
        reason = count.removeprefix("rejected: ")
        key = {dict.__getitem__(REASON_LABELS, k): k for k in REASON_LABELS}.get(reason)
        return COUNT_LABELS["rejected: {reason}"].format(
            reason=REASON_LABELS[key] if key else reason)
    return COUNT_LABELS.get(count, count)


def design_effects(source, waves: str | Path | Iterable[str | Path] = (),
                   codebook: Codebook | None = None) -> pd.DataFrame:
    """Each wave's effective base and design effect of weighting: ``wave, n, n_effective,
    design_effect``, from analysis results or their ``model.json`` record (``source``: a
    Results, the record, or a ``csvalue analyze --out`` folder holding ``model.json``; a
    record without design effects, or a folder with only ``quality.csv``, comes from a
    csvalue that did not weight, so its waves are unweighted), else from loading ``waves``
    (Kish's n of their weight column; 1 each without one).

    Example
    -------
    >>> design_effects({"waves": [{"wave": "2025", "n": 4, "n_effective": 3.2,
    ...                            "design_effect": 1.25}]}).values.tolist()
    [['2025', 4, 3.2, 1.25]]
    """
    import json

    from csvalue.instrument.load import load_wave
    from csvalue.instrument.project import demo_path
    from csvalue.stats.weights import design_effect, kish_n

    model = getattr(source, "model", source)
    if isinstance(model, (str, Path)):
        folder = Path(model)
        stored, quality = folder / "model.json", folder / "quality.csv"
        if stored.exists():
            model = json.loads(stored.read_text(encoding="utf-8"))
        elif quality.exists():
            # results of a csvalue that did not weight: every wave unweighted
            q = pd.read_csv(quality, dtype={"wave": str}, keep_default_na=False)
            acc = q[q["measure"] == "accepted"]
            model = {"waves": [{"wave": w, "n": int(n)} for w, n in zip(acc["wave"], acc["n"])]}
        else:
            model = None
    if isinstance(model, dict):
        rows = [{"wave": str(w["wave"]), "n": int(w["n"]),
                 "n_effective": float(w.get("n_effective", w["n"])),
                 "design_effect": float(w.get("design_effect", 1.0))} for w in model["waves"]]
    else:
        rows = []
        for path in (list(waves) if isinstance(waves, (list, tuple)) else [waves]):
            wave = load_wave(demo_path(path), codebook)
            w = (wave.data["weight"].to_numpy(dtype=float) if "weight" in wave.data
                 else [1.0] * len(wave.data))
            rows.append({"wave": wave.label, "n": len(wave.data), "n_effective": kish_n(w),
                         "design_effect": design_effect(w)})
    return pd.DataFrame(rows, columns=["wave", "n", "n_effective", "design_effect"])


def design_effect_sentence(effects) -> str:
    """What the report says of the survey weights: each wave's design effect and effective
    base, or that the waves are unweighted (``effects``: :func:`design_effects`, or what it
    reads).

    Example
    -------
    >>> print(design_effect_sentence(pd.DataFrame({"wave": ["2024", "2025"], "n": [10, 10],
    ...     "n_effective": [10.0, 8.0], "design_effect": [1.0, 1.25]})))
    ... # doctest: +NORMALIZE_WHITESPACE
    Estimates are weighted by each respondent's survey weight. The design effect of the
    weighting is 1.00 in 2024 (effective base 10 of 10 respondents) and 1.25 in 2025
    (effective base 8 of 10 respondents); every interval and test uses the effective base.
    """
    if not isinstance(effects, pd.DataFrame):
        effects = design_effects(effects)
    waves = join_words(effects["wave"].tolist())
    if (effects["design_effect"].round(12) == 1).all():
        return ngettext("The wave {waves} is unweighted (design effect 1.00): every respondent "
                        "counts once, and the base of every interval is its number of "
                        "respondents.",
                        "The waves {waves} are unweighted (design effect 1.00): every "
                        "respondent counts once, and the base of every interval is its number "
                        "of respondents.", len(effects)).format(waves=waves)
    parts = [_("{effect} in {wave} (effective base {effective} of {n} respondents)").format(
        effect=f"{r.design_effect:.2f}", wave=r.wave, effective=f"{r.n_effective:,.0f}",
        n=f"{r.n:,}") for r in effects.itertuples()]
    listed = parts[0] if len(parts) == 1 else _("{items} and {last}").format(
        items=", ".join(parts[:-1]), last=parts[-1])
    return _("Estimates are weighted by each respondent's survey weight. The design effect of "
             "the weighting is {listed}; every interval and test uses the effective base."
             ).format(listed=listed)
