"""A report project: the folder ``csvalue init`` writes and ``csvalue build`` reads, and the
files the package ships.

A project folder holds

- ``codebook.yml`` — what every column of the survey files means;
- ``settings.yml`` — the model settings (optional; defaults without it);
- ``waves/`` — every wave file, one per wave, the oldest first by name (files that are not
  survey data — a ``.yml`` sidecar, a ``README.md``, a ``*.rejects.csv`` — are not waves);
- ``_build/`` — everything a build writes: results, the database, the book's source, HTML, PDF.

The package ships one project, the **demo** (``csvalue/demo``: the default instrument and two
synthetic waves), which ``csvalue build`` builds when it is given no project, codebook or
wave; the concept chapters' own **teaching data** (``csvalue/data/teaching``: its codebook and
the Oddjob Airways passenger survey); and the book's pages (``csvalue/book``).

Example
-------
>>> p = Project.at(DEMO)
>>> p.codebook.name, [w.name for w in p.waves]
('codebook.yml', ['wave_2024.csv', 'wave_2025.csv'])
>>> is_project(DEMO), demo_path("waves/wave_2025.csv") == DEMO / "waves" / "wave_2025.csv"
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csvalue.errors import ConfigError

#: the installed package's folder
PACKAGE = Path(__file__).resolve().parents[1]
#: the shipped demo project
DEMO = PACKAGE / "demo"
#: the concept chapters' teaching data and its codebook
TEACHING = PACKAGE / "data" / "teaching"
#: the book's pages, chapters, static files and configuration template
BOOK = PACKAGE / "book"

CODEBOOK = "codebook.yml"
SETTINGS = "settings.yml"
WAVES = "waves"
OUTPUT = "_build"
#: the endings of the files in ``waves/`` that are read as waves
WAVE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".sav", ".zsav",
                 ".parquet", ".pq")


def demo_path(path: str | Path) -> Path:
    """``path`` as given when absolute, else inside the shipped demo project (the chapters'
    default parameters, such as ``waves/wave_2025.csv``, name the demo's files)."""
    path = Path(path)
    return path if path.is_absolute() else DEMO / path


def is_project(folder: str | Path) -> bool:
    """Whether ``folder`` holds a project's codebook."""
    return (Path(folder) / CODEBOOK).is_file()


def wave_files(folder: str | Path) -> list[Path]:
    """The wave files of a ``waves/`` folder, sorted by name (the oldest first)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".")
                  and p.suffix.lower() in WAVE_SUFFIXES
                  and not p.name.lower().endswith(".rejects.csv"))


@dataclass(frozen=True)
class Project:
    """A project's inputs and where its build writes."""

    folder: Path
    codebook: Path
    settings: Path | None
    waves: list[Path]

    @property
    def output(self) -> Path:
        return self.folder / OUTPUT

    @classmethod
    def at(cls, folder: str | Path) -> "Project":
        """The project in ``folder``.

        Raises
        ------
        ConfigError
            when the folder holds no ``codebook.yml`` or its ``waves/`` folder no wave file.
        """
        folder = Path(folder).resolve()
        if not folder.is_dir():
            raise ConfigError(f"{folder}: no such project folder (csvalue init {folder} "
                              "--from FILE makes one)")
        if not is_project(folder):
            raise ConfigError(f"{folder}: not a report project: it holds no {CODEBOOK} "
                              f"(csvalue init {folder} --from FILE makes one)")
        waves = wave_files(folder / WAVES)
        if not waves:
            raise ConfigError(f"{folder / WAVES}: no wave file (put the survey files there, "
                              f"one per wave: {', '.join(WAVE_SUFFIXES)})")
        settings = folder / SETTINGS
        return cls(folder, folder / CODEBOOK, settings if settings.is_file() else None, waves)
