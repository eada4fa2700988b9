"""Generic spreadsheet reading and writing: encodings, headers, formula escaping, hostile workbooks."""

import csv
import io
import time

import openpyxl
import pytest

from madang.core import spreadsheets as sheets
from madang.core.services import DomainError


def xlsx(cells: dict[str, object]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_in_utf8_with_bom_and_cp949_reads_the_same():
    text = "단체명,유형\n마을부엌,기타\n"
    for raw in (text.encode("utf-8-sig"), text.encode("utf-8"), text.encode("cp949")):
        assert sheets.read_table(filename="a.CSV", raw=raw, max_rows=10) == [
            ["단체명", "유형"],
            ["마을부엌", "기타"],
        ]


def test_undecodable_csv_is_refused_in_korean():
    with pytest.raises(DomainError) as excinfo:
        sheets.decode_text(b"\xff\xfe\xfa\xfb\x80")
    assert excinfo.value.code == "encoding"
    assert "UTF-8 또는 CP949" in excinfo.value.message


def test_blank_lines_keep_line_numbers_and_trailing_ones_are_dropped():
    raw = "머리,글\n\n가,나\n\n\n".encode()
    assert sheets.read_table(filename="a.csv", raw=raw, max_rows=10) == [["머리", "글"], [], ["가", "나"]]


def test_row_limit_and_size_limit():
    raw = ("h\n" + "x\n" * 4).encode()
    with pytest.raises(DomainError) as excinfo:
        sheets.read_table(filename="a.csv", raw=raw, max_rows=3)
    assert excinfo.value.message == "행이 너무 많습니다. 한 번에 3행까지 가져올 수 있습니다."
    with pytest.raises(DomainError) as excinfo:
        sheets.read_table(filename="a.csv", raw=raw, max_rows=10, max_bytes=4)
    assert excinfo.value.code == "too_large"
    with pytest.raises(DomainError) as excinfo:
        sheets.read_table(filename="a.xls", raw=raw, max_rows=10)
    assert excinfo.value.code == "file_type"


def test_xlsx_reads_values_by_default_and_formulas_when_asked():
    raw = xlsx({"A1": "이름", "B1": "회원수", "A2": "모임", "B2": "=1+1", "C2": 3.0})
    assert sheets.read_table(filename="a.xlsx", raw=raw, max_rows=10) == [
        ["이름", "회원수"],
        ["모임", "", "3"],
    ]
    with_formulas = sheets.read_table(filename="a.xlsx", raw=raw, max_rows=10, formulas=True)
    assert with_formulas[1] == ["모임", "=1+1", "3"]


def test_a_workbook_with_one_far_away_cell_is_read_fast():
    """5 KB on disk, but its sheet declares A1:A1048576; walking to the last cell took 15 s of CPU."""
    raw = xlsx({"A1": "단체명", "A2": "모임", "A1048576": "끝"})
    assert len(raw) < 10_000
    started = time.process_time()
    table = sheets.read_table(filename="far.xlsx", raw=raw, max_rows=5000)
    assert time.process_time() - started < 1.0
    assert table == [["단체명"], ["모임"]]  # reading stops after a long run of blank rows


def test_rows_past_the_limit_are_never_walked():
    raw = xlsx({"A1": "h", **{f"A{n}": "x" for n in range(2, 40)}})
    started = time.process_time()
    with pytest.raises(DomainError) as excinfo:
        sheets.read_table(filename="a.xlsx", raw=raw, max_rows=5)
    assert excinfo.value.code == "too_many_rows"
    assert time.process_time() - started < 1.0


def test_parsing_is_time_boxed():
    rows = "".join(f"{n},{'가' * 20}\n" for n in range(3000)).encode()
    with pytest.raises(DomainError) as excinfo:
        sheets.read_table(filename="slow.csv", raw=rows, max_rows=5000, cpu_seconds=-1)
    assert excinfo.value.code == "too_slow"
    assert "시간이 너무 오래" in excinfo.value.message


def test_header_mapping_ignores_noise_and_refuses_a_field_twice():
    aliases = sheets.header_aliases([("name", ("단체명", "name")), ("kind", ("유형", "type"))])
    table = [[], ["단체 명 (필수)", "비고", "TYPE*"], ["가", "", "기타"]]
    assert sheets.map_header(table, aliases) == (1, {0: "name", 2: "kind"})
    with pytest.raises(DomainError) as excinfo:
        sheets.map_header([["단체명", "Name"]], aliases, labels={"name": "단체명"})
    assert excinfo.value.message == "머리글 '단체명' 열이 두 번 있습니다."
    with pytest.raises(DomainError) as excinfo:
        sheets.map_header([[], []], aliases)
    assert excinfo.value.code == "empty"


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", "+SUM(1)", "-A1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_escaped_on_export_and_unescaped_on_import(value):
    escaped = sheets.escape_cell(value)
    assert escaped == "'" + value
    if value[0] in "=+-@":
        assert sheets.unescape_cell(escaped) == value


def test_formula_detection_spares_numbers_phones_and_dashes():
    assert sheets.looks_like_formula("=1+1")
    assert sheets.looks_like_formula("-A1")
    assert not sheets.looks_like_formula("-3")
    assert not sheets.looks_like_formula("-")
    assert not sheets.looks_like_formula("+82 2 000 0000")
    assert sheets.escape_cell(-3) == -3


def test_csv_and_xlsx_writers_escape_every_cell():
    rows = [["=1+1", 3, None], ["강북", "@x", "ok\x01"]]
    text = sheets.csv_bytes(["이름", "값", "비고"], rows)
    assert text.startswith("\ufeff".encode())
    read = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert read == [["이름", "값", "비고"], ["'=1+1", "3", ""], ["강북", "'@x", "ok\x01"]]
    workbook = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(["이름"], rows, sheet_title="목록")))
    sheet = workbook["목록"]
    assert [cell.value for cell in sheet[2]] == ["'=1+1", 3, None]
    assert sheet["C3"].value == "ok"  # characters XLSX cannot hold are dropped


def test_spreadsheet_response_is_an_attachment():
    response = sheets.spreadsheet_response("xlsx", ["a"], [["b"]], filename="강북-목록")
    assert response["Content-Type"] == sheets.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    csv_response = sheets.spreadsheet_response("csv", ["a"], [["b"]], filename="list")
    assert csv_response["Content-Type"] == sheets.CSV_CONTENT_TYPE
    with pytest.raises(ValueError):
        sheets.spreadsheet_response("ods", [], [], filename="x")
