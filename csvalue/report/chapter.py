"""What every chapter starts with: its results and its headline wave (the management
chapter: the trends of the CS information database).

A chapter never recomputes: it reads the tables ``csvalue analyze`` (or ``csvalue build``)
wrote. Run on its own with its own wave files, it gets them analysed first
(:func:`csvalue.pipeline.results.results_for`, which says so in its name).

Example
-------
>>> import tempfile
>>> from csvalue.pipeline.results import Results, write_results
>>> out = tempfile.mkdtemp()
>>> _ = write_results(Results({}, {"waves": [{"wave": "2024"}, {"wave": "2025"}]}), out)
>>> latest_wave(load_results(out))
'2025'
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from csvalue.instrument.codebook import Codebook
from csvalue.pipeline.results import Results, read_results, results_for
from csvalue.pipeline.trends import TrendTables, trend_tables, trends_from_results


def load_results(directory: str | Path,
                 waves: str | Path | Iterable[str | Path] | None = None,
                 codebook: str | Path | None = None, config: str | Path | None = None,
                 seed: int | None = None) -> Results:
    """A chapter's results: the chapters' parameters (``results_dir``, ``wave``,
    ``codebook``, ``config``, ``seed``) passed on to
    :func:`csvalue.pipeline.results.results_for`, which reads ``directory`` and, when given
    wave files whose results it does not hold, analyses them into it first."""
    return results_for(directory, waves, codebook, config, seed)


def latest_wave(results: Results) -> str:
    """The last wave analysed (the report's headline wave).

    Example
    -------
    >>> latest_wave(Results({}, {"waves": [{"wave": "2024"}, {"wave": "2025"}]}))
    '2025'
    """
    return results.latest_wave


def load_trends(source: str | Path, codebook: Codebook | None = None) -> TrendTables:
    """The management chapter's tables, aggregated: the ``trend_*`` tables of the results
    folder ``source`` (:func:`csvalue.pipeline.trends.trends_from_results`, computed once by
    the analysis), or, given a database URL, those of the CS information database
    (:func:`csvalue.pipeline.trends.trend_tables`). The chapter never holds respondent rows."""
    if "://" in str(source):
        return trend_tables(str(source), codebook)
    return trends_from_results(read_results(source))
