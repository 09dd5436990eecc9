"""The book's catalogues: extracting what must be translated, translating the pages' prose.

Two kinds of text are translated, each from its own gettext catalogue under ``csvalue/locale``:

- **messages** of the package (``csvalue/report/*``, ``csvalue/build/*``, marked with
  ``_()``, ``N_()`` or ``ngettext()``; :mod:`csvalue.report.i18n` translates them when they
  are written): ``csvalue/locale/csvalue.pot`` and ``<lang>/LC_MESSAGES/csvalue.po``;
- **paragraphs** of the pages (the chapter notebooks' Markdown cells, the hand-written pages
  and ``index.md``, all shipped in ``csvalue/book``): one catalogue per page,
  ``csvalue/locale/<lang>/pages/<page path>.po`` (the page's place in an assembled source
  tree, :mod:`csvalue.build.source`: ``notebooks/00_summary``, ``book/appendix/methods``), whose msgids are the English paragraphs as
  written (headings, list blocks, figure captions and alt texts), MyST roles included.
  :func:`translate_markdown` puts the translations into a copy of the page before the chapter
  runs or the book is built; code cells, targets, options and formulas stay as they are.

``python -m csvalue.build.i18n extract`` refreshes every catalogue (new messages and
paragraphs are added untranslated, gone ones are dropped, translations kept);
``python -m csvalue.build.i18n check`` lists what lacks a translation (the test
``tests/test_i18n.py`` fails on the same list).

Example
-------
>>> text = "# Title\\n\\nSee {doc}`01_indices`.\\n\\n```{code-cell} ipython3\\nx = 1\\n```\\n"
>>> [p for p in paragraphs(text)]
['# Title', 'See {doc}`01_indices`.']
>>> print(translate_markdown(text, {"# Title": "# 제목"}))
# 제목
<BLANKLINE>
See {doc}`01_indices`.
<BLANKLINE>
```{code-cell} ipython3
x = 1
```
<BLANKLINE>
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator, Mapping

from csvalue.build import source
from csvalue.instrument.project import PACKAGE
from csvalue.report.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

#: the languages with catalogues (English is the source)
TARGETS = tuple(lang for lang in LANGUAGES if lang != "en")
#: the marking functions the extraction looks for
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
#: options of a directive whose value is prose (translated); the others stay as written
_PROSE_OPTIONS = ("alt", "caption")
_FENCE = re.compile(r"^(`{3,}|:{3,})\s*(\{[^}]*\})?")
_OPTION = re.compile(r"^:([\w-]+):\s?(.*)$")


# ---------------------------------------------------------------------------------------
# Pages: Markdown split into what is translated and what is kept
# ---------------------------------------------------------------------------------------

def _pieces(text: str) -> Iterator[tuple[bool, str]]:
    """``(translatable, text)`` pieces that join back to ``text``: paragraphs of prose
    (translatable) and everything else (front matter, code cells, directive heads and options,
    formulas, targets, blank lines)."""
    lines = text.split("\n")
    i = 0
    if lines and lines[0].strip() == "---":   # front matter
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), 0)
        yield False, "\n".join(lines[: end + 1]) + "\n"
        i = end + 1
    para: list[str] = []

    def flush() -> Iterator[tuple[bool, str]]:
        if para:
            block = "\n".join(para)
            yield (_is_prose(block), block + "\n")
            para.clear()

    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            yield from flush()
            marker, directive = fence.group(1), fence.group(2) or ""
            close = next((j for j in range(i + 1, len(lines))
                          if lines[j].strip() == marker), len(lines) - 1)
            body = lines[i + 1: close]
            prose = directive not in ("", "{code-cell}", "{math}", "{eval-rst}") \
                and not directive.startswith("{code")
            if not prose:
                yield False, "\n".join(lines[i: close + 1]) + "\n"
            else:
                yield False, line + "\n"
                yield from _directive_body(body)
                yield False, lines[close] + "\n"
            i = close + 1
            continue
        if line.strip().startswith("$$"):
            yield from flush()
            close = i if line.strip().endswith("$$") and len(line.strip()) > 2 else next(
                (j for j in range(i + 1, len(lines)) if lines[j].strip().endswith("$$")),
                len(lines) - 1)
            yield False, "\n".join(lines[i: close + 1]) + "\n"
            i = close + 1
            continue
        if not line.strip():
            yield from flush()
            yield False, line + "\n"
        else:
            para.append(line)
        i += 1
    yield from flush()


def _directive_body(body: list[str]) -> Iterator[tuple[bool, str]]:
    k = 0
    while k < len(body) and _OPTION.match(body[k]):
        key, value = _OPTION.match(body[k]).groups()
        if key in _PROSE_OPTIONS and value.strip():
            yield False, f":{key}: "
            yield True, value + "\n"
        else:
            yield False, body[k] + "\n"
        k += 1
    para: list[str] = []
    rest = body[k:]
    # one sentinel blank line closes the last paragraph; it is not written back, so a body
    # without a trailing blank line comes out as it went in
    for j, line in enumerate(rest + [""]):
        if line.strip():
            para.append(line)
            continue
        if para:
            block = "\n".join(para)
            yield _is_prose(block), block + "\n"
            para = []
        if j < len(rest):
            yield False, line + "\n"


def _is_prose(block: str) -> bool:
    """A paragraph to translate: it has words (not a target ``(tbl-x)=``, a comment or a rule)."""
    s = block.strip()
    if re.fullmatch(r"\([\w:.-]+\)=", s) or s.startswith("<!--") or s.startswith("+++"):
        return False
    return bool(re.search(r"[A-Za-z]{2}", re.sub(r"\{[\w:-]+\}`[^`]*`", "", s)))


def _join(pieces: list[tuple[bool, str]]) -> str:
    text = "".join(p for _, p in pieces)
    return text[:-1] if text.endswith("\n") else text


def paragraphs(text: str) -> list[str]:
    """The translatable paragraphs of a Markdown page, in order (the catalogue's msgids)."""
    return [p.rstrip("\n") for ok, p in _pieces(text) if ok]


def translate_markdown(text: str, translations: Mapping[str, str]) -> str:
    """``text`` with every paragraph replaced by its translation (kept when it has none)."""
    out = []
    for ok, piece in _pieces(text):
        if ok:
            key = piece.rstrip("\n")
            piece = translations.get(key, key) + "\n" if translations.get(key) else piece
        out.append((ok, piece))
    return _join(out)


def pages(book: Path | None = None) -> list[Path]:
    """The pages whose prose is translated, as source-tree paths (``notebooks/00_summary.md``,
    ``book/appendix/methods.md``, ``index.md``; :func:`csvalue.build.source.pages`)."""
    return source.pages(book)


def page_catalogue_path(lang: str, page: Path) -> Path:
    return LOCALE_DIR / lang / "pages" / page.with_suffix(".po")


def page_translations(lang: str, page: Path) -> dict[str, str]:
    """The translated paragraphs of ``page`` (a source-tree path)."""
    path = page_catalogue_path(lang, Path(page))
    if not path.exists():
        return {}
    return {m.id: m.string for m in _read(path) if m.id and m.string and not m.fuzzy}


def translated_page(lang: str, page: Path, book: Path | None = None) -> str:
    """The text of ``page`` (a source-tree path) in ``lang`` (the page itself in English)."""
    text = source.packaged(page, book).read_text(encoding="utf-8")
    return text if lang == "en" else translate_markdown(text, page_translations(lang, page))


#: what each edition's sidebar links to: the other edition's name and where it lies from
#: this edition's root (the Korean edition is built into ``_build/html/ko``)
EDITION_LINKS = {"en": {"edition_lang": "ko", "edition_label": "한국어판", "edition_prefix": "ko/"},
                 "ko": {"edition_lang": "en", "edition_label": "English edition",
                        "edition_prefix": "../"}}


def stage_edition(stage: Path, lang: str, title: str, book: Path | None = None) -> Path:
    """The book's source tree in ``lang`` under ``stage`` (:mod:`csvalue.build.source`): the
    shipped chapters' and pages' Markdown (of ``book``, default ``csvalue/book``), translated
    unless ``lang`` is English, the title page headed with ``title`` (the report's: the
    instrument's name), the static files and templates copied, ``_config.yml`` with
    the edition's title, language (Sphinx's own words and ``<html lang>``) and link to the
    other edition. Pages of an earlier copy that the package no longer has are removed; files
    are rewritten only when they change (the build's fingerprints stay put)."""
    import yaml

    written = set()
    for page in pages(book):
        text = translated_page(lang, page, book)
        if page == Path("index.md"):   # the title page is headed with the report's title
            text = re.sub(r"\A# .*$", lambda m: f"# {title}", text, count=1, flags=re.M)
        _write_if_changed(stage / page, text)
        written.add(page)
    for folder in (stage / "notebooks", stage / "book"):
        for old in folder.rglob("*.md") if folder.is_dir() else ():
            rel = old.relative_to(stage)
            if rel not in written and source.GENERATED not in rel.parents:
                old.unlink()
    for rel in source.static_files(book):
        source.copy_if_changed(source.packaged(rel, book), stage / rel)
    config = yaml.safe_load(source.packaged(Path("_config.yml"), book).read_text(encoding="utf-8"))
    config["title"] = title
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["language"] = lang
    sphinx["html_context"] = {**sphinx.get("html_context", {}), **EDITION_LINKS[lang]}
    _write_if_changed(stage / "_config.yml", "# Written by csvalue build (the " + lang
                      + " edition of the package's book/_config.yml, with the report's title)."
                      "\n" + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return stage


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Catalogues
# ---------------------------------------------------------------------------------------

def _read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh)


_FIXED_DATE = datetime(2026, 1, 1)


def _write(path: Path, catalog) -> None:
    from babel.messages.pofile import write_po

    # a fixed header date and locations without line numbers: a refresh changes a catalogue
    # only where a message changed, so branches that touch the same files still merge
    catalog.creation_date = catalog.revision_date = _FIXED_DATE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, sort_output=False,
                 include_previous=False, include_lineno=False)


