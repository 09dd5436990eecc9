"""Which chapters and sections of the book apply to this instrument and these results.

The book follows the instrument: a block the codebook leaves out (the benefit layer, the
expectations, the divisions, the profile questions, the competitor, DiSC, the comments, a
second wave) turns off the chapters and sections built on it, and so does a result that is
empty (no value to improve or strengthen leaves no ERRC grid to draw). A section that does not
apply is left out of the book — never rendered empty — and the data-quality appendix says, in
one sentence per section, what was left out and why (:func:`omission_table`).

One function decides it, :func:`applicable_sections`, from the codebook and the results;
``csvalue build`` asks it which chapters to run (:data:`CHAPTER_NEEDS`) and which cells of each
chapter to drop: a chapter cell tagged ``if-<feature>`` (a section heading's cell: the whole
section, up to the next heading of the same level) is removed before the chapter runs when
``<feature>`` does not apply (:func:`csvalue.build.chapters.gate_cells`).

Example
-------
>>> from csvalue import load_codebook
>>> s = applicable_sections(load_codebook(), None)
>>> s.applies("benefits"), s.applies("second_wave"), s.applies("disc")
(True, True, True)
>>> raw_without = applicable_sections(load_codebook(), None, benefits=False)
>>> raw_without.applies("errc"), raw_without.reason("benefits")[:40]
(False, 'The codebook has no benefit layer, so th')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.pipeline.results import Results, read_results
from csvalue.report.format import lower_first
from csvalue.report.i18n import _, label_language

#: What each feature turns on, in the order the appendix lists the omissions.
FEATURES = {
    "benefits": "the benefit layer: benefits → values impacts, simulation, ERRC, portfolio",
    "expectations": "expectations of the values: the strategy matrix and everything after it",
    "matrix": "a strategy matrix for the scope (values with an importance and a gap)",
    "errc": "ERRC grids: targets (values to improve or strengthen) with benefits placed",
    "upper": "an upper value: the other values → the upper value",
    "simulation": "the strategy simulation (benefits with significant paths to CVI)",
    "proposition": "values chosen for the value proposition",
    "divisions": "divisions with a strategy of their own",
    "groups": "customer groups (profile questions, value segments)",
    "segments": "expectation factors and value segments",
    "profile": "profile questions to describe the value segments",
    "second_wave": "a second wave: tests of change and loyalty migration",
    "competitor": "ratings of the main competitor",
    "disc": "DiSC personality items",
    "voc": "a comments question (voice of the customer)",
    "optional": "any of the optional blocks (competitor, DiSC, comments)",
}

#: Chapters that run only when every feature listed applies (the others always run; their
#: sections are gated inside).
CHAPTER_NEEDS = {
    "03_company_tasks": ("matrix",),
    "04_division": ("divisions", "matrix"),
    "05_value_proposition": ("matrix",),
    # the goal path and the action plan are the smallest benefit gains that reach the goals
    "08_action_plan": ("benefits", "simulation"),
}


@dataclass(frozen=True)
class Sections:
    """The features that do not apply, each with the sentence that says why (``omitted``:
    feature → sentence); every other feature of :data:`FEATURES` applies."""

    omitted: dict[str, str]
    scope: str = "company"

    def applies(self, feature: str) -> bool:
        """Whether the sections tagged ``if-<feature>`` are part of the book."""
        if feature not in FEATURES:
            raise KeyError(f"unknown section feature {feature!r}; known: {', '.join(FEATURES)}")
        return feature not in self.omitted

    def reason(self, feature: str) -> str:
        """Why ``feature`` is left out ("" when it applies)."""
        return self.omitted.get(feature, "")

    @property
    def dropped_tags(self) -> tuple[str, ...]:
        """The cell tags whose cells a chapter of this scope leaves out, sorted."""
        return tuple(sorted(f"if-{f}" for f in self.omitted))

    def chapter_applies(self, chapter: str) -> bool:
        """Whether the chapter (its notebook's name) runs at all (:data:`CHAPTER_NEEDS`)."""
        return all(self.applies(f) for f in CHAPTER_NEEDS.get(chapter, ()))


def _rows(results: Results | None, name: str, wave: str | None, scope: str | None) -> int | None:
    """Rows of a result table for the wave and scope; None when there are no results."""
    if results is None:
        return None
    if name not in results.tables:
        return 0
    table = results.tables[name]
    if table.empty:
        return 0
    return len(results.table(name, wave, scope if "scope" in table else None))


def division_codes(codebook: Codebook, results: Results | None,
                   wave: str | None = None) -> list[tuple[str, str]]:
    """(code, label) of the divisions that have a strategy of their own in the headline wave,
    in codebook order (all the codebook's divisions when there are no results).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> [c for c, _ in division_codes(load_codebook(), None)]
    ['emr', 'pms', 'supplies']
    """
    if not codebook.has("division"):
        return []
    korean = label_language() == "ko"
    cats = [(code, ko if korean and ko else en)
            for code, en, ko in codebook.item("division").category_labels]
    if results is None:
        return cats
    m = results.tables.get("strategy_matrix", pd.DataFrame())
    if m.empty:
        return []
    wave = wave or results.latest_wave
    scopes = set(m.loc[m["wave"].astype(str) == str(wave), "scope"])
    return [(c, en) for c, en in cats if f"division:{c}" in scopes]


def division_noun(codebook: Codebook) -> str:
    """What the codebook calls its divisions, in lower case (``"division"``, ``"flight
    class"``): the label of its ``division`` item.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> division_noun(load_codebook())
    'division'
    """
    if not codebook.has("division"):
        return _("division")
    return lower_first(codebook.label("division", label_language()))


def applicable_sections(codebook: Codebook, results: Results | None, scope: str = "company",
                        wave: str | None = None, **given: Any) -> Sections:
    """Which features of :data:`FEATURES` apply to ``scope`` (``"company"`` or
    ``"division:<code>"``), from the codebook and, when given, the results of the headline
    wave (``wave``, default the latest); ``given`` overrides a feature by name (for tests and
    the doctest). Without results only the codebook decides.

    Each feature that does not apply carries one sentence that names what is left out and why,
    in the codebook's words.
    """
    wave = wave or (results.latest_wave if results is not None else None)
    noun = division_noun(codebook)
    where = "" if scope == "company" else _(" for {scope}").format(
        scope=_scope_words(codebook, scope))
    why: dict[str, str] = {}

    def check(feature: str, ok: bool | None, sentence: str) -> None:
        ok = given.get(feature, ok)
        if ok is False:
            why[feature] = sentence

    n_waves = len(results.model.get("waves", [])) if results is not None else None
    has_values_exp = any(codebook.has(codebook.exp(v, "value")) for v in codebook.values)
    check("benefits", bool(codebook.benefits),
          _("The codebook has no benefit layer, so the benefits → values impacts, the strategy "
            "simulation, the ERRC grids, the benefit portfolio, the task summary and the "
            "chapter on goals and the action plan are left out."))
    check("expectations", has_values_exp,
          _("The codebook asks no expectation of the values, so there is no gap between "
            "expectation and satisfaction: the strategy matrix, the company and {noun} tasks "
            "and the value proposition are left out.").format(noun=noun))
    matrix = _rows(results, "strategy_matrix", wave, scope)
    check("matrix", (has_values_exp and given.get("expectations", True)
                     and (matrix is None or matrix > 0)),
          _("No value has both an importance and a gap{where}, so its strategy matrix and the "
            "tasks that follow from it are left out.").format(where=where))
    errc = _rows(results, "errc", wave, scope)
    check("errc", bool(codebook.benefits) and given.get("benefits", True)
          and (errc is None or errc > 0),
          _("No value is a target to improve or strengthen with a benefit of significant "
            "impact{where}, so there are no ERRC grids, benefit portfolio or task summary"
            "{where}.").format(where=where))
    upper = None if results is None else _layer_rows(results, wave, 2) > 0
    check("upper", codebook.upper_value is not None and upper is not False,
          _("The codebook marks no value as the upper value, so the regression of the upper "
            "value on the other values is left out."))
    sim = _rows(results, "simulation", wave, scope)
    check("simulation", bool(codebook.benefits) and given.get("benefits", True)
          and (sim is None or sim > 0),
          _("Without a benefit layer (or a benefit with a significant path to CVI) there is no "
            "strategy simulation."))
    prop = None if results is None else _proposed(results, wave, scope)
    check("proposition", prop is None or prop > 0,
          _("No value qualifies for the value proposition{where} (an emotional or terminal "
            "value with a high impact on CVI), so the proposition table is left out."
            ).format(where=where))
    divisions = division_codes(codebook, results, wave)
    check("divisions", bool(divisions),
          _("The codebook defines no division (a profile item with the id division), so the "
            "report has no division chapters.") if not codebook.has("division") else
          _("No {noun} has a strategy matrix of its own in this wave, so the report has no "
            "{noun} chapters.").format(noun=noun))
    groups = None if results is None else _group_count(results, wave) > 0
    check("groups", groups,
          _("The report has no customer groups (no profile question other than the {noun} and "
            "no value segments), so the indices by customer group are left out."
            ).format(noun=noun))
    segs = _rows(results, "segments", wave, None)
    check("segments", segs is None or segs > 0,
          _("The expectation items gave no factor solution, so the expectation factors and the "
            "value segments are left out.") if has_values_exp else
          _("The codebook asks no expectations, so there are no expectation factors and no "
            "value segments."))
    profile_tests = _rows(results, "segment_profile_tests", wave, None)
    check("profile", bool(codebook.profile) and (profile_tests is None or profile_tests > 0),
          _("There is no profile question to describe the value segments by, so the tests of "
            "who the segments are are left out."))
    check("second_wave", n_waves is None or n_waves >= 2,
          _("The report has a single wave, so there are no tests of change between waves and "
            "no loyalty migration."))
    check("competitor", bool(codebook.block("competitor")),
          _("The codebook has no competitor block, so the comparison with the main competitor "
            "is left out."))
    check("disc", bool(codebook.block("personality")),
          _("The codebook has no personality (DiSC) items, so the personality types are left "
            "out."))
    check("voc", codebook.has("voc"),
          _("The codebook has no comments question (voice of the customer), so it lists "
            "none."))
    # the codebook appendix's heading over the three optional blocks (each says why it is out)
    check("optional", any(f not in why for f in ("competitor", "disc", "voc")), "")
    # what a feature builds on
    for feature, base in (("errc", "matrix"), ("proposition", "matrix"),
                          ("simulation", "benefits")):
        if base in why and feature not in why:
            why[feature] = why[base]
    return Sections({f: why[f] for f in FEATURES if f in why}, scope)


def _scope_words(codebook: Codebook, scope: str) -> str:
    from csvalue.report.labels import division_phrase, scope_label

    cat, _sep, code = scope.partition(":")
    return division_phrase(codebook, code) if cat == "division" else scope_label(scope, codebook)


def _layer_rows(results: Results, wave: str | None, layer: int) -> int:
    imp = results.tables.get("impacts", pd.DataFrame())
    if imp.empty:
        return 0
    imp = results.table("impacts", wave, "company")
    return int((imp["layer"].astype(int) == layer).sum())


def _proposed(results: Results, wave: str | None, scope: str) -> int:
    vp = results.tables.get("value_proposition", pd.DataFrame())
    if vp.empty:
        return 0
    vp = results.table("value_proposition", wave, scope)
    return int(vp["proposition"].astype(str).str.lower().eq("true").sum())


def _group_count(results: Results, wave: str | None) -> int:
    ind = results.tables.get("indices", pd.DataFrame())
    if ind.empty:
        return 0
    scopes = results.table("indices", wave)["scope"].astype(str).unique()
    return sum(1 for s in scopes if s != "company" and not s.startswith("division:"))


def omission_table(codebook: Codebook, results: Results | None,
                   scopes: list[str] | None = None) -> pd.DataFrame:
    """One row per section left out of the book: ``section`` (what the feature builds) and
    ``why``; the company's first, then each division scope's own (say, no ERRC grid for
    one division). Empty when the whole book applies.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> omission_table(load_codebook(), None).empty
    True
    """
    company = applicable_sections(codebook, results)
    rows = [{"section": f, "why": s} for f, s in company.omitted.items() if s]
    seen = {s for s in company.omitted.values()}
    if scopes is None and results is not None and company.applies("divisions"):
        scopes = [f"division:{c}" for c, _label in division_codes(codebook, results)]
    for scope in scopes or []:
        for f, s in applicable_sections(codebook, results, scope).omitted.items():
            if s and s not in seen:
                seen.add(s)
                rows.append({"section": f, "why": s})
    return pd.DataFrame(rows, columns=["section", "why"])


def omission_sentences(codebook: Codebook, results: Results | str | Path | None) -> str:
    """The data-quality appendix's paragraph on what the book leaves out: one sentence per
    section that does not apply (:func:`omission_table`), or that every section applies.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> omission_sentences(load_codebook(), None)
    'Every chapter and section of the report applies to this survey.'
    """
    if isinstance(results, (str, Path)):    # a results folder: read, when it holds results
        folder = Path(results)
        results = read_results(folder) if (folder / "model.json").exists() else None
    table = omission_table(codebook, results)
    if table.empty:
        return _("Every chapter and section of the report applies to this survey.")
    return " ".join(table["why"])
