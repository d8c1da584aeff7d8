"""The round's report: PDF (WeasyPrint with the Noto CJK fonts) and Excel (openpyxl). Rendering
only: the round was loaded through a scoped selector."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext_noop

from innovoucher.core import clock
from innovoucher.core.money import fen_to_yuan
from innovoucher.evaluation.models import EvaluationRound
from innovoucher.evaluation.selectors import round_assessments

PDF_FONTS = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'
# indicator key -> (label, is money)
LABELS = {
    "redemptions": (gettext_noop("兑付件数"), False),
    "redeemed_fen": (gettext_noop("已兑付创新券（元）"), True),
    "via_platform_fen": (gettext_noop("通过平台（元）"), True),
    "orders": (gettext_noop("订单数"), False),
    "orders_delivered": (gettext_noop("已交付订单"), False),
    "ratings": (gettext_noop("用户评价数"), False),
    "late_ratings": (gettext_noop("逾期评价数"), False),
    "confirmations": (gettext_noop("确认件数"), False),
    "confirmed_on_time": (gettext_noop("按时确认"), False),
    "complaints_upheld": (gettext_noop("属实投诉"), False),
    "findings": (gettext_noop("抽查发现问题"), False),
    "vouchers_issued": (gettext_noop("发放张数"), False),
    "vouchers_used": (gettext_noop("使用张数"), False),
    "committed_fen": (gettext_noop("已审定补助（元）"), True),
    "firms_served": (gettext_noop("受益企业"), False),
    "steps_decided": (gettext_noop("办结审核环节"), False),
    "steps_overdue": (gettext_noop("超期环节"), False),
    "budget_received_fen": (gettext_noop("到位资金（元）"), True),
    "budget_used_fen": (gettext_noop("已使用资金（元）"), True),
}


def indicator_columns(rnd: EvaluationRound) -> list[str]:
    keys = set()
    for a in rnd.assessments.all():
        keys |= set(a.indicators)
    return [k for k in LABELS if k in keys]


def _value(a, key):
    v = a.indicators.get(key, 0)
    return fen_to_yuan(v) if LABELS[key][1] else v


def report_rows(rnd: EvaluationRound) -> tuple[list[str], list[list]]:
    keys = indicator_columns(rnd)
    head = [
        "评价对象",
        "行政区划",
        *[LABELS[k][0] for k in keys],
        "平台得分",
        "专家评分",
        "综合得分",
        "等级",
        "通报/整改",
    ]
    rows = [
        [
            a.subject_name,
            a.region_code,
            *[_value(a, k) for k in keys],
            a.platform_score,
            a.expert_score if a.expert_score is not None else "",
            a.score,
            a.grade,
            "；".join(a.flags),
        ]
        for a in round_assessments(rnd)
    ]
    return head, rows


def report_xlsx(rnd: EvaluationRound) -> bytes:
    from openpyxl import Workbook

    head, rows = report_rows(rnd)
    wb = Workbook()
    ws = wb.active
    ws.title = "评价结果"
    ws.append([f"{rnd.title}（{rnd.get_status_display()}，依据：{rnd.article or '—'}）"])
    ws.append(head)
    for row in rows:
        ws.append([float(v) if hasattr(v, "quantize") else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_pdf(rnd: EvaluationRound) -> bytes:
    from weasyprint import HTML

    head, rows = report_rows(rnd)
    html = render_to_string(
        "evaluation/report_pdf.html",
        {
            "round": rnd,
            "head": head,
            "rows": rows,
            "fonts": PDF_FONTS,
            "generated_on": clock.today(),
        },
    )
    return HTML(string=html).write_pdf()
