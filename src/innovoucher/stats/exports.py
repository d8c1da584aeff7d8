"""Excel (openpyxl) and PDF (WeasyPrint with Noto CJK) renderings of the statistics tables.
Rendering only: the rows come from the selectors."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from innovoucher.core.money import fen_to_yuan

PDF_FONTS = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'


def _yuan(v):
    return float(fen_to_yuan(v)) if isinstance(v, int) else v


# chart -> (sheet title, [(column title, row key, is money)])
COLUMNS = {
    "funnel": (
        "创新券发放与使用",
        [
            ("行政区划代码", "region", False),
            ("地区", "label", False),
            ("发放张数", "issued", False),
            ("使用张数", "used", False),
            ("未使用（发放−使用）", "gap", False),
            ("兑付件数", "redeemed", False),
            ("已使用金额（元）", "used_fen", True),
            ("已兑付金额（元）", "redeemed_fen", True),
        ],
    ),
    "category": (
        "按服务类别",
        [
            ("类别代码", "category", False),
            ("服务类别", "label", False),
            ("件数", "n", False),
            ("补助金额（元）", "subsidy_fen", True),
            ("合同金额（元）", "contract_fen", True),
        ],
    ),
    "provider": (
        "按服务机构",
        [
            ("服务机构", "label", False),
            ("件数", "n", False),
            ("补助金额（元）", "subsidy_fen", True),
        ],
    ),
    "processing": (
        "审核办理时长",
        [
            ("审核层级", "label", False),
            ("已办结", "n", False),
            ("平均办理（天）", "avg_days", False),
            ("平均期限（天）", "deadline_days", False),
            ("超期件数", "overdue", False),
        ],
    ),
    "budget": (
        "预算执行与预测",
        [
            ("预算", "label", False),
            ("资金所在区划", "region", False),
            ("到位资金（元）", "net_fen", True),
            ("已使用（元）", "used_fen", True),
            ("可用余额（元）", "available_fen", True),
            ("预计用完日期", "run_out_on", False),
        ],
    ),
}


def xlsx(chart: str, rows: list[dict], *, caption: str) -> bytes:
    from openpyxl import Workbook

    title, columns = COLUMNS[chart]
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([caption])
    ws.append([c[0] for c in columns])
    for r in rows:
        values = []
        for _, key, money in columns:
            v = r.get(key)
            if money:
                v = float(fen_to_yuan(v or 0))
            elif v is not None and not isinstance(v, int | str):
                v = str(v)
            values.append(v)
        ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "fonts": PDF_FONTS})
    return HTML(string=html).write_pdf()
