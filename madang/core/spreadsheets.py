"""Spreadsheets in and out, for every app that imports or exports a list (CSV, XLSX).

Reading: `read_table(filename=, raw=, max_rows=)` turns an uploaded .csv (UTF-8 or CP949) or .xlsx
(first sheet) into rows of stripped text, refusing wrong types, oversize files, zip bombs and too
many rows with Korean `DomainError`s. XLSX files are read with openpyxl in read-only mode, never
further than the row limit, stopping after a long run of blank rows (so a workbook that declares a
cell at A1048576 is not walked to it) and within a CPU-time budget.

Headers: `header_key()` compares headers without spaces, "_", "-", "*", "·", ":", bracketed notes
and case; `header_aliases()` and `map_header()` find the header row and map columns to fields.

Writing: `escape_cell()` defuses formula injection (=, +, -, @, tab, CR), `csv_bytes()` /
`xlsx_bytes()` build files and `spreadsheet_response()` an attachment response.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import time
import zipfile
from collections.abc import Iterable

import openpyxl
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from .services import DomainError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 50  # columns read per row
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024  # zip-bomb guard
BLANK_RUN_LIMIT = 100  # an XLSX sheet ends after this many blank rows in a row
PARSE_CPU_SECONDS = 10.0  # CPU time one file may take to read
CHECK_EVERY = 64  # rows between deadline checks

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}

_HEADER_NOISE = re.compile(r"\(.*?\)|\[.*?\]|[\s_\-*·:]")
_PHONE = re.compile(r"\+\d[\d\s\-().]*")


# --- reading ----------------------------------------------------------------------------------------


def file_extension(filename: str) -> str:
    """'목록.XLSX' → 'xlsx'; '' when the name has no extension (paths from old browsers too)."""
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def decode_text(raw: bytes) -> str:
    """Text of an uploaded CSV: UTF-8 (with or without BOM) or CP949/EUC-KR, as Excel saves it in Korea."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(
        _("파일 인코딩을 읽을 수 없습니다. UTF-8 또는 CP949(EUC-KR) CSV로 저장하세요."),
        code="encoding",
    )


def too_many_rows(max_rows: int) -> DomainError:
    return DomainError(
        _("행이 너무 많습니다. 한 번에 %(max)d행까지 가져올 수 있습니다.") % {"max": max_rows},
        code="too_many_rows",
    )


class _Deadline:
    """A CPU-time budget, checked every few rows (process time: a busy server does not trip it)."""

    def __init__(self, seconds: float):
        self.until = time.process_time() + seconds
        self.count = 0

    def check(self) -> None:
        self.count += 1
        if self.count % CHECK_EVERY == 0 and time.process_time() > self.until:
            raise DomainError(
                _(
                    "파일을 읽는 데 시간이 너무 오래 걸립니다. "
                    "행이나 열을 줄이거나 CSV로 저장해 다시 올려 주세요."
                ),
                code="too_slow",
            )


def _collect(
    rows: Iterable[Iterable[str]],
    *,
    max_rows: int,
    max_columns: int,
    deadline: _Deadline,
    blank_run_limit: int | None = None,
) -> list[list[str]]:
    """Rows of stripped text; blank lines inside are kept as [] so positions match line numbers.

    Blank lines at the end are dropped. More than `max_rows` data rows (after the first non-blank
    row, the header) or more than 4 × max_rows lines raise too_many_rows. With `blank_run_limit`,
    reading stops after that many blank rows in a row."""
    max_lines = 4 * max_rows
    table: list[list[str]] = []
    blanks = 0
    data_rows = 0
    header_seen = False
    for row in rows:
        deadline.check()
        cells = [cell.strip() for cell in list(row)[:max_columns]]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            blanks += 1
            if blank_run_limit is not None and blanks >= blank_run_limit:
                break
            continue
        if header_seen:
            data_rows += 1
            if data_rows > max_rows:
                raise too_many_rows(max_rows)
        header_seen = True
        if len(table) + blanks >= max_lines:
            raise too_many_rows(max_rows)
        table.extend([] for _blank in range(blanks))
        blanks = 0
        table.append(cells)
    return table


