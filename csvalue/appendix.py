"""Tables of the book's appendices: the codebook rendered as tables, and data-quality counts.

The codebook appendix is generated from ``data/codebook.yml`` (or an analyst's copy) every
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

import pandas as pd

from csvalue.codebook import Codebook


def _scale(item) -> str:
    if item.scale is None:
        return ""
    lo, hi = item.scale
    return f"{lo:g}–{hi:g}"


def _name(item) -> str:
    """The canonical id, with the file column when the codebook maps a different one."""
    return item.id if item.column == item.id else f"{item.id} (file: {item.column})"


def codebook_tables(codebook: Codebook) -> dict[str, pd.DataFrame]:
    """The instrument as display tables, keyed by section, in reading order.

    Sections (present only when the codebook has them): ``profile``, ``benefits``, ``values``,
    ``indices``, ``competitor``, ``personality``, ``voc``, ``thresholds``, ``goals``,
    ``factors``, ``loyalty_tiers``. Column names are display names; every table has one row per
    codebook entry and nothing typed by hand. Items are named by canonical id, followed by
    ``(file: column)`` where the survey file names the column differently.
    """
    out: dict[str, pd.DataFrame] = {}
    profile = []
    for it in codebook.block("id", "profile"):
        if it.kind == "category":
            values = "; ".join(f"{code} = {en}" for code, en, _ in it.category_labels)
        elif it.kind == "numeric":
            values = f"number {_scale(it)}" if it.scale else "number"
            if it.bands:
                values += "; bands " + ", ".join(it.bands[1])
        else:
            values = "text"
        profile.append({"item": _name(it) + ("" if it.required else " (optional)"),
                        "English": it.label_en, "Korean": it.label_ko, "values": values})
    out["profile"] = pd.DataFrame(profile)

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
                row["level"] = (c.level or "") + (" (upper)" if c.upper else "")
            rows.append(row)
        if rows:
            out[key] = pd.DataFrame(rows)

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
        return pd.DataFrame(rows)

    out["indices"] = items("index")
    for block, extra in (("competitor", None), ("personality", "subscale"), ("voc", None)):
        if codebook.block(block):
            out[block] = items(block, extra)

    th = codebook.thresholds
    out["thresholds"] = pd.DataFrame([
        {"threshold": name, "value": f"{getattr(th, name):g}"} for name in th.__dataclass_fields__])
    out["goals"] = pd.DataFrame([
        {"index": codebook.label(k), "goal (at least)": float(v)} for k, v in codebook.goals.items()])
    if codebook.factors:
        out["factors"] = pd.DataFrame([
            {"factor": f"{f.label_en} ({f.label_ko})", "items": ", ".join(f.items),
             "segment": f"{f.segment_en} ({f.segment_ko})"}
            for f in codebook.factors])
    if codebook.tiers:
        out["loyalty_tiers"] = pd.DataFrame(
            [{"tier": en, "metal": metal, "Korean": ko} for _, en, metal, ko in codebook.tiers])
    return out


def quality_summary(rejects: pd.DataFrame, accepted: int) -> pd.DataFrame:
    """Accepted and rejected respondent rows, by rejection reason.

    Parameters
    ----------
    rejects : the rejects table of a loaded wave, columns ``[file, row, column, value,
        reason]`` — one line per problem, so a row with two problems appears twice.
    accepted : the number of accepted rows.

    Returns
    -------
    ``status, reason, rows, share`` — one ``accepted`` line, one ``rejected`` line per reason
    (rows with that reason; a row may count under several reasons), and a ``rejected`` total of
    distinct rows; ``share`` in % of all rows read (accepted + distinct rejected).

    Example
    -------
    >>> rej = pd.DataFrame({"file": ["w.csv"] * 3, "row": [4, 4, 9],
    ...                     "column": ["cs", "recommend", "resp_id"], "value": ["9", "11", "r1"],
    ...                     "reason": ["out of scale", "out of scale", "duplicate id"]})
    >>> quality_summary(rej, 98)["rows"].tolist()
    [98, 1, 1, 2]
    """
    need = {"file", "row", "reason"}
    if not need <= set(rejects.columns):
        raise ValueError(f"rejects need columns {sorted(need)}; got {list(rejects.columns)}")
    distinct = rejects.drop_duplicates(["file", "row", "reason"])
    by_reason = distinct.groupby("reason").size().sort_values(ascending=False)
    n_rejected = int(len(rejects.drop_duplicates(["file", "row"])))
    total = accepted + n_rejected
    rows = [{"status": "accepted", "reason": "", "rows": int(accepted)}]
    rows += [{"status": "rejected", "reason": str(r), "rows": int(c)} for r, c in by_reason.items()]
    rows.append({"status": "rejected", "reason": "all reasons (distinct rows)", "rows": n_rejected})
    out = pd.DataFrame(rows)
    out["share"] = 100.0 * out["rows"] / total if total else float("nan")
    return out
