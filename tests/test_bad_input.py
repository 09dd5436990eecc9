"""Bad and hostile input: every broken file is named in plain words, no row is lost, no answer
silently changes. One test per kind of problem a careful (or hostile) user met."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from csvalue.errors import CodebookError, ConfigError, DataError
from csvalue.instrument.codebook import default_codebook_path, load_codebook, parse_codebook
from csvalue.instrument.load import load_wave, load_waves, rejects_name, rejects_names
from csvalue.instrument.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "csvalue" / "demo" / "waves" / "wave_2025.csv"
LINES = SHIPPED.read_text(encoding="utf-8").splitlines()
HEADER = LINES[0].split(",")


def col(name: str) -> int:
    return HEADER.index(name)


def rows(n: int = 6) -> list[list[str]]:
    """The first ``n`` respondent rows of the shipped wave, as cells."""
    return [line.split(",") for line in LINES[1:n + 1]]


def csv_text(cells: list[list[str]], header: list[str] | None = None, sep: str = ",") -> str:
    return "\n".join(sep.join(r) for r in [header or HEADER, *cells]) + "\n"


def write(path: Path, text: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def fails(path: Path, *words: str, codebook=None) -> str:
    """The message of the DataError loading ``path`` raises; it names the file and ``words``."""
    with pytest.raises(DataError) as err:
        load_wave(path, codebook)
    msg = str(err.value)
    assert str(path) in msg
    for w in words:
        assert w in msg, (w, msg)
    return msg


# ---------------------------------------------------------------------------------------
# Rows lost
# ---------------------------------------------------------------------------------------

def test_two_files_of_one_wave_keep_separate_rejects_and_are_both_named(tmp_path, run_cli):
    a, b = rows(4), rows(4)[1:]
    a[0][col("cs")] = "9"                          # one reject in each file
    b[0][col("b_speed")] = "0"
    b = [[f"{r[0]}b", *r[1:]] for r in b]
    fa = write(tmp_path / "a.csv", csv_text(a))
    fb = write(tmp_path / "b.csv", csv_text(b))
    r = run_cli("validate", fa, fb, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert f"{fa} and {fb} are all wave '2025'" in r.stdout
    one = pd.read_csv(tmp_path / "out" / "rejects_2025_a.csv")
    two = pd.read_csv(tmp_path / "out" / "rejects_2025_b.csv")
    assert one[["row", "column"]].values.tolist() == [[2, "cs"]]
    assert two[["row", "column"]].values.tolist() == [[2, "b_speed"]]
    assert not (tmp_path / "out" / "rejects_2025.csv").exists()
    with pytest.raises(DataError, match=f"{fa} and {fb} are all wave '2025'"):
        load_waves([fa, fb])


def test_rejects_names_never_collide(tmp_path):
    """Same wave and same file stem (two folders), and labels that sanitise alike."""
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    text = csv_text(rows(2))
    waves = [load_wave(write(tmp_path / d / "w.csv", text)) for d in ("x", "y")]
    names = rejects_names(waves)
    assert len(set(n.lower() for n in names)) == 2
    assert rejects_name("2025/Q1") == rejects_name("2025_Q1")   # hence rejects_names
    q1 = [r[:] for r in rows(2)]
    for r in q1:
        r[col("wave")] = "2025/Q1"
    q2 = [[*r[:col("wave")], "2025_Q1", *r[col("wave") + 1:]] for r in rows(2)]
    waves = [load_wave(write(tmp_path / "q1.csv", csv_text(q1))),
             load_wave(write(tmp_path / "q2.csv", csv_text(q2)))]
    assert len(set(rejects_names(waves))) == 2


# ---------------------------------------------------------------------------------------
# Wrong answers accepted
# ---------------------------------------------------------------------------------------

def test_an_excel_true_cell_is_rejected_as_written_not_read_as_1(tmp_path):
    frame = pd.read_csv(SHIPPED, dtype=str, keep_default_na=False).head(5)
    frame.to_excel(tmp_path / "w.xlsx", index=False)
    book = openpyxl.load_workbook(tmp_path / "w.xlsx")
    book.active.cell(row=3, column=col("b_speed") + 1, value=True)
    book.active.cell(row=4, column=col("b_cost") + 1, value="=1+1")   # never computed
    book.save(tmp_path / "w.xlsx")
    w = load_wave(tmp_path / "w.xlsx")
    assert w.rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [3, "b_speed", "TRUE", "not_a_number"], [4, "b_cost", "=1+1", "not_a_number"]]


def test_nul_bytes_never_cut_a_cell(tmp_path):
    cells = rows(3)
    cells[1][col("b_speed")] = "\x003"
    cells[1][col("b_cost")] = "4\x00"
    msg = fails(write(tmp_path / "w.csv", csv_text(cells)), "NUL bytes",
                r"row 3, 'b_speed' (column K): '\x003'", r"'b_cost' (column M): '4\x00'")
    assert "remove them" in msg


def test_an_id_of_spaces_is_a_missing_id(tmp_path):
    cells = rows(3)
    cells[1][0] = "   "
    w = load_wave(write(tmp_path / "w.csv", csv_text(cells)))
    assert w.rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [3, "resp_id", "   ", "missing_id"]]
    assert "" not in w.data["resp_id"].tolist()


def test_a_column_named_twice_is_refused_naming_both_columns(tmp_path):
    header = HEADER.copy()
    header[col("b_cost")] = "b_speed"
    fails(write(tmp_path / "w.csv", csv_text(rows(3), header)), "'b_speed' in columns K and M")
    frame = pd.read_csv(SHIPPED, dtype=str, keep_default_na=False).head(3)
    frame.columns = header
    frame.to_excel(tmp_path / "w.xlsx", index=False)
    fails(tmp_path / "w.xlsx", "'b_speed' in columns K and M")


# ---------------------------------------------------------------------------------------
# Mistakes ignored: codebook and settings keys
# ---------------------------------------------------------------------------------------

@pytest.fixture
def raw_cb() -> dict:
    return yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize("edit, words", [
    (lambda r: r["benefits"]["items"]["speed"].__setitem__("sacle", [1, 7]),
     "benefits.items.speed: unknown entry 'sacle' (did you mean 'scale'?)"),
    (lambda r: r["values"].__setitem__("sacle", [1, 7]), "values: unknown entry 'sacle'"),
    (lambda r: r["indices"]["cs"].__setitem__("colum", "Q1"), "did you mean 'column'"),
    (lambda r: r["profile"]["division"]["categories"]["emr"].__setitem__("lable_en", "x"),
     "profile.division.categories.emr: unknown entry 'lable_en'"),
    (lambda r: r["profile"]["region"].__setitem__("reqired", False), "did you mean 'required'"),
    (lambda r: r["instrument"].__setitem__("synthetik", True), "did you mean 'synthetic'"),
    (lambda r: r["factors"]["work_process"]["segment"].__setitem__("lable_en", "x"),
     "factors.work_process.segment: unknown entry"),
    (lambda r: r["loyalty_tiers"]["loyalist"].__setitem__("metall", "x"), "'metal'"),
    (lambda r: r["personality"]["items"]["disc_d1"].__setitem__("subscal", "D"), "'subscale'"),
    (lambda r: r["id"]["resp_id"].__setitem__("colunm", "id"), "id.resp_id: unknown entry"),
    (lambda r: r["profile"]["division"]["categories"].__setitem__(True, {}),
     "read by YAML as true/false; put it in quotes"),
    (lambda r: r["values"]["items"]["leisure"].__setitem__("label_en", False), "quotes"),
    (lambda r: r["indices"]["cs"].__setitem__("column", " cs"), "without spaces around it"),
    (lambda r: r["indices"]["cs"].__setitem__("column", ""), "must name a column"),
])
def test_a_misspelt_or_misread_codebook_entry_is_refused(raw_cb, edit, words):
    edit(raw_cb)
    with pytest.raises(CodebookError) as err:
        parse_codebook(raw_cb, "cb.yml")
    assert words in str(err.value)


def test_a_key_given_twice_is_refused_naming_the_lines(tmp_path, run_cli):
    text = default_codebook_path().read_text(encoding="utf-8")
    flow = text.replace("  cs: {column: cs,", "  cs: {column: cs, column: cs2,", 1)
    with pytest.raises(CodebookError, match=r"the key 'column' is given twice"):
        load_codebook(write(tmp_path / "cb.yml", flow))
    once = text.replace("goals:\n  cvi: 75\n", "goals:\n  cvi: 75\n  cvi: 80\n", 1)
    lines = once.splitlines()
    first = lines.index("  cvi: 75") + 1
    with pytest.raises(CodebookError, match=rf"line {first + 1}: the key 'cvi' is given twice "
                                            rf"in one mapping \(first on line {first}\)"):
        load_codebook(write(tmp_path / "cb2.yml", once))
    settings = write(tmp_path / "s.yml", "seed: 1\nalpha: 0.1\nseed: 2\n")
    with pytest.raises(ConfigError, match="line 3: the key 'seed' is given twice"):
        load_settings(settings)
    with pytest.raises(ConfigError, match="given twice"):
        load_settings(write(tmp_path / "m.json", '{"seed": 1, "seed": 2}'))
    r = run_cli("validate", SHIPPED, "--codebook", tmp_path / "cb2.yml", "--out", tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "given twice" in r.stderr


# ---------------------------------------------------------------------------------------
# Messages that mislead or cannot be located
# ---------------------------------------------------------------------------------------

def test_utf16_with_or_without_a_bom_reads_as_the_utf8_file(tmp_path):
    text = csv_text(rows(5))
    ref = load_wave(write(tmp_path / "u8.csv", text)).data
    for enc, raw in (("utf-16-le", text.encode("utf-16-le")),
                     ("utf-16-le", b"\xff\xfe" + text.encode("utf-16-le")),
                     ("utf-16-be", b"\xfe\xff" + text.encode("utf-16-be")),
                     ("utf-16-be", text.encode("utf-16-be"))):
        w = load_wave(write(tmp_path / "u16.csv", raw))
        assert w.encoding == enc
        pd.testing.assert_frame_equal(w.data, ref)


def test_a_file_mixing_utf8_and_cp949_names_the_row_and_column(tmp_path):
    cells = rows(3)
    head = csv_text(cells[:1]).encode()
    korean_utf8 = ",".join(cells[1][:-1] + ["청구 화면이 느려요"]).encode() + b"\n"
    korean_cp949 = ",".join(cells[2][:-1] + ["좋음"]).encode("cp949") + b"\n"
    msg = fails(write(tmp_path / "w.csv", head + korean_utf8 + korean_cp949),
                "mixes UTF-8 text with text in another encoding", "row 4, 'voc' (column BE)",
                "'좋음' (bytes c1 c1 c0 bd are not UTF-8; shown as CP949)")
    assert "offset" not in msg


def test_a_utf8_bom_over_a_cp949_body_is_named_in_plain_words(tmp_path):
    cells = rows(2)
    cells[0][-1] = "청구"
    raw = b"\xef\xbb\xbf" + csv_text(cells).encode("cp949")
    msg = fails(write(tmp_path / "w.csv", raw), "UTF-8 byte-order mark", "row 2, 'voc'")
    assert "codec" not in msg


def test_a_trailing_delimiter_on_data_lines_shifts_nothing(tmp_path):
    text = csv_text(rows(5))
    ref = load_wave(write(tmp_path / "ok.csv", text)).data
    shifted = "\n".join(line + "," if i else line for i, line in enumerate(text.splitlines()))
    pd.testing.assert_frame_equal(load_wave(write(tmp_path / "t.csv", shifted + "\n")).data, ref)
    # … but a value beyond the header's columns is named, with the row
    cells = rows(5)
    cells[2].append("holdout")
    fails(write(tmp_path / "x.csv", csv_text(cells)), "row 4 has 58 cells",
          "names 57 columns", "'holdout'", "unquoted comma")


def test_an_unclosed_quote_names_its_row(tmp_path):
    cells = rows(5)
    cells[2][-1] = '"never closed'
    msg = fails(write(tmp_path / "w.csv", csv_text(cells)), "row 4 (beginning 'C000007",
                "never closed")
    assert "EOF" not in msg and "tokenizing" not in msg


def test_a_title_line_above_the_header_is_named(tmp_path):
    text = "Customer survey 2025\n" + csv_text(rows(3))
    msg = fails(write(tmp_path / "w.csv", text), "row 2 holds the column names",
                "'Customer survey 2025'", "delete the rows above row 2")
    assert "tokenizing" not in msg
    frame = pd.read_csv(SHIPPED, dtype=str, keep_default_na=False).head(3)
    with pd.ExcelWriter(tmp_path / "w.xlsx") as xl:
        pd.DataFrame([["Customer survey 2025"]]).to_excel(xl, index=False, header=False)
        frame.to_excel(xl, index=False, startrow=2)
    fails(tmp_path / "w.xlsx", "row 3 holds the column names", "row 1 above it")


def test_whitespace_only_cells_are_missing_whatever_the_whitespace(tmp_path):
    cells = rows(4)
    for r, blank in zip(cells, (" ", "   ", "\t", "\u3000")):
        r[col("b_speed")] = blank
    w = load_wave(write(tmp_path / "w.csv", csv_text(cells)))
    assert w.quality.rejected == 0 and w.quality.missing_by_item["b_speed"] == 4


def test_ragged_and_short_rows_are_named_with_their_row(tmp_path):
    cells = rows(5)
    cells[2][-1] = "slow, and the screen freezes"
    msg = fails(write(tmp_path / "w.csv", csv_text(cells)), "row 4 has 58 cells",
                "header (row 1) names 57 columns", "double quotes")
    assert "Expected" not in msg
    short = csv_text(rows(5)).splitlines()
    short[3] = short[3][:40]
    fails(write(tmp_path / "s.csv", "\n".join(short) + "\n"), "row 4 has 7 cells",
          "the row ends early")


def test_a_semicolon_or_tab_separated_file_reads_like_the_comma_one(tmp_path):
    text = csv_text(rows(5))
    ref = load_wave(write(tmp_path / "c.csv", text)).data
    for sep in (";", "\t"):
        w = load_wave(write(tmp_path / "s.csv", text.replace(",", sep)))
        pd.testing.assert_frame_equal(w.data, ref)
        assert w.quality.delimiter == sep


# ---------------------------------------------------------------------------------------
# Wrong values in the rejects file
# ---------------------------------------------------------------------------------------

def test_rejected_values_are_written_as_the_file_writes_them(tmp_path):
    cells = rows(4)
    cells[0][col("b_speed")] = "1e308"
    cells[1][col("b_speed")] = "99999999999999999999"
    cells[2][col("b_speed")] = "6.0"
    cells[3][col("b_speed")] = "inf"
    with warnings.catch_warnings():
        warnings.simplefilter("error")            # no overflow RuntimeWarning either
        w = load_wave(write(tmp_path / "w.csv", csv_text(cells)))
    assert w.rejects[["value", "reason"]].values.tolist() == [
        ["1e308", "out_of_range"], ["99999999999999999999", "out_of_range"],
        ["6.0", "out_of_range"], ["inf", "not_a_number"]]


@pytest.mark.parametrize("cell", ["1_0", "0x3", "3,5", "TRUE", "nan5", "٣_"])
def test_text_that_python_would_read_as_a_number_is_not_a_number(tmp_path, cell):
    cells = rows(3)
    cells[1][col("recommend")] = f'"{cell}"'
    w = load_wave(write(tmp_path / "w.csv", csv_text(cells)))
    assert w.rejects[["value", "reason"]].values.tolist() == [[cell, "not_a_number"]]


# ---------------------------------------------------------------------------------------
# Every row accounted for, in every command
# ---------------------------------------------------------------------------------------

def test_store_names_the_rejected_rows(tmp_path, run_cli):
    cells = rows(40)
    cells[3][col("cs")] = "9"
    text = csv_text(cells).splitlines()
    text.insert(10, "")
    path = write(tmp_path / "w.csv", "\n".join(text) + "\n")
    r = run_cli("store", path, "--db", f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert r.returncode == 0, r.stderr
    assert f"{path}: 41 rows read = 39 accepted + 1 rejected + 1 blank" in r.stdout
    assert "the 1 rejected row is not stored" in r.stdout


def test_every_summary_adds_up(tmp_path, run_cli):
    cells = rows(8)
    cells[1][col("region")] = "mars"
    text = csv_text(cells).splitlines()
    text.insert(3, ",,,")
    path = write(tmp_path / "w.csv", "\n".join(text) + "\n")
    q = load_wave(path).quality
    assert (q.rows_read, q.accepted, q.rejected, q.blank) == (9, 7, 1, 1)
    r = run_cli("validate", path, "--out", tmp_path / "out")
    assert "rows read             9  (= accepted + rejected + blank)" in r.stdout
    rej = pd.read_csv(tmp_path / "out" / "rejects_2025.csv")
    assert rej[["row", "reason"]].values.tolist() == [[3, "unknown_category"], [4, "blank_row"]]


# ---------------------------------------------------------------------------------------
# Library wording never reaches the user; exit 2 everywhere
# ---------------------------------------------------------------------------------------

def test_library_wording_never_reaches_the_user(tmp_path):
    text = csv_text(rows(3))
    cases = {
        "folder": (tmp_path / "adir", "is a folder, not a file"),
        "named.xlsx": (write(tmp_path / "named.xlsx", text), "rename it to .csv"),
        "corrupt.xlsx": (write(tmp_path / "bad.xlsx", b"PK\x03\x04" + b"x" * 300), "damaged"),
        "legacy.xls": (write(tmp_path / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
                       "Excel 97–2003"),
        "gzip": (write(tmp_path / "w.csv.gz", b"\x1f\x8b\x08" + bytes(40)), "unpack it first"),
        "not parquet": (write(tmp_path / "w.parquet", b"PAR1" + b"x" * 40 + b"PAR1"),
                        "cannot be read as Parquet"),
        "not sav": (write(tmp_path / "w.sav", b"$FL2" + b"x" * 40), "cannot be read as an SPSS"),
    }
    (tmp_path / "adir").mkdir()
    for name, (path, words) in cases.items():
        msg = fails(path, words)
        for library in ("Errno", "engine", "zip file", "xlrd", "codec", "Expected", "C error"):
            assert library not in msg, (name, msg)


@pytest.mark.parametrize("args", [
    ["build", "--wave", "/nope.csv"],
    ["build", "--codebook", "/nope.yml"],
    ["build", "--config", "/nope.yml"],
    ["validate", "/nope.csv"],
    ["analyze", "/nope.csv", "--out", "{tmp}/o"],
    ["store", "/nope.csv", "--db", "sqlite:///{tmp}/db.sqlite"],
    ["validate", "{tmp}"],
    ["analyze", "{tmp}", "--out", "{tmp}/o"],
])
def test_every_command_exits_2_with_one_plain_line(args, tmp_path, run_cli):
    r = run_cli(*[a.format(tmp=tmp_path) for a in args])
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "Errno" not in r.stderr
    assert r.stderr.startswith(f"csvalue {args[0]}: error: ")
    assert "/nope" in r.stderr or str(tmp_path) in r.stderr


def test_the_last_resort_names_the_error_without_a_traceback(monkeypatch, capsys):
    from csvalue import cli
    from csvalue.instrument import load

    def boom(args):
        raise ValueError("something unforeseen")

    monkeypatch.setattr(load, "command", boom)
    assert cli.main(["validate", "x.csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("csvalue validate: error: unexpected ValueError: 'something "
                          "unforeseen'") and "Traceback" not in err


# ---------------------------------------------------------------------------------------
# Output floods; what held must keep holding
# ---------------------------------------------------------------------------------------

def test_twenty_thousand_unknown_columns_do_not_flood_the_summary(tmp_path):
    header = HEADER + [f"extra_{i}" for i in range(20_000)]
    cells = [r + [""] * 20_000 for r in rows(3)]
    q = load_wave(write(tmp_path / "w.csv", csv_text(cells, header))).quality
    assert len(q.ignored_columns) == 20_000
    assert len(q.summary()) < 2_000 and "… and 19,990 more" in q.summary()


def test_a_long_quoted_comment_with_line_breaks_is_one_cell(tmp_path):
    cells = rows(3)
    long = "느려요, " * 200_000 + '"quoted" \n and on'
    cells[1][-1] = '"' + long.replace('"', '""') + '"'
    w = load_wave(write(tmp_path / "w.csv", csv_text(cells)))
    assert w.quality.accepted == 3 and w.data.loc[1, "voc"] == long


def test_labels_and_file_names_never_leave_the_output_folder(tmp_path):
    from csvalue.build.book import division_page

    for hostile in ("../../x", "/etc/passwd", "..\\..\\x", "a/../../b", "<b>x</b>", "전자"):
        for name in (rejects_name(hostile), rejects_name("2025", f"{hostile}.csv"),
                     division_page(hostile)):
            assert "/" not in name and "\\" not in name and name not in ("", ".", "..")
            assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_typed_ids_and_numbers_keep_their_digits(tmp_path):
    """Parquet and Excel cells become text as written: large integer ids keep every digit,
    whole numbers show no '.0'."""
    frame = pd.read_csv(SHIPPED, dtype=str, keep_default_na=False).head(4)
    frame["resp_id"] = [2 ** 53 + 1 + i for i in range(4)]
    for c in ("b_speed", "cs", "recommend"):
        frame[c] = frame[c].astype(int)
    frame.loc[2, "recommend"] = 11
    frame.to_parquet(tmp_path / "w.parquet", index=False)
    w = load_wave(tmp_path / "w.parquet")
    assert w.data["resp_id"].tolist() == [str(2 ** 53 + 1 + i) for i in (0, 1, 3)]
    assert w.rejects[["resp_id", "value", "reason"]].values.tolist() == [
        [str(2 ** 53 + 3), "11", "out_of_range"]]


def test_a_row_of_another_wave_is_named(tmp_path):
    lines = (ROOT / "csvalue/demo/waves/wave_2025.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    cells = lines[4].split(",")
    cells[head.index("wave")] = "2024"
    lines[4] = ",".join(cells)
    f = tmp_path / "w.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"most rows say '2025', row 5 does not"):
        load_wave(f)
