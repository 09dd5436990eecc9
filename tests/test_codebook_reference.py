"""The codebook reference is the list of keys the checks use: every key the parser reads is in
it, and every key in it is read and checked by the parser (a wrong value is refused, naming the
key)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from csvalue.errors import CodebookError
from csvalue.instrument import codebook as codebook_module
from csvalue.instrument.codebook import default_codebook_path, parse_codebook
from csvalue.instrument.codebook_keys import ENTRIES, KEYS, TOP_LEVEL, codebook_reference

#: A value no key accepts (not text, a number, a yes/no, a pair, a mapping or a flat list).
BAD = [[["not valid"]]]


def instance(raw: dict, place: str) -> dict:
    """The mapping of the default codebook (extended where it has none) at ``place``."""
    return {
        "top": lambda: raw,
        "instrument": lambda: raw["instrument"],
        "file": lambda: raw.setdefault("file", {}),
        "id": lambda: raw["id"],
        "id item": lambda: raw["id"]["resp_id"],
        "profile item": lambda: raw["profile"]["division"],
        "category": lambda: raw["profile"]["division"]["categories"]["emr"],
        "bands": lambda: raw["profile"]["tenure_years"]["bands"],
        "layer": lambda: raw["values"],
        "benefit": lambda: raw["benefits"]["items"]["speed"],
        "value": lambda: raw["values"]["items"]["leisure"],
        "indices": lambda: raw["indices"],
        "index": lambda: raw["indices"]["cs"],
        "competitor": lambda: raw["competitor"],
        "competitor overall": lambda: raw["competitor"]["overall"],
        "competitor item": lambda: raw["competitor"].setdefault("items", {}).setdefault(
            "stability", {}),
        "personality": lambda: raw["personality"],
        "personality item": lambda: raw["personality"]["items"]["disc_d1"],
        "voc": lambda: raw["voc"],
        "weight": lambda: raw.setdefault("weight", {"column": "cs"}),
        "thresholds": lambda: raw["thresholds"],
        "goals": lambda: raw["goals"],
        "factor": lambda: raw["factors"]["work_process"],
        "segment": lambda: raw["factors"]["work_process"]["segment"],
        "loyalty tier": lambda: raw["loyalty_tiers"]["loyalist"],
    }[place]()


@pytest.fixture
def raw():
    return yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k.place}.{k.key}")
def test_every_listed_key_is_read_and_checked(raw, key):
    instance(raw, key.place)[key.key] = BAD
    with pytest.raises(CodebookError) as err:
        parse_codebook(raw, source="cb.yml")
    assert key.key in str(err.value), str(err.value)


def test_every_key_the_parser_reads_is_listed():
    """The parser's source: every key it reads from an entry (``spec.get("x")``,
    ``p.text(spec, "x", …)``, ``"x" in spec``, ``spec["x"]``) is a key of the reference."""
    source = Path(codebook_module.__file__).read_text(encoding="utf-8")
    body = source[source.index("def parse_codebook"):]
    patterns = (r"""\.get\(\s*["']([a-z_]+)["']""", r"""p\.(?:text|flag)\(\w+,\s*["']([a-z_]+)["']""",
                r"""["']([a-z_]+)["']\s+in\s+(?:spec|ispec|comp|pers|voc|raw|ids|idx|files)\b""",
                r"""(?:spec|ispec|comp|pers|raw|ids|idx)\[\s*["']([a-z_]+)["']\s*\]""")
    read = {m for pat in patterns for m in re.findall(pat, body)}
    listed = {k.key for k in KEYS}
    assert read and read <= listed, sorted(read - listed)
    # and the checks refuse exactly what the reference does not list
    assert set(TOP_LEVEL) == {k.key for k in KEYS if k.place == "top"}
    assert {p for p in ENTRIES} == {k.place for k in KEYS} - {"top"}


def test_the_reference_table_is_tidy_and_complete():
    ref = codebook_reference()
    assert list(ref.columns) == ["where", "key", "type", "default", "example", "meaning"]
    assert len(ref) == len(KEYS) and ref["meaning"].str.len().min() > 5
    assert not ref.duplicated(["where", "key"]).any()
    # every example is valid YAML
    for ex in ref["example"]:
        yaml.safe_load(f"k: {ex}")
