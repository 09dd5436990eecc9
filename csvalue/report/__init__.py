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
  :mod:`~csvalue.report.appendix`, and for the concept chapters
  :mod:`~csvalue.report.concepts` with the worked examples of :mod:`~csvalue.report.teaching`
  (imported as modules: ``from csvalue.report import concepts as c``);
- :mod:`~csvalue.report.xref` — the book's Sphinx extension for cross-references in a
  partial build.

A chapter glues the numbers its prose cites with ``glue_all(<section>_facts(…))``: each
``…_facts`` function returns them by glue name, computed and tested in one place.

This is the only layer that imports matplotlib, seaborn, myst_nb or IPython.
"""

from csvalue.report.chapter import latest_wave, load_results, load_trends
from csvalue.report.figures import (bar_chart, errc_charts, impact_heatmap, index_chart,
                                    matrix_chart, migration_figure, note_figure, place_labels,
                                    segment_chart, simulation_chart, trend_chart)
from csvalue.report.format import (INDEX_LABELS, estimate_text, format_number, format_p,
                                   interval_text, join_words, lower_first, number_word, p_phrase,
                                   plural, short_number, upper_first)
from csvalue.report.glue import glue_all, glue_figure, glue_number, glue_text
from csvalue.report.impact import (cls_weight_facts, cls_weight_table, cvi_driver_facts,
                                   cvi_driver_table, impact_frame, impact_table, simulation_facts,
                                   simulation_table)
from csvalue.report.indices import (GRADE_WORDS, division_facts, division_goal_sentence,
                                    division_scopes, goal_grades, goal_sentence, goals_table,
                                    group_scopes, index_facts, index_overview)
from csvalue.report.labels import (ACTION_LABELS, COLUMN_LABELS, QUADRANT_LABELS, action_name,
                                   category_label, division_name, header_label, id_label, label,
                                   label_cells, quadrant_name, readable, scope_label)
from csvalue.report.management import (SERVICE_GUIDE, change_display, compare_display,
                                       competitor_tables, disc_tables, guide_display,
                                       index_display, indices_display, measurement_inventory,
                                       migration_chart, migration_facts, shares_display,
                                       stayed_sentence, stored_sentence, trend_table, type_name)
from csvalue.report.proposition import proposition_facts, proposition_note, proposition_tables
from csvalue.report.segments import (KMO_LABELS, METHOD_NAMES, RESID_CRIT, bartlett_verdict,
                                     factor_facts, kmo_verdict, loadings_table, naming_list,
                                     non_positive_promoter_sentence, profile_test_table,
                                     promoter_note, representation, retention_phrase,
                                     rotation_phrase, segment_facts, segment_index_table,
                                     targeting_display, tier_display, tier_facts, unsegmented_note,
                                     unsegmented_sentence)
from csvalue.report.strategy import (errc_table, errc_targets, grids_sentence, matrix_sentences,
                                     matrix_table, portfolio_table, quadrant_facts,
                                     section_errc_charts, section_matrix_chart, section_title,
                                     show_errc_tables, task_table)
from csvalue.report.summary import (change_sentence, findings_markdown, headline_findings,
                                    summary_facts)
from csvalue.report.tables import (Table, show_markdown, show_sentence, show_table, show_tables,
                                    table_markdown)

__all__ = [
    "ACTION_LABELS", "COLUMN_LABELS", "GRADE_WORDS", "INDEX_LABELS", "KMO_LABELS",
    "METHOD_NAMES", "QUADRANT_LABELS", "RESID_CRIT", "SERVICE_GUIDE", "Table", "action_name",
    "bar_chart", "bartlett_verdict", "category_label", "change_display", "change_sentence",
    "cls_weight_facts", "cls_weight_table", "compare_display", "competitor_tables",
    "cvi_driver_facts", "cvi_driver_table", "disc_tables", "division_facts",
    "division_goal_sentence", "division_name", "division_scopes", "errc_charts", "errc_table",
    "errc_targets", "estimate_text", "factor_facts", "findings_markdown", "format_number",
    "format_p", "glue_all", "glue_figure", "glue_number", "glue_text", "goal_grades",
    "goal_sentence", "goals_table", "grids_sentence", "group_scopes", "guide_display",
    "header_label", "headline_findings", "id_label", "impact_frame", "impact_heatmap",
    "impact_table", "index_chart", "index_display", "index_facts", "index_overview",
    "indices_display", "interval_text", "join_words", "kmo_verdict", "label", "label_cells",
    "latest_wave", "load_results", "load_trends", "loadings_table", "lower_first",
    "matrix_chart", "matrix_sentences", "matrix_table", "measurement_inventory",
    "migration_chart", "migration_facts", "migration_figure", "naming_list",
    "non_positive_promoter_sentence", "note_figure", "number_word", "p_phrase", "place_labels",
    "plural", "portfolio_table", "profile_test_table", "promoter_note", "proposition_facts",
    "proposition_note", "proposition_tables", "quadrant_facts", "quadrant_name", "readable",
    "representation", "retention_phrase", "rotation_phrase", "scope_label",
    "section_errc_charts", "section_matrix_chart", "section_title", "segment_chart",
    "segment_facts", "segment_index_table", "shares_display", "short_number",
    "show_errc_tables", "show_markdown", "show_sentence", "show_table", "show_tables", "simulation_chart",
    "simulation_facts", "simulation_table", "stayed_sentence", "stored_sentence",
    "summary_facts", "table_markdown", "targeting_display", "task_table", "tier_display",
    "tier_facts", "trend_chart", "trend_table", "type_name", "unsegmented_note",
    "unsegmented_sentence", "upper_first",
]
