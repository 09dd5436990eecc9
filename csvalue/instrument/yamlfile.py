"""Reading the YAML and JSON files a user writes (codebooks, settings) strictly.

PyYAML lets a key repeated in one mapping silently replace the first; here it is an error
naming both lines, as is anything else that keeps a file from being read: no such file, a
folder, text that is not UTF-8, a syntax error (with its line and column), nesting too deep.
Every problem is raised as the caller's error class, a
:class:`~csvalue.errors.CsvalueError` subclass, with the file in the message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from csvalue.errors import CsvalueError
from csvalue.instrument.wording import os_message, shown


class _DuplicateKey(Exception):
    def __init__(self, key: Any, first: int, again: int) -> None:
        super().__init__(key, first, again)
        self.key, self.first, self.again = key, first, again


class LineDict(dict):
    """A YAML mapping that remembers the line of each of its keys (``lines``: key → line, 1
    based), so that a message about an entry can say where the file has it."""

    lines: dict[Any, int]


class StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping and reads every
    mapping as a :class:`LineDict`."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":   # `<<:` merges are allowed
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:               # an unhashable key: PyYAML reports it below
                continue
            line = key_node.start_mark.line + 1
            if first is not None:
                raise _DuplicateKey(key, first, line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _line_mapping(loader: StrictLoader, node: yaml.MappingNode):  # type: ignore[no-untyped-def]
    data = LineDict()
    data.lines = {}
    yield data
    data.update(loader.construct_mapping(node))
    for key_node, _ in node.value:
        try:
            key = loader.construct_object(key_node)
            data.lines.setdefault(key, key_node.start_mark.line + 1)
        except TypeError:                   # an unhashable key
            continue


StrictLoader.add_constructor("tag:yaml.org,2002:map", _line_mapping)


def key_lines(tree: Any, prefix: str = "") -> dict[str, int]:
    """Dotted path of every key of a YAML tree read by :func:`parse_yaml` → its line (keys as
    text: a YAML ``yes:`` key is ``True``). A plain dict has no lines.

    Example
    -------
    >>> from csvalue.errors import CodebookError
    >>> key_lines(parse_yaml("a:\\n  b: 1\\n  yes: 2\\n", "x.yml", CodebookError))
    {'a': 1, 'a.b': 2, 'a.True': 3}
    """
    out: dict[str, int] = {}
    if not isinstance(tree, dict):
        return out
    lines = getattr(tree, "lines", {})
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if key in lines:
            out[path] = lines[key]
        out.update(key_lines(value, path + "."))
    return out


def read_text(path: Path, error: type[CsvalueError], what: str) -> str:
    """The UTF-8 text of a user's file, or ``error`` in plain words."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: no such {what} file") from None
    except OSError as exc:
        raise error(os_message(exc)) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise error(f"{path}: line {line} is not UTF-8 text; save the file as UTF-8") from None


def parse_yaml(text: str, source: str, error: type[CsvalueError]) -> Any:
    """Parse YAML with :class:`StrictLoader`.

    Example
    -------
    >>> from csvalue.errors import CodebookError
    >>> parse_yaml("a: 1\\nb: 2\\na: 3\\n", "cb.yml", CodebookError)
    Traceback (most recent call last):
    ...
    csvalue.errors.CodebookError: cb.yml: line 3: the key 'a' is given twice in one mapping (first on line 1); keep one
    """
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as dup:
        raise error(f"{source}: line {dup.again}: the key {shown(dup.key)} is given twice in "
                    f"one mapping (first on line {dup.first}); keep one") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise error(f"{source}: not valid YAML: {where}{exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {shown(exc, 200)}") from None
    except RecursionError:
        raise error(f"{source}: the YAML is nested too deeply to be a codebook or settings "
                    f"file") from None


def parse_json(text: str, source: str, error: type[CsvalueError]) -> Any:
    """Parse JSON, refusing a key given twice in one object.

    Example
    -------
    >>> from csvalue.errors import ConfigError
    >>> parse_json('{"seed": 1, "seed": 2}', "m.json", ConfigError)
    Traceback (most recent call last):
    ...
    csvalue.errors.ConfigError: m.json: the key 'seed' is given twice in one object; keep one
    """
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise error(f"{source}: the key {shown(k)} is given twice in one object; "
                            f"keep one")
            out[k] = v
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise error(f"{source}: not valid JSON: line {exc.lineno}, column {exc.colno}: "
                    f"{exc.msg}") from None
    except RecursionError:
        raise error(f"{source}: the JSON is nested too deeply") from None
