"""Hostile strings for labels, codes, names and wave labels, and a check for live ones.

Every payload carries the marker ``csvalue-pwned``. Rendered as markup it leaves something
:func:`live_payloads` finds — a script holding the marker, an event-handler attribute, a
``javascript:`` link, an element whose class carries the marker (raw HTML let through by a
directive), an abbreviation role, a formula, a heading made from data; rendered as text it
leaves only text (escaped characters in the page's HTML). (Links to ``javascript:`` are
refused by the Markdown parser itself; the payload checks that it stays so.)
"""

from __future__ import annotations

from html.parser import HTMLParser

MARK = "csvalue-pwned"
PAYLOADS = {
    "script": f'<script>alert("{MARK}-script")</script>',
    "onerror": f"<img src=\"x\" onerror=\"alert('{MARK}-img')\">",
    "raw fence": f'\n```{{raw}} html\n<b class="{MARK}-raw">raw</b>\n```\n',
    "eval-rst": f'\n```{{eval-rst}}\n.. raw:: html\n\n   <b class="{MARK}-rst">rst</b>\n```\n',
    "colon fence": f'\n:::{{raw}} html\n<i class="{MARK}-colon">x</i>\n:::\n',
    "role": f"{{abbr}}`click ({MARK}-abbr)`",
    "link": f"[click](https://{MARK}.example/link)",
    "js link": f"[click](javascript:alert('{MARK}-link'))",
    "autolink": f"<javascript:alert('{MARK}-autolink')>",
    "entity": f"&lt;script&gt;{MARK}-entity&lt;/script&gt;",
    "math": f"$\\href{{javascript:alert('{MARK}-math')}}{{x}}$",
    "table": f"a | b | {MARK}-pipe",
    "heading": f"\n# {MARK}-heading\n",
    "formula": f'=HYPERLINK("http://{MARK}.example/","x")',
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        for name, value in attrs.items():
            if name.startswith("on") and MARK in value:
                self.found.append(f"<{tag} {name}>")
            elif name in ("href", "src", "action") and value.strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")
            elif name == "href" and value.startswith(("http:", "https:")) and MARK in value:
                self.found.append(f"<{tag} href={value!r}>")      # a link made from data
            elif name == "class" and MARK in value:
                self.found.append(f"<{tag} class={value!r}>")
            elif tag == "abbr" and MARK in value:
                self.found.append(f"<abbr {name}={value!r}>")
        if tag not in ("img", "br", "hr", "meta", "link", "input"):
            self._open.append((tag, attrs))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        if MARK not in data or not self._open:
            return
        tag, attrs = self._open[-1]
        if tag == "script":
            self.found.append(f"<script>{data.strip()[:60]}")
        elif "math" in attrs.get("class", "").split():
            self.found.append(f"math: {data.strip()[:60]}")
        elif tag in _HEADINGS and data.strip().startswith(MARK):
            self.found.append(f"<{tag}>{data.strip()[:60]}")


def live_payloads(html: str) -> list[str]:
    """The payloads that ``html`` renders as markup; text that merely shows one is not live.

    Example
    -------
    >>> live_payloads('<p>&lt;script&gt;alert("csvalue-pwned")&lt;/script&gt;</p>')
    []
    >>> live_payloads('<p><script>alert("csvalue-pwned")</script></p>')
    ['<script>alert("csvalue-pwned")']
    """
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found


def write_fixture(dest) -> tuple:
    """Write the hostile codebook and wave of ``tests/data/hostile/`` to ``dest``: the shipped
    instrument and 2025 wave with a payload in the instrument name, every benefit, value,
    index, factor, segment, tier and category label, the division codes and the wave label.
    Returns (codebook path, wave path). The files in the repository were written by this."""
    from pathlib import Path

    import pandas as pd
    import yaml

    root = Path(__file__).resolve().parents[1]
    cb = yaml.safe_load((root / "csvalue" / "demo" / "codebook.yml").read_text(encoding="utf-8"))
    names = list(PAYLOADS.values())

    def nth(i: int) -> str:
        return names[i % len(names)]

    cb["instrument"]["name"] = f"Survey {PAYLOADS['script']} {PAYLOADS['onerror']}"
    cb["instrument"]["name_ko"] = f"조사 {PAYLOADS['raw fence']}"
    k = 0
    for layer in ("benefits", "values"):
        for spec in cb[layer]["items"].values():
            spec["label_en"] = f"{spec['label_en']} {nth(k)}"
            k += 1
    for spec in cb["indices"].values():
        spec["label_en"] = f"{spec['label_en']} {nth(k)}"
        k += 1
    for spec in cb["factors"].values():
        spec["label_en"] = f"{spec['label_en']} {nth(k)}"
        spec["segment"]["label_en"] = f"{spec['segment']['label_en']} {nth(k + 1)}"
        k += 2
    for spec in cb["loyalty_tiers"].values():
        spec["label_en"] = f"{spec['label_en']} {nth(k)}"
        k += 1
    for item in cb["profile"].values():
        for spec in (item.get("categories") or {}).values():
            spec["label_en"] = f"{spec['label_en']} {nth(k)}"
            k += 1
    codes = {"emr": f"<img src=\"x\" onerror=\"alert('{MARK}-code')\">",
             "pms": PAYLOADS["role"], "supplies": "=1+1"}
    divisions = cb["profile"]["division"]["categories"]
    cb["profile"]["division"]["categories"] = {codes[c]: v for c, v in divisions.items()}
    wave = pd.read_csv(root / "csvalue" / "demo" / "waves" / "wave_2025.csv", dtype=str,
                       keep_default_na=False)
    wave["division"] = wave["division"].map(codes)
    wave["wave"] = f"2025 <script>{MARK}-wave</script>"
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    cb_path, wave_path = dest / "codebook.yml", dest / "wave.csv"
    cb_path.write_text("# Hostile codebook for tests/test_hostile_build.py (written by "
                       "tests/hostile_payloads.py:write_fixture)\n"
                       + yaml.safe_dump(cb, allow_unicode=True, sort_keys=False, width=200),
                       encoding="utf-8")
    wave.to_csv(wave_path, index=False)
    return cb_path, wave_path