def message_sources() -> list[Path]:
    """The modules whose marked messages the catalogue holds: the report and build layers,
    and the codebook reference's key table (marked with its own ``N_``)."""
    return sorted([*(PACKAGE / "report").glob("*.py"), *(PACKAGE / "build").glob("*.py"),
                   PACKAGE / "instrument" / "codebook_keys.py"])


def message_template():
    """The catalogue template of every marked message in the package's code."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    cat = Catalog(domain=DOMAIN, project="csvalue")
    for src in message_sources():
        rel = src.relative_to(PACKAGE.parent).as_posix()
        for lineno, msg, comments, context in extract_from_file(
                "python", src, keywords=KEYWORDS, strip_comment_tags=True):
            cat.add(msg, locations=[(rel, lineno)], auto_comments=comments, context=context)
    # the chapters' code cells mark what they pass to a chart: r._("Indices by division")
    from io import BytesIO

    from babel.messages.extract import extract

    for page in [p for p in pages() if p.parts[0] == "notebooks"]:
        text = source.packaged(page).read_text(encoding="utf-8")
        for m in _CODE_BODY.finditer(text):
            first = text[: m.start(2)].count("\n") + 1
            for lineno, msg, comments, context in extract(
                    "python", BytesIO(m.group(2).encode()), keywords={"_": None, "N_": None}):
                cat.add(msg, locations=[(page.as_posix(), first + lineno - 1)])
    return cat


_CODE_BODY = re.compile(r"^```\{code-cell\}[^\n]*\n((?::[^\n]*\n)*)(.*?)^```", re.S | re.M)


def _update(path: Path, template, lang: str) -> None:
    from babel.messages.catalog import Catalog

    if path.exists():
        cat = _read(path)
        cat.locale = lang
    else:
        cat = Catalog(locale=lang, domain=template.domain, project="csvalue")
    cat.update(template, no_fuzzy_matching=True)
    cat.obsolete.clear()
    _write(path, cat)


def extract(echo=print) -> None:
    """Refresh every catalogue: the messages' template and translations, and one catalogue
    per page and language (new entries untranslated, translations kept, gone ones dropped)."""
    from babel.messages.catalog import Catalog

    template = message_template()
    _write(LOCALE_DIR / f"{DOMAIN}.pot", template)
    for lang in TARGETS:
        _update(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", template, lang)
    echo(f"{len(template)} messages")
    for page in pages():
        tpl = Catalog(domain=page.stem, project="csvalue")
        text = source.packaged(page).read_text(encoding="utf-8")
        for n, para in enumerate(paragraphs(text), 1):
            tpl.add(para, locations=[(page.as_posix(), n)])
        for lang in TARGETS:
            _update(page_catalogue_path(lang, page), tpl, lang)
        echo(f"{page}: {len(tpl)} paragraphs")


@dataclass(frozen=True)
class Gap:
    """A message or paragraph without a (faithful) translation: where it is and why."""

    lang: str
    where: str      # "csvalue/report/summary.py:72" or "notebooks/00_summary.md ¶3"
    msgid: str
    problem: str    # "untranslated", "not in the catalogue", or what the translation drops

    def __str__(self) -> str:
        short = self.msgid if len(self.msgid) < 90 else self.msgid[:87] + "…"
        return f"[{self.lang}] {self.where}: {self.problem}: {short!r}"


#: what a translation must keep: MyST roles with their targets, inline code and maths, link
#: targets, named placeholders, and a heading's or list item's markup
_ROLE = re.compile(r"\{[\w:-]+\}`(?:[^`<]*<([^`>]+)>|([^`]*))`")
_KEEP = (re.compile(r"(?<!\{)\$[^$]+\$"), re.compile(r"\]\(([^)]+)\)"),
         re.compile(r"(?<![`}])`[^`]+`"), re.compile(r"^\([\w:.-]+\)=", re.M))
_PLACEHOLDER = re.compile(r"\{(\w*)(?:[:!][^{}]*)?\}")


def kept_parts(text: str) -> Counter:
    """What a translation of ``text`` must carry unchanged (a multiset).

    Example
    -------
    >>> sorted(kept_parts("# See {doc}`the methods </book/m>` and {glue:text}`n:,.0f`, $x$"))
    ['#', '$x$', '{doc}/book/m', '{glue:text}n:,.0f']
    """
    parts: Counter = Counter()
    for m in _ROLE.finditer(text):
        role = m.group(0).split("`", 1)[0]
        parts[role + (m.group(1) or m.group(2)).strip()] += 1
    rest = _ROLE.sub("", text)
    for rx in _KEEP:
        for m in rx.finditer(rest):
            parts[m.group(m.lastindex or 0)] += 1
    head = re.match(r"(?:\([\w:.-]+\)=\n)?\s*(#+|[-*]|\d+\.)\s", text)
    if head:
        parts[head.group(1) if not head.group(1)[0].isdigit() else "1."] += 1
    return parts


def placeholders(text: str) -> Counter:
    """The named fields of a message (``{index}``, ``{value:.1f}`` → ``index``, ``value``)."""
    return Counter(m.group(1) for m in _PLACEHOLDER.finditer(text))


def gaps(lang: str = "ko") -> list[Gap]:
    """Every message and paragraph without a faithful ``lang`` translation, named by where
    it is: untranslated (or fuzzy), missing from the catalogue (run ``extract``), a
    placeholder or a MyST role, maths or link dropped."""
    out: list[Gap] = []
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    have = {m.id: m for m in _read(po)} if po.exists() else {}
    for m in message_template():
        if not m.id:
            continue
        where = ", ".join(f"{f}:{n}" for f, n in m.locations)
        t = have.get(m.id)
        strings = (t.string if isinstance(t.string, (tuple, list)) else (t.string,)) if t else ()
        if t is None:
            out.append(Gap(lang, where, _id(m.id), "not in the catalogue (run extract)"))
        elif t.fuzzy or not all(strings):
            out.append(Gap(lang, where, _id(m.id), "untranslated"))
        else:
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            for s in strings:
                if placeholders(s) != placeholders(ids[-1]):
                    out.append(Gap(lang, where, _id(m.id),
                                   f"placeholders {sorted(placeholders(ids[-1]))} "
                                   f"differ in the translation {s!r}"))
    for page in pages():
        text = source.packaged(page).read_text(encoding="utf-8")
        path = page_catalogue_path(lang, page)
        cat = {m.id: m for m in _read(path)} if path.exists() else {}
        for n, para in enumerate(paragraphs(text), 1):
            where = f"{page.as_posix()} paragraph {n}"
            t = cat.get(para)
            if t is None:
                out.append(Gap(lang, where, para, "not in the catalogue (run extract)"))
            elif t.fuzzy or not t.string:
                out.append(Gap(lang, where, para, "untranslated"))
            elif kept_parts(t.string) != kept_parts(para):
                lost = kept_parts(para) - kept_parts(t.string)
                extra = kept_parts(t.string) - kept_parts(para)
                out.append(Gap(lang, where, para, f"the translation drops {sorted(lost)} "
                               f"or adds {sorted(extra)}"))
    return out


def _id(msgid) -> str:
    return msgid if isinstance(msgid, str) else " | ".join(msgid)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m csvalue.build.i18n",
                                     description="refresh or check the translation catalogues")
    parser.add_argument("action", choices=["extract", "check"])
    parser.add_argument("--lang", default="ko", choices=TARGETS)
    args = parser.parse_args(argv)
    if args.action == "extract":
        extract()
        return 0
    found = gaps(args.lang)
    for g in found:
        print(g)
    print(f"{len(found)} messages or paragraphs lack a {args.lang} translation")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
