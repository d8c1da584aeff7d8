"""Reading a dishonesty list (信用中国失信主体名单 / 经营异常名录) from CSV or Excel, pure Python:
every row checked (the unified social credit code by python-stdnum), each bad row reported with its
line number (the header is line 1). Nothing Django here."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import load_workbook
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError

# Column headers accepted for each field (the lists published by 信用中国 and the market
# regulators name them in several ways).
HEADERS = {
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "uscc"),
    "name": ("名称", "主体名称", "企业名称", "单位名称", "失信主体名称", "name"),
    "listed_on": ("列入日期", "认定日期", "列入经营异常名录日期", "公示日期", "listed_on"),
    "cause": ("列入原因", "失信行为", "认定依据", "原因", "cause"),
    "authority": ("作出决定机关", "决定机关", "认定部门", "列入机关", "authority"),
}
REQUIRED = ("uscc", "name", "listed_on")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Row:
    line: int
    uscc: str
    name: str
    listed_on: dt.date
    cause: str = ""
    authority: str = ""


class ListUnreadable(ValueError):
    """The file itself cannot be read (not a table, no header, too many rows)."""


def _cells(data: bytes, filename: str) -> list[list]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ListUnreadable(
                "无法读取该 Excel 文件，请另存为 .xlsx 或 UTF-8 编码的 CSV"
            ) from exc
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ListUnreadable("CSV 文件编码无法识别，请使用 UTF-8 或 GBK 编码")
        return list(csv.reader(io.StringIO(text)))
    raise ListUnreadable("名单文件须为 CSV 或 Excel（.xlsx）")


def _columns(header: list) -> dict[str, int]:
    labels = [str(c or "").strip().lstrip("\ufeff") for c in header]
    found = {}
    for field, names in HEADERS.items():
        for i, label in enumerate(labels):
            if label in names:
                found[field] = i
                break
    missing = [HEADERS[f][0] for f in REQUIRED if f not in found]
    if missing:
        raise ListUnreadable(f"第1行（表头）缺少列：{'、'.join(missing)}")
    return found


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    for sep in ("年", "月"):
        text = text.replace(sep, "-")
    text = text.rstrip("日")
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    raise ValueError(text)


def _row(line: int, cells: list, cols: dict[str, int], today: dt.date) -> Row:
    def cell(field: str) -> str:
        i = cols.get(field)
        value = cells[i] if i is not None and i < len(cells) else ""
        return "" if value is None else str(value).strip()

    code = cell("uscc").upper()
    try:
        code = stdnum_uscc.validate(code)
    except ValidationError:
        raise ValueError(f"统一社会信用代码“{code or '（空）'}”无效") from None
    name = cell("name")
    if not name:
        raise ValueError("名称为空")
    i = cols["listed_on"]
    raw = cells[i] if i < len(cells) else ""
    try:
        listed = _date(raw)
    except ValueError:
        raise ValueError(f"列入日期“{raw or '（空）'}”无效，应如 2026-03-02") from None
    if listed > today:
        raise ValueError(f"列入日期{listed.isoformat()}晚于今天")
    return Row(line, code, name[:200], listed, cell("cause")[:200], cell("authority")[:100])


def read(
    data: bytes,
    filename: str,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Row], list[dict]]:
    """(rows, errors): every data row checked; `errors` lists {"line", "message"} of each bad
    row (duplicate codes too). Raises ListUnreadable when the file is not a usable table.
    `progress(done, total)` is called every 200 rows."""
    table = [r for r in _cells(data, filename)]
    if not table:
        raise ListUnreadable("名单文件为空")
    cols = _columns(table[0])
    body = [
        (n, r) for n, r in enumerate(table[1:], start=2) if any(str(c or "").strip() for c in r)
    ]
    if len(body) > MAX_ROWS:
        raise ListUnreadable(f"一次最多导入 {MAX_ROWS} 行，请分批上传")
    rows: list[Row] = []
    errors: list[dict] = []
    seen: dict[str, int] = {}
    for done, (line, cells) in enumerate(body, start=1):
        try:
            row = _row(line, list(cells), cols, today)
        except ValueError as exc:
            errors.append({"line": line, "message": str(exc)})
        else:
            if row.uscc in seen:
                message = f"统一社会信用代码 {row.uscc} 与第{seen[row.uscc]}行重复"
                errors.append({"line": line, "message": message})
            else:
                seen[row.uscc] = line
                rows.append(row)
        if progress is not None and (done % 200 == 0 or done == len(body)):
            progress(done, len(body))
    return rows, errors
