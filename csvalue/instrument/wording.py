"""How a message shows what the user gave: a cell value, a column, a list of rows, a file error.

Every message about bad input quotes values through :func:`shown` (control characters and
undecodable bytes made visible, long text cut), names columns as the file names them and as a
spreadsheet letters them (:func:`column_letter`), and lists at most :data:`SHOW` places
(:func:`listing`), so that a hostile or huge file cannot flood the terminal.
"""

from __future__ import annotations

import errno
import re
import reprlib
import unicodedata
from typing import Any, Iterable

#: How many places (rows, columns, values) a message lists before "… and N more".
SHOW = 5
#: How many characters of a value a message quotes.
SHOW_CHARS = 40

_PLAIN_OS_ERRORS = {
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "the path loops through symbolic links",
}


def shown(value: Any, limit: int = SHOW_CHARS) -> str:
    """``value`` quoted for a message: invisible characters escaped, long text cut.

    Control characters are shown as ``\\xNN`` (``\\t``, ``\\n`` and ``\\r`` by name), so that
    ``'4\\x00'`` does not print as ``'4'``. Bytes that could not be decoded (kept as lone
    surrogates by ``errors="surrogateescape"``) are shown as the text they most likely are —
    CP949 (Korean) when they read as CP949, else Latin-1 — and the message says which bytes
    those are, rather than as escape sequences.

    Examples
    --------
    >>> shown("4\\x00"), shown("  "), shown("청구")
    ("'4\\\\x00'", "'  '", "'청구'")
    >>> shown("x" * 100, limit=10)
    "'xxxxxxxxxx…' (100 characters)"
    >>> shown("caf\\udce9")
    "'café' (bytes e9 are not UTF-8; shown as Latin-1)"
    >>> shown("좋음".encode("cp949").decode("utf-8", "surrogateescape"))
    "'좋음' (bytes c1 c1 c0 bd are not UTF-8; shown as CP949)"
    """
    text = value if isinstance(value, str) else str(value)
    text, notes = _undecoded_shown(text)
    cut = len(text) > limit
    out = []
    for ch in text[:limit]:
        code = ord(ch)
        if ch in "\t\n\r":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r"}[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch != " ":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    quoted = "'" + "".join(out) + ("…'" if cut else "'")
    quoted += f" ({len(text):,} characters)" if cut else ""
    return quoted + (f" ({'; '.join(notes[:2])})" if notes else "")


_UNDECODED = re.compile("[\udc80-\udcff]+")


def _undecoded_shown(text: str) -> tuple[str, list[str]]:
    """``text`` with each run of undecodable bytes as CP949 or Latin-1 text, and a note per run."""
    notes: list[str] = []

    def one(m: re.Match[str]) -> str:
        raw = bytes(ord(c) - 0xDC00 for c in m.group())
        try:
            out, codec = raw.decode("cp949"), "CP949"
        except UnicodeDecodeError:
            out, codec = raw.decode("latin-1"), "Latin-1"
        if not out.isprintable():
            out, codec = "�" * len(raw), "�"
        hexes = " ".join(f"{b:02x}" for b in raw[:8]) + (" …" if len(raw) > 8 else "")
        notes.append(f"bytes {hexes} are not UTF-8; "
                     + ("not text" if codec == "�" else f"shown as {codec}"))
        return out

    return _UNDECODED.sub(one, text), notes


_BRIEF = reprlib.Repr()
_BRIEF.maxlevel, _BRIEF.maxdict, _BRIEF.maxlist, _BRIEF.maxtuple, _BRIEF.maxset = 3, 6, 6, 6, 6
_BRIEF.maxstring = _BRIEF.maxother = SHOW_CHARS + 2
_BRIEF.maxlong = SHOW_CHARS


def brief(value: Any) -> str:
    """``repr(value)`` cut short, without building the whole repr of a huge value (for
    messages quoting a setting or a codebook entry, whatever the user put there).

    Example
    -------
    >>> brief("nine"), brief([1, 2, 3, 4, 5, 6, 7, 8]), brief("x" * 1000)[:12]
    ("'nine'", '[1, 2, 3, 4, 5, 6, ...]', "'xxxxxxxxxxx")
    """
    return _BRIEF.repr(value)


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position.

    Example
    -------
    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(56)
    ('A', 'Z', 'AA', 'BE')
    """
    letters = ""
    n = position + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_name(name: str, position: int) -> str:
    """A column as a message names it: its header and its spreadsheet letter.

    Example
    -------
    >>> column_name("b_speed", 10), column_name("", 3)
    ("'b_speed' (column K)", 'column D (no name)')
    """
    if not name:
        return f"column {column_letter(position)} (no name)"
    return f"{shown(name)} (column {column_letter(position)})"


def listing(items: Iterable[Any], show: int = SHOW, total: int | None = None) -> str:
    """At most ``show`` items joined with commas, then how many more there are.

    ``total`` is the number of items when ``items`` holds only the first few.

    Example
    -------
    >>> listing([3, 7]), listing(range(2, 30))
    ('3, 7', '2, 3, 4, 5, 6 … and 23 more')
    """
    items = list(items)
    total = len(items) if total is None else total
    head = ", ".join(map(str, items[:show]))
    return head + (f" … and {total - show:,} more" if total > show else "")


def os_message(err: OSError) -> str:
    """An operating-system error in plain words, naming the file it concerns.

    Example
    -------
    >>> os_message(FileNotFoundError(2, "No such file or directory", "/nope.csv"))
    '/nope.csv: no such file or folder'
    """
    what = _PLAIN_OS_ERRORS.get(err.errno) or (err.strerror or str(err)).lower()
    name = err.filename
    if name is None:
        return what
    if err.filename2 is not None:
        return f"{name} → {err.filename2}: {what}"
    return f"{name}: {what}"
