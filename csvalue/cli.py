"""The ``csvalue`` command line.

Each sub-command lives in the module that does the work; that module provides
``add_arguments(parser)`` and ``command(args) -> int``. Input problems
(:class:`csvalue.errors.CsvalueError`) print one message and exit with code 2; so does a
file that cannot be opened (an :class:`OSError`: no such file, a folder, no permission),
in plain words. Anything else is caught last: one line naming the error, exit code 2, and
no traceback unless ``CSVALUE_DEBUG=1`` asks for it — no sub-command prints a traceback for
bad input.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

#: sub-command → (module, one-line help). Add a line here for a new command.
COMMANDS: dict[str, tuple[str, str]] = {
    "store": ("csvalue.pipeline.database", "load, score and store survey waves in the CS information database"),
    "db": ("csvalue.pipeline.db_schema", "the CS information database: schema status, upgrade in place"),
    "build": ("csvalue.build.book", "validate, analyse and build the report book (HTML, --pdf)"),
    "validate": ("csvalue.instrument.load", "load wave files, print the data-quality summary, write rejects"),
    "analyze": ("csvalue.pipeline.analyze", "analyse waves: indices, impacts, strategy, segments -> CSV tables"),
    "init": ("csvalue.instrument.draft", "start a report project: a codebook drafted from a survey file, settings, waves/"),
    "synth": ("csvalue.instrument.synth", "generate synthetic survey waves (calibrated to the source case)"),
}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the sub-command it names has its module imported (the
    others keep their name and help), so ``csvalue build`` with nothing to do starts fast."""
    from csvalue import __version__

    parser = argparse.ArgumentParser(
        prog="csvalue",
        description="Turn customer-satisfaction survey waves into a CVI research report.",
    )
    parser.add_argument("--version", action="version", version=f"csvalue {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = next((a for a in (argv or []) if not a.startswith("-")), None)
    for name, (module, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        if argv is None or chosen not in COMMANDS or name == chosen:
            importlib.import_module(module).add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    from csvalue.errors import CsvalueError

    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 1
    try:
        return int(importlib.import_module(args._module).command(args) or 0)
    except CsvalueError as exc:
        return _error(args.command, str(exc))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:        # `csvalue validate … | head`: the reader left, say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:         # a file named on the command line cannot be opened
        from csvalue.instrument.wording import os_message

        return _error(args.command, os_message(exc))
    except MemoryError:
        return _error(args.command, "not enough memory for this input; try a smaller file")
    except Exception as exc:  # the last resort: bad input must never end in a traceback
        from csvalue.instrument.wording import shown

        if os.environ.get("CSVALUE_DEBUG"):
            traceback.print_exc()
        return _error(args.command, f"unexpected {type(exc).__name__}: {shown(exc, 300)}. "
                                    "csvalue could not process this input; if the input looks "
                                    "right, this is a bug in csvalue (CSVALUE_DEBUG=1 shows "
                                    "the details)")


def _error(command: str, message: str) -> int:
    print(f"csvalue {command}: error: {message}", file=sys.stderr)
    return 2
