"""Survey files as bytes: which format a file holds, and the text of a text file.

:func:`sniff_format` tells a workbook, a Parquet or SPSS file or a compressed archive from text
by its first bytes (not by its name), so that a CSV file named ``.xlsx`` or a legacy ``.xls``
is explained in plain words instead of a library's.

:func:`decode` turns the bytes of a text file into text:

- a byte-order mark decides: UTF-8, UTF-16 or UTF-32;
- UTF-16 without a byte-order mark is recognised by its zero bytes (every other byte of a
  Latin header is zero);
- otherwise UTF-8, else CP949 (EUC-KR; Korean Excel exports).

Text that is not wholly in one encoding is never guessed at: the undecodable bytes are kept as
lone surrogates (``errors="surrogateescape"``) and :attr:`Decoded.problem` says what is wrong,
so that the CSV reader, which knows rows and columns, can name the cells that hold them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Leading bytes → file format.
MAGIC = (
    (b"PK\x03\x04", "zip"),                 # .xlsx / .xlsm workbooks (and any ZIP archive)
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),   # .xls (Excel 97–2003), encrypted .xlsx
    (b"PAR1", "parquet"),
    (b"$FL2", "sav"), (b"$FL3", "sav"),
    (b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"), (b"%PDF", "pdf"),
)
#: Byte-order marks, longest first (the UTF-32 LE mark starts like the UTF-16 LE one).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
#: Plain names of the formats a file may really hold.
FORMAT_NAMES = {
    "text": "text (CSV)", "zip": "a ZIP archive (an Excel .xlsx workbook or a compressed "
    "file)", "ole": "an Excel 97–2003 (.xls) or password-protected workbook",
    "parquet": "a Parquet file", "sav": "an SPSS .sav file", "gzip": "a gzip-compressed file",
    "bzip2": "a bzip2-compressed file", "xz": "an xz-compressed file", "7z": "a 7-Zip archive",
    "pdf": "a PDF document",
}
#: Encodings as the summary names them.
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp949": "CP949 (EUC-KR)",
                  "utf-16-le": "UTF-16", "utf-16-be": "UTF-16 (big-endian)",
                  "utf-32-le": "UTF-32", "utf-32-be": "UTF-32 (big-endian)"}


def sniff_format(head: bytes) -> str:
    """The format the first bytes of a file announce: a key of :data:`FORMAT_NAMES`.

    Examples
    --------
    >>> sniff_format(b"PK\\x03\\x04rest"), sniff_format(b"resp_id,cs\\n"), sniff_format(b"")
    ('zip', 'text', 'text')
    """
    for magic, fmt in MAGIC:
        if head.startswith(magic):
            return fmt
    return "text"


@dataclass(frozen=True)
class Decoded:
    """The text of a file and how it was decoded.

    Attributes
    ----------
    text : the text; undecodable bytes are lone surrogates U+DC80–U+DCFF when ``problem`` is set.
    encoding : the Python codec name (``"utf-8"``, ``"utf-8-sig"``, ``"cp949"``, ``"utf-16-le"`` …).
    problem : ``""`` when the whole file decoded; else one sentence on what is wrong, to which the
        reader adds the rows and columns that hold the bad bytes.
    """

    text: str
    encoding: str
    problem: str = ""


_NOT_ESCAPED = re.compile("[^\udc80-\udcff]+")
_ESCAPED = re.compile("[\udc80-\udcff]+")
_ASCII = re.compile("[\x00-\x7f]+")


def _utf16_without_bom(raw: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when zero bytes sit in every other position, as they do
    in UTF-16 text of mostly Latin characters (a CSV header always is); else None."""
    sample = raw[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def decode(raw: bytes) -> Decoded:
    """The text of a survey file (see the module docstring for the order of encodings tried).

    Examples
    --------
    >>> decode("점수\\n".encode("cp949")).encoding, decode("점수\\n".encode()).encoding
    ('cp949', 'utf-8')
    >>> d = decode("id,점수\\n".encode() + "1,좋음\\n".encode("cp949"))
    >>> d.encoding, d.problem
    ('utf-8', 'the file mixes UTF-8 text with text in another encoding (probably CP949, EUC-KR)')
    >>> decode("a,b\\n".encode("utf-16-le")).text
    'a,b\\n'
    """
    for bom, enc in BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            codec = "utf-8" if enc == "utf-8-sig" else enc
            try:
                return Decoded(body.decode(codec), enc)
            except UnicodeDecodeError:
                return Decoded(body.decode(codec, errors="surrogateescape"), enc,
                               f"the file starts with a {ENCODING_NAMES[codec]} byte-order "
                               f"mark, but not all of its text is {ENCODING_NAMES[codec]}"
                               + (" (probably CP949, EUC-KR)" if codec == "utf-8" else ""))
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return Decoded(raw.decode(utf16), utf16)
        except UnicodeDecodeError:
            return Decoded(raw.decode(utf16, errors="surrogateescape"), utf16,
                           "the file looks like UTF-16 text without a byte-order mark, but "
                           "some bytes are not UTF-16")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="surrogateescape")
    # bytes, not characters: a Korean syllable is three bytes in UTF-8 and two in CP949
    bad = len(_NOT_ESCAPED.sub("", text))
    good = len(_ASCII.sub("", _ESCAPED.sub("", text)).encode("utf-8"))
    if good >= bad:
        # most non-ASCII text is valid UTF-8: the rest is a paste from another encoding,
        # which a CP949 reading would turn into wrong characters without a word
        return Decoded(text, "utf-8", "the file mixes UTF-8 text with text in another "
                                      "encoding (probably CP949, EUC-KR)")
    try:
        return Decoded(raw.decode("cp949"), "cp949")
    except UnicodeDecodeError:
        return Decoded(raw.decode("cp949", errors="surrogateescape"), "cp949",
                       "the text is neither UTF-8 nor CP949 (EUC-KR)")
