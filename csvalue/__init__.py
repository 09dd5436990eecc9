"""csvalue: customer-satisfaction survey waves → a Customer Value Index (CVI) research report.

The package is layered; each layer imports only the ones before it:

- :mod:`csvalue.stats` — pure statistics on arrays and Series (never sees a codebook);
- :mod:`csvalue.instrument` — the survey instrument: codebook, settings, loading, synthetic waves;
- :mod:`csvalue.model` — the CVI model on a codebook: indices, goals, impacts, strategy, segments;
- :mod:`csvalue.pipeline` — analyse waves into results, read and write them, the database, trends;
- :mod:`csvalue.report` — everything a reader sees: labels, formats, tables, figures, sentences;
- :mod:`csvalue.build` — the book: chapters executed with papermill, Jupyter Book, PDF.

Heavy modules are imported on use, so ``import csvalue`` stays fast.
"""

from csvalue.errors import CodebookError, ConfigError, CsvalueError, DataError
from csvalue.instrument.codebook import Codebook, load_codebook
from csvalue.instrument.codebook_keys import codebook_reference
from csvalue.instrument.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Codebook", "CodebookError", "ConfigError", "CsvalueError", "DataError", "Settings",
    "codebook_reference", "load_codebook", "load_settings", "__version__",
]
