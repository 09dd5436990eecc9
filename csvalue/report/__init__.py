"""Everything a reader sees: labels, number and interval formats, tables, figures, sentences and
glue for the chapters. The chapters import this package as ``r`` and call one function per result.

This is the only layer that imports matplotlib, seaborn or myst_nb.
"""

from csvalue.report.chapters import *  # noqa: F401,F403
from csvalue.report.format import *  # noqa: F401,F403
