"""The report's languages: the active language and the translation of every message.

Every text the package writes for readers at execution time (sentences, table headers, chart
titles, axes, legends, labels, glued phrases, units) is an English *message* marked with one
call, and translated here from the gettext catalogue ``csvalue/locale/<lang>/LC_MESSAGES/
csvalue.po`` (read with Babel when first needed, so nothing compiled is committed):

- ``_("Goal")`` — a message, translated now;
- ``_("{index} is {value}.").format(index=…, value=…)`` — a sentence with named placeholders
  (the translation may reorder them, never drop one: ``tests/test_i18n.py``);
- ``N_("Goal")`` — marked for the catalogue only, translated where it is used (module-level
  tables of labels: :class:`Messages` translates their values on lookup);
- ``ngettext("{n} wave", "{n} waves", n)`` — a message whose form depends on a number.

``python -m csvalue.build.i18n extract`` collects the marked messages into the catalogues; the
language is set once per chapter kernel (``CSVALUE_LANG``, set by ``csvalue build --lang``) or
with :func:`set_language` / :func:`using`.

Example
-------
>>> with using("ko"):
...     _("Goal"), ngettext("{n} wave", "{n} waves", 2).format(n=2)
('목표', '조사 2회')
>>> _("Goal"), language()
('Goal', 'en')
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

#: The editions the book is built in: English (the messages themselves) and Korean.
LANGUAGES = ("en", "ko")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "csvalue"

_active: str | None = None


def language() -> str:
    """The active language: :func:`set_language`'s, else ``$CSVALUE_LANG``, else English."""
    lang = _active or os.environ.get("CSVALUE_LANG") or DEFAULT
    return lang if lang in LANGUAGES else DEFAULT


def set_language(lang: str | None) -> None:
    """Make ``lang`` (``"en"``, ``"ko"``) the active language; ``None`` returns to the default.

    Example
    -------
    >>> set_language("ko"); language()
    'ko'
    >>> set_language(None); language()
    'en'
    """
    global _active
    if lang is not None and lang not in LANGUAGES:
        from csvalue.errors import CsvalueError

        raise CsvalueError(f"language {lang!r}: use one of {', '.join(LANGUAGES)}")
    _active = lang


@contextmanager
def using(lang: str) -> Iterator[None]:
    """The active language ``lang`` inside a ``with`` block (tests, one table in another
    language)."""
    global _active
    before = _active
    set_language(lang)
    try:
        yield
    finally:
        _active = before


@lru_cache(maxsize=None)
def catalogue(lang: str, domain: str = DOMAIN) -> Mapping[Any, str]:
    """The translations of ``lang``: msgid (a string, or a (singular, plural) pair) → text
    (a tuple of forms for a plural message). Empty and fuzzy translations are left out, so an
    untranslated message shows in English (and ``tests/test_i18n.py`` names it)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if lang == DEFAULT or not path.exists():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    out: dict[Any, Any] = {}
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            forms = tuple(m.string) if isinstance(m.string, (tuple, list)) else (m.string,)
            if all(forms):
                out[tuple(m.id)] = forms
        elif m.string:
            out[m.id] = m.string
    return out


def _(message: str) -> str:
    """``message`` in the active language (itself when it has no translation).

    Example
    -------
    >>> with using("ko"):
    ...     _("Company")
    '회사 전체'
    """
    if not isinstance(message, str) or not message:
        return message
    return catalogue(language()).get(message, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (translate it where used)."""
    return message


def ngettext(singular: str, plural: str, n: float) -> str:
    """The form of a message for the number ``n`` (Korean has one form for every number)."""
    forms = catalogue(language()).get((singular, plural))
    if forms:
        return forms[0] if len(forms) == 1 or n == 1 else forms[1]
    return singular if n == 1 else plural


class Messages(dict):
    """A module's table of marked messages (``{"cs": N_("CS"), …}``) whose values come out
    translated into the active language, so the table can stay a module constant.

    Example
    -------
    >>> m = Messages({"goal": N_("Goal")})
    >>> with using("ko"):
    ...     m["goal"], m.get("goal"), list(m.values())
    ('목표', '목표', ['목표'])
    """

    def __getitem__(self, key: Any) -> Any:
        return _(super().__getitem__(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self else default

    def values(self):  # type: ignore[override]
        return [self[k] for k in self]

    def items(self):  # type: ignore[override]
        return [(k, self[k]) for k in self]


def number_symbols() -> tuple[str, str]:
    """The decimal point and the thousands separator of the active language (Babel's CLDR
    data; Korean writes numbers as English does, 1,234.5).

    Example
    -------
    >>> with using("ko"):
    ...     number_symbols()
    ('.', ',')
    """
    return _symbols(language())


@lru_cache(maxsize=None)
def _symbols(lang: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(lang), get_group_symbol(lang)


def label_language() -> str:
    """The codebook label language of the active language (``codebook.label(cid, …)``)."""
    return "ko" if language() == "ko" else "en"