def read_csv(
    raw: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS, cpu_seconds: float = PARSE_CPU_SECONDS
) -> list[list[str]]:
    if b"\x00" in raw:
        raise DomainError(
            _("CSV 파일의 내용을 읽을 수 없습니다. 텍스트(UTF-8 또는 CP949) CSV로 저장하세요."),
            code="file_content",
        )
    text = decode_text(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _collect(reader, max_rows=max_rows, max_columns=max_columns, deadline=_Deadline(cpu_seconds))
    except csv.Error as exc:
        raise DomainError(
            _("CSV 파일 %(line)d행을 읽을 수 없습니다.") % {"line": reader.line_num}, code="file_content"
        ) from exc


def cell_text(value) -> str:
    """A cell value as the text a person sees (whole floats without '.0', dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, ArrayFormula | DataTableFormula):
        text = str(getattr(value, "text", "") or "")
        return text if text.startswith("=") else f"={text}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def read_xlsx(
    raw: bytes,
    *,
    max_rows: int,
    max_columns: int = MAX_COLUMNS,
    formulas: bool = False,
    cpu_seconds: float = PARSE_CPU_SECONDS,
    blank_run_limit: int = BLANK_RUN_LIMIT,
) -> list[list[str]]:
    """The first sheet as rows of text. Cells hold their values (data_only) unless `formulas`,
    when a formula cell reads as its formula ('=1+1'), so a caller can refuse formulas."""
    not_xlsx = DomainError(
        _("XLSX 파일이 아닙니다. 엑셀에서 'Excel 통합 문서(*.xlsx)'로 저장하세요."), code="file_content"
    )
    if not raw.startswith(b"PK\x03\x04"):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise not_xlsx from exc
    if unpacked > MAX_XLSX_UNCOMPRESSED:
        raise DomainError(_("파일이 너무 큽니다 (압축을 풀면 100MB가 넘습니다)."), code="too_large")

    deadline = _Deadline(cpu_seconds)
    unreadable = _("XLSX 파일을 읽을 수 없습니다. 파일이 손상되었거나 암호가 걸려 있지 않은지 확인하세요.")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=not formulas)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, lxml, zip) for bad files
        raise DomainError(unreadable, code="file_content") from exc
    try:
        if not workbook.worksheets:
            raise DomainError(_("빈 파일입니다."), code="empty")
        sheet = workbook.worksheets[0]
        # never past the last line the row limit allows, whatever the sheet declares
        rows = sheet.iter_rows(max_row=4 * max_rows + 2, max_col=max_columns, values_only=True)
        return _collect(
            ([cell_text(value) for value in row] for row in rows),
            max_rows=max_rows,
            max_columns=max_columns,
            deadline=deadline,
            blank_run_limit=blank_run_limit,
        )
    except DomainError:
        raise
    except Exception as exc:
        raise DomainError(unreadable, code="file_content") from exc
    finally:
        workbook.close()


def read_table(
    *,
    filename: str,
    raw: bytes,
    max_rows: int,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_columns: int = MAX_COLUMNS,
    formulas: bool = False,
    cpu_seconds: float = PARSE_CPU_SECONDS,
) -> list[list[str]]:
    """The first sheet of a .csv or .xlsx upload as rows of stripped text (line n is item n - 1).

    Raises DomainError for a wrong type, content that does not match the name, a file over
    `max_bytes`, more than `max_rows` data rows, or a file that takes too long to read."""
    extension = file_extension(filename)
    if extension not in {"csv", "xlsx"}:
        raise DomainError(_("CSV 또는 XLSX 파일만 올릴 수 있습니다."), code="file_type")
    if len(raw) > max_bytes:
        raise DomainError(
            _("파일이 너무 큽니다 (최대 %(size)s).") % {"size": _size_label(max_bytes)}, code="too_large"
        )
    if not raw:
        raise DomainError(_("빈 파일입니다."), code="empty")
    if extension == "xlsx":
        return read_xlsx(
            raw, max_rows=max_rows, max_columns=max_columns, formulas=formulas, cpu_seconds=cpu_seconds
        )
    return read_csv(raw, max_rows=max_rows, max_columns=max_columns, cpu_seconds=cpu_seconds)


def _size_label(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)}MB"
    return f"{size // 1024}KB"


# --- headers ----------------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """'단체명 (필수)', '단체_명*' and '단체명' compare equal."""
    return _HEADER_NOISE.sub("", str(text)).casefold()


def header_aliases(columns: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """{header_key(alias): field} from (field, accepted headers) pairs (Korean and English)."""
    return {header_key(alias): field for field, aliases in columns for alias in aliases}


def map_header(
    table: list[list[str]], aliases: dict[str, str], *, labels: dict[str, str] | None = None
) -> tuple[int, dict[int, str]]:
    """(index of the header row — the first non-blank one, {column: field}).

    Unknown headers are ignored; an empty table or a field named twice raise DomainError."""
    index = next((i for i, cells in enumerate(table) if cells), None)
    if index is None:
        raise DomainError(_("빈 파일입니다."), code="empty")
    columns: dict[int, str] = {}
    for column, cell in enumerate(table[index]):
        field = aliases.get(header_key(cell))
        if field is None:
            continue
        if field in columns.values():
            label = (labels or {}).get(field, cell)
            raise DomainError(
                _("머리글 '%(header)s' 열이 두 번 있습니다.") % {"header": label}, code="header"
            )
        columns[column] = field
    return index, columns


# --- formulas ---------------------------------------------------------------------------------------


def looks_like_formula(value: str) -> bool:
    """= + @ start a formula in a spreadsheet; so does - unless a number follows ('-3', '- 메모').

    A lone '-' (a common "none" mark) and an international phone number (+82 2 …) are not."""
    if not value:
        return False
    first = value[0]
    if first in "=@":
        return True
    if first == "+":
        return not _PHONE.fullmatch(value)
    if first == "-":
        return len(value) > 1 and not (value[1].isdigit() or value[1].isspace())
    return False


def unescape_cell(value: str) -> str:
    """Undo `escape_cell` ("'=…" → "=…"), so an exported list reads back as it was."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


def escape_cell(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --- writing ----------------------------------------------------------------------------------------


def csv_bytes(headers: list, rows: Iterable[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Korean text correctly; every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([escape_cell(value) for value in headers])
    for row in rows:
        writer.writerow([escape_cell("" if value is None else value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return escape_cell(value) if value else None
    return value


def xlsx_bytes(headers: list, rows: Iterable[list], *, sheet_title: str = "Sheet1") -> bytes:
    """A one-sheet workbook (written in streaming mode); every text cell escaped."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([_xlsx_cell(value) for value in headers])
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_response(
    fmt: str, headers: list, rows: Iterable[list], *, filename: str, sheet_title: str = "Sheet1"
) -> HttpResponse:
    """An attachment response with the rows as .csv or .xlsx (`fmt`); filename without extension."""
    if fmt == "csv":
        content = csv_bytes(headers, rows)
    elif fmt == "xlsx":
        content = xlsx_bytes(headers, rows, sheet_title=sheet_title)
    else:
        raise ValueError(f"unknown spreadsheet format {fmt!r}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}.{fmt}"
    )
    return response
