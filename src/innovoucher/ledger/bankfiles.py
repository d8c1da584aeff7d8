"""Bank payment files (CSV and Excel) and the bank's result files. No Django, no database.

The payment file lists one row per payment line, keyed by the line code (PL00000042) that the
bank echoes back in its result file, with the result (成功/失败), its serial number and the
reason for a failure. CSV is written as UTF-8 with BOM (opens in Excel); result files are read
as UTF-8 or GB18030, or as .xlsx.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from innovoucher.core.money import fen_to_yuan
from innovoucher.ledger.domain import parse_result_status

# What a bank's batch-transfer template asks for (收款户名 / 收款账号 / 收款开户行 / 金额 / 用途),
# then the line code the bank echoes back in its result file and our own references.
EXPORT_HEADERS = [
    "明细编号",
    "序号",
    "收款户名",
    "收款账号",
    "收款开户行",
    "金额（元）",
    "用途",
    "业务编号",
    "收款方类型",
    "资金构成",
]
RESULT_HEADERS = ["明细编号", "结果", "银行流水号", "失败原因"]
_ALIASES = {
    "code": {"明细编号", "line", "line_code", "code"},
    "status": {"结果", "支付结果", "状态", "status", "result"},
    "bank_reference": {"银行流水号", "流水号", "bank_reference", "serial"},
    "reason": {"失败原因", "原因", "备注", "reason"},
}


@dataclass(frozen=True)
class ExportRow:
    code: str
    position: int
    holder: str
    account: str  # the full number: a bank cannot pay a masked one
    bank_name: str
    amount_fen: int
    memo: str
    reference: str
    payee_kind: str = ""
    shares: str = ""

    def cells(self) -> list:
        return [
            self.code,
            self.position,
            self.holder,
            self.account,
            self.bank_name,
            fen_to_yuan(self.amount_fen),
            self.memo,
            self.reference,
            self.payee_kind,
            self.shares,
        ]


@dataclass(frozen=True)
class ResultRow:
    row: int
    code: str
    status: str | None
    bank_reference: str
    reason: str


def render_csv(rows: list[ExportRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    writer.writerows(row.cells() for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def render_results(rows: list[tuple[str, bool, str, str]]) -> bytes:
    """A result file as a bank returns it: (line code, paid?, serial number, failure reason)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RESULT_HEADERS)
    writer.writerows(
        [code, "成功" if ok else "失败", serial if ok else "", "" if ok else reason]
        for code, ok, serial, reason in rows
    )
    return buffer.getvalue().encode("utf-8-sig")


def render_xlsx(rows: list[ExportRow], *, title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "支付明细"
    sheet.append([title])
    sheet.append(EXPORT_HEADERS)
    for number, row in enumerate(rows, start=3):
        sheet.append(row.cells())
        account = sheet.cell(row=number, column=4)
        account.number_format = "@"  # text: a long account number must not become 1.2E+18
    widths = (14, 6, 30, 24, 30, 14, 28, 24, 10, 30)
    for column, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ResultFileInvalid(ValueError):
    """The file is not a result file we can read: nothing of it is applied."""


REQUIRED_RESULT_COLUMNS = {"code": "明细编号", "status": "结果"}


def parse_results(filename: str, content: bytes) -> tuple[list[ResultRow], list[str]]:
    """Rows of a bank result file, and the problems that stopped a row from being read.

    Raises ResultFileInvalid when the file cannot be read or lacks a required column (naming
    the missing ones) or holds no line at all."""
    table = _xlsx_table(content) if filename.lower().endswith(".xlsx") else _csv_table(content)
    if not table:
        raise ResultFileInvalid("无法读取回执文件：请上传银行返回的 CSV 或 Excel（.xlsx）文件")
    header_at = next(
        (
            i
            for i, r in enumerate(table)
            if _columns(r).get("code") is not None and _columns(r).get("status") is not None
        ),
        None,
    )
    if header_at is None:
        best = max(table[:10], key=lambda r: sum(v is not None for v in _columns(r).values()))
        found = _columns(best)
        missing = [label for key, label in REQUIRED_RESULT_COLUMNS.items() if found[key] is None]
        seen = "、".join(str(c).strip() for c in best if str(c or "").strip())[:120]
        raise ResultFileInvalid(
            f"回执文件缺少“{'”“'.join(missing)}”列，未导入任何明细（文件的表头为：{seen}）。"
            f"回执须包含 {'、'.join(RESULT_HEADERS)} 列"
        )
    columns = _columns(table[header_at])
    rows, problems = [], []
    for number, cells in enumerate(table[header_at + 1 :], start=header_at + 2):
        row = _row(number, cells, columns)
        if row is None:
            continue
        if row.status is None:
            problems.append(
                f"第 {number} 行：结果“{_cell(cells, columns['status'])}”无法识别，"
                "应为“成功”或“失败”"
            )
        else:
            rows.append(row)
    if not rows and not problems:
        raise ResultFileInvalid("回执文件没有任何明细行，未导入")
    return rows, problems


def _columns(header: list) -> dict[str, int | None]:
    names = [str(c or "").strip().lower() for c in header]
    return {
        key: next((i for i, n in enumerate(names) if n in aliases), None)
        for key, aliases in _ALIASES.items()
    }


def _cell(cells: list, index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return str(cells[index]).strip()


def _row(number: int, cells: list, columns: dict) -> ResultRow | None:
    code = _cell(cells, columns["code"])
    if not code:
        return None
    status = parse_result_status(_cell(cells, columns["status"]))
    return ResultRow(
        number,
        code,
        status,
        _cell(cells, columns["bank_reference"])[:80],
        _cell(cells, columns["reason"])[:200],
    )


def _csv_table(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        return []
    return [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]


def _xlsx_table(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is a user error, not a 500
        return []
    return [
        list(row)
        for row in book.active.iter_rows(values_only=True)
        if any(c not in (None, "") for c in row)
    ]
