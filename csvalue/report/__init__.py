"""Everything a reader sees: labels, number and interval formats, tables, figures, sentences and
glue for the chapters. The chapters import this package as ``r`` and call one function per
result; each function lives in the module named for what it does:

- :mod:`~csvalue.report.chapter` — a chapter's results (:func:`load_results`) and headline wave;
- :mod:`~csvalue.report.format` — numbers, p-values, intervals, plurals, lists;
- :mod:`~csvalue.report.labels` — ids, categories, scopes, quadrants and actions as labels;
- :mod:`~csvalue.report.tables` — Markdown tables formatted by data column;
- :mod:`~csvalue.report.glue` — numbers, words and figures for the chapters' prose;
- :mod:`~csvalue.report.figures` — every chart (the only plotting module besides teaching);
- chapter sections: :mod:`~csvalue.report.indices` (indices and goals),
  :mod:`~csvalue.report.impact`, :mod:`~csvalue.report.strategy` (company and divisions),
  :mod:`~csvalue.report.proposition`, :mod:`~csvalue.report.summary`,
  :mod:`~csvalue.report.segments`, :mod:`~csvalue.report.management`,
  :mod:`~csvalue.report.appendix`, :mod:`~csvalue.report.teaching`.

This is the only layer that imports matplotlib, seaborn, myst_nb or IPython.
"""

from csvalue.report.chapter import latest_wave, load_results
from csvalue.report.figures import (bar_chart, errc_charts, impact_heatmap, index_chart,
                                    matrix_chart, migration_figure, place_labels, trend_chart)
from csvalue.report.format import (INDEX_LABELS, estimate_text, format_number, format_p,
                                   interval_text, join_words, lower_first, number_word,
                                   p_phrase, plural, short_number, upper_first)
from csvalue.report.glue import glue_figure, glue_number, glue_text
from csvalue.report.impact import cls_weight_table, impact_frame, impact_table, simulation_table
from csvalue.report.indices import (GRADE_WORDS, division_goal_sentence, goal_grades,
                                    goal_sentence, goals_table, index_overview)
from csvalue.report.labels import (ACTION_LABELS, COLUMN_LABELS, QUADRANT_LABELS, action_name,
                                   category_label, division_name, header_label, id_label, label,
                                   label_cells, quadrant_name, readable, scope_label)
from csvalue.report.management import (SERVICE_GUIDE, change_display, compare_display,
                                       guide_display, index_display, indices_display,
                                       measurement_inventory, shares_display, stayed_sentence,
                                       stored_sentence, type_name)
from csvalue.report.proposition import proposition_note, proposition_tables
from csvalue.report.segments import (KMO_LABELS, METHOD_NAMES, bartlett_verdict, kmo_verdict,
                                     loadings_table, naming_list,
                                     non_positive_promoter_sentence, profile_test_table,
                                     representation, retention_phrase, rotation_phrase,
                                     segment_index_table, targeting_display, tier_display,
                                     unsegmented_sentence)
from csvalue.report.strategy import (errc_table, errc_targets, matrix_sentences, matrix_table,
                                     portfolio_table, task_table)
from csvalue.report.summary import change_sentence, headline_findings
from csvalue.report.tables import Table, show_table, table_markdown

__all__ = [
    "ACTION_LABELS", "COLUMN_LABELS", "GRADE_WORDS", "INDEX_LABELS", "KMO_LABELS",
    "METHOD_NAMES", "QUADRANT_LABELS", "SERVICE_GUIDE", "Table", "action_name", "bar_chart",
    "bartlett_verdict", "category_label", "change_display", "change_sentence",
    "cls_weight_table", "compare_display", "division_goal_sentence", "division_name",
    "errc_charts", "errc_table", "errc_targets", "estimate_text", "format_number", "format_p",
    "glue_figure", "glue_number", "glue_text", "goal_grades", "goal_sentence", "goals_table",
    "guide_display", "header_label", "headline_findings", "id_label", "impact_frame",
    "impact_heatmap", "impact_table", "index_chart", "index_display", "index_overview",
    "indices_display", "interval_text", "join_words", "kmo_verdict", "label", "label_cells",
    "latest_wave", "load_results", "loadings_table", "lower_first", "matrix_chart",
    "matrix_sentences", "matrix_table", "measurement_inventory", "migration_figure",
    "naming_list", "non_positive_promoter_sentence", "number_word", "p_phrase", "place_labels",
    "plural", "portfolio_table", "profile_test_table", "proposition_note",
    "proposition_tables", "quadrant_name", "readable", "representation", "retention_phrase",
    "rotation_phrase", "scope_label", "segment_index_table", "shares_display", "short_number",
    "show_table", "simulation_table", "stayed_sentence", "stored_sentence", "table_markdown",
    "targeting_display", "task_table", "tier_display", "trend_chart", "type_name",
    "unsegmented_sentence", "upper_first",
]
