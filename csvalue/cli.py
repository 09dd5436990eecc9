"""The ``csvalue`` command line.

Each sub-command lives in the module that does the work; that module provides
``add_arguments(parser)`` and ``command(args) -> int``. Input problems
(:class:`csvalue.errors.CsvalueError`) print one message and exit with code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: sub-command → (module, one-line help). Add a line here for a new command.
COMMANDS: dict[str, tuple[str, str]] = {
    "store": ("csvalue.pipeline.database", "load, score and store survey waves in the CS information database"),
    "db": ("csvalue.pipeline.db_schema", "the CS information database: schema status, upgrade in place"),
    "build": ("csvalue.build.book", "validate, analyse and build the report book (HTML, --pdf)"),
    "validate": ("csvalue.instrument.load", "load wave files, print the data-quality summary, write rejects"),
    "analyze": ("csvalue.pipeline.analyze", "analyse waves: indices, impacts, strategy, segments -> CSV tables"),
    "synth": ("csvalue.instrument.synth", "generate synthetic survey waves (calibrated to the source case)"),
}


def build_parser() -> argparse.ArgumentParser:
    from csvalue import __version__

    parser = argparse.ArgumentParser(
        prog="csvalue",
        description="Turn customer-satisfaction survey waves into a CVI research report.",
    )
    parser.add_argument("--version", action="version", version=f"csvalue {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        mod = importlib.import_module(module)
        mod.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    from csvalue.errors import CsvalueError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 1
    try:
        return int(importlib.import_module(args._module).command(args) or 0)
    except CsvalueError as exc:
        print(f"csvalue {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
