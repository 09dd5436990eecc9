"""csvalue: customer-satisfaction survey waves → a Customer Value Index (CVI) research report.

The package is organised by what each module does:

- :mod:`csvalue.codebook` — the survey instrument (columns, scales, labels, thresholds);
- :mod:`csvalue.settings` — model settings (weights, seeds, options).

Heavy modules are imported on use, so ``import csvalue`` stays fast.
"""

from csvalue.codebook import Codebook, load_codebook
from csvalue.errors import CodebookError, ConfigError, CsvalueError, DataError
from csvalue.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Codebook", "CodebookError", "ConfigError", "CsvalueError", "DataError", "Settings",
    "load_codebook", "load_settings", "__version__",
]
