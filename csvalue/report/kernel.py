"""What a chapter kernel runs around the chapters (:mod:`csvalue.build.chapters` keeps a pool of
warm kernels): the chapters' libraries imported once when the kernel starts, and a clean slate
before every chapter — no figure, matplotlib setting or name left from the one before.

It lives in the report layer because it is the report's libraries it imports and resets.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import matplotlib
import matplotlib.pyplot as plt

#: What every chapter imports: imported once per kernel, at its warm start (the report's own
#: modules are added from :data:`csvalue.report._EXPORTS`, which it imports on first use).
WARM_IMPORTS = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "seaborn", "myst_nb",
                "IPython.display", "csvalue", "csvalue.pipeline.analyze",
                "csvalue.pipeline.trends", "csvalue.report.teaching")

_RC: dict[str, Any] = {}


def warm_start() -> None:
    """Run in a new kernel: import the chapters' libraries and remember matplotlib's settings.

    Example
    -------
    >>> warm_start(); import sys; "csvalue.report" in sys.modules
    True
    """
    from csvalue import report

    for name in (*WARM_IMPORTS, *(f"csvalue.report.{m}" for m in report._EXPORTS)):
        importlib.import_module(name)
    _RC.clear()
    _RC.update(matplotlib.rcParams.copy())


def clean_slate() -> None:
    """Run in the kernel before each chapter: no figure, no setting and no name of the last one.

    Example
    -------
    >>> import matplotlib; warm_start(); matplotlib.rcParams["lines.linewidth"] = 9.0
    >>> clean_slate(); matplotlib.rcParams["lines.linewidth"] == _RC["lines.linewidth"]
    True
    """
    plt.close("all")
    from csvalue.report.i18n import set_language

    set_language(None)   # the edition's language again ($CSVALUE_LANG), whatever one set
    with warnings.catch_warnings():   # restoring deprecated keys warns; they are restored as set
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(_RC)
    from IPython import get_ipython   # only in a kernel; the report's glue needs IPython anyway

    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("reset", "-f")   # the user namespace and history; modules stay
        shell.execution_count = 1
