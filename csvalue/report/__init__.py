"""Everything a reader sees: labels, number and interval formats, tables, figures, sentences and
glue for the chapters. The chapters import this package as ``r`` and call one function per
result; each function lives in the module named for what it does:

- :mod:`~csvalue.report.chapter` — a chapter's results (:func:`load_results`), headline wave
  and the database's trends (:func:`load_trends`);
- :mod:`~csvalue.report.format` — numbers, p-values, intervals, plurals, lists;
- :mod:`~csvalue.report.labels` — ids, categories, scopes, quadrants and actions as labels;
- :mod:`~csvalue.report.tables` — Markdown tables formatted by data column;
- :mod:`~csvalue.report.glue` — numbers, words and figures for the chapters' prose;
- :mod:`~csvalue.report.figures` — every chart (the only plotting module besides teaching);
- chapter sections: :mod:`~csvalue.report.indices` (indices and goals),
  :mod:`~csvalue.report.impact`, :mod:`~csvalue.report.strategy` (company and divisions),
  :mod:`~csvalue.report.proposition`, :mod:`~csvalue.report.summary`,
  :mod:`~csvalue.report.segments`, :mod:`~csvalue.report.management`,
  :mod:`~csvalue.report.appendix`, :mod:`~csvalue.report.action_plan` (goals and the
  action plan), and for the concept chapters
  :mod:`~csvalue.report.concepts` with the worked examples of :mod:`~csvalue.report.teaching`
  (imported as modules: ``from csvalue.report import concepts as c``);
- :mod:`~csvalue.report.xref` — the book's Sphinx extension for cross-references in a
  partial build.

A chapter glues the numbers its prose cites with ``glue_all(<section>_facts(…))``: each
``…_facts`` function returns them by glue name, computed and tested in one place.

This is the only layer that imports matplotlib, seaborn, myst_nb or IPython.

The names are imported on first use (:pep:`562`), so that ``import csvalue.report.format``
(the build uses it) does not pull in matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

#: module of csvalue.report → the names the chapters call as ``r.<name>``
_EXPORTS: dict[str, tuple[str, ...]] = {
    "applicable": ("applicable_sections", "division_noun", "omission_sentences",
                   "omission_table",),
    "action_plan": (
        "gain_table", "goal_path_table", "has_catalogue", "plan_facts", "plan_table",
        "status_text",
    ),
    "chapter": ("latest_wave", "load_results", "load_trends",),
    "comparisons": ("division_test_sentence",),
    "segment_checks": ("firmness_sentence", "profile_test_note"),
    "figures": (
        "bar_chart", "errc_charts", "goal_path_chart", "impact_heatmap", "index_chart", "matrix_chart",
        "migration_figure", "note_figure", "place_labels", "segment_chart", "simulation_chart",
        "trend_chart",
    ),
    "appendix": ("design_effect_sentence",),
    "format": (
        "INDEX_LABELS", "estimate_text", "format_number", "format_p", "interval_text",
        "join_words", "lower_first", "number_word", "p_phrase", "plural", "short_number",
        "upper_first",
    ),
    "glue": ("glue_all", "glue_figure", "glue_number", "glue_text",),
    "i18n": ("N_", "_", "language", "ngettext"),
    "impact": (
        "cls_weight_facts", "cls_weight_table", "cvi_driver_facts", "cvi_driver_table",
        "impact_frame", "impact_table", "simulation_facts", "simulation_table",
    ),
    "indices": (
        "GRADE_WORDS", "division_facts", "division_goal_sentence", "division_scopes",
        "goal_grades", "goal_sentence", "goals_table", "group_scopes", "index_facts",
        "index_overview",
    ),
    "labels": (
        "ACTION_LABELS", "COLUMN_LABELS", "QUADRANT_LABELS", "action_name", "category_label",
        "division_name", "division_phrase", "header_label", "id_label", "label", "label_cells", "quadrant_name",
        "readable", "scope_label",
    ),
    "management": (
        "SERVICE_GUIDE", "change_display", "compare_display", "competitor_tables", "disc_tables",
        "guide_display", "index_display", "indices_display", "measurement_inventory",
        "migration_chart", "migration_facts", "shares_display", "stayed_sentence",
        "stored_sentence", "trend_table", "type_name",
        "adjustment_facts", "decomposition_facts", "decomposition_table", "pair_matrix",
        "symmetry_sentence", "results_adjustment_facts",
    ),
    "proposition": ("proposition_facts", "proposition_note", "proposition_tables",),
    "segments": (
        "KMO_LABELS", "METHOD_NAMES", "RESID_CRIT", "bartlett_verdict", "factor_facts",
        "kmo_verdict", "loadings_table", "naming_list", "non_positive_promoter_sentence",
        "portrait_sentences", "portraits_markdown",
        "profile_test_table", "promoter_note", "representation", "retention_phrase",
        "rotation_phrase", "segment_facts", "segment_index_table", "target_sentences",
        "targeting_display", "targets_markdown", "task_text",
        "tier_display", "tier_facts", "unsegmented_note", "unsegmented_sentence",
    ),
    "strategy": (
        "errc_table", "errc_targets", "grids_sentence", "matrix_sentences", "matrix_table",
        "portfolio_table", "quadrant_facts", "section_errc_charts", "section_matrix_chart",
        "section_title", "show_errc_tables", "task_table",
    ),
    "summary": (
        "chain_sentence", "change_sentence", "findings_markdown", "first_tasks_sentence",
        "headline_findings", "nps_norm_sentence", "scorecard", "shortfall_sentences",
        "story_markdown", "summary_facts",
    ),
    "tables": (
        "Table", "show_markdown", "show_sentence", "show_table", "show_tables", "table_markdown",
    ),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    try:
        module = _HOME[name]
    except KeyError:
        raise AttributeError(f"module 'csvalue.report' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"csvalue.report.{module}"), name)
    globals()[name] = value   # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
