"""The statistics exports run by the background worker (exports app, ADR 0029): a chart's table
as Excel (`stats.chart`) and the monthly summary as PDF (`stats.monthly`). The region is checked
against the requester's scope by `selectors.filters_for`, when asked and again when run.
Registered in `StatsConfig.ready`."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from innovoucher.core import clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.exports.codes import Code
from innovoucher.exports.registry import PDF, XLSX, Exporter, ExportJob, Prepared
from innovoucher.policies.selectors import policy_family_list
from innovoucher.regions.selectors import region_label
from innovoucher.stats import exports, selectors


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=Code.EXPORT_PARAMETERS_INVALID, details={"fields": {field: [message]}}
    )


def _int(parameters: Mapping, field: str, low: int, high: int, message: str, default: int) -> int:
    raw = parameters.get(field)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _invalid(field, message) from None
    if not low <= value <= high:
        raise _invalid(field, message)
    return value


def _filters(actor, parameters: Mapping) -> selectors.Filters:
    family = str(parameters.get("family") or "").strip()
    if family and family not in {f.slug for f in policy_family_list()}:
        raise _invalid("family", f"没有政策 {family}")
    year = _int(
        parameters, "year", 2000, 2100, "年度须为2000—2100之间的四位数年份", clock.today().year
    )
    return selectors.filters_for(
        actor=actor, region=str(parameters.get("region") or "").strip(), year=year, family=family
    )


def _base(f: selectors.Filters) -> dict:
    return {"region": f.region, "year": f.year, "family": f.family}


def chart_prepare(actor, parameters: Mapping) -> Prepared:
    chart = str(parameters.get("chart") or "")
    if chart not in selectors.CHARTS:
        raise _invalid("chart", "没有这个统计图表")
    f = _filters(actor, parameters)
    return Prepared(
        parameters={"chart": chart, **_base(f)},
        region_code=f.region,
        title=f"{region_label(f.region)} {f.year}年度 {exports.COLUMNS[chart][0]}",
        filename=f"stats-{chart}-{f.region}-{f.year}.xlsx",
        content_type=XLSX,
    )


def chart_write(job: ExportJob) -> bytes:
    chart = job.parameters["chart"]
    f = _filters(job.actor, job.parameters)
    rows = selectors.CHARTS[chart](f)
    rows = list(job.rows(rows, len(rows)))
    caption = (
        f"{region_label(f.region)} {f.year}年度 {exports.COLUMNS[chart][0]}（"
        f"{clock.today():%Y-%m-%d} 导出）"
    )
    return exports.xlsx(chart, rows, caption=caption)


def monthly_prepare(actor, parameters: Mapping) -> Prepared:
    f = _filters(actor, parameters)
    month = _int(parameters, "month", 1, 12, "月份须为1—12", clock.today().month)
    return Prepared(
        parameters={**_base(f), "month": month},
        region_code=f.region,
        title=f"{region_label(f.region)} {f.year}年{month}月 兑付审核月度汇总",
        filename=f"monthly-{f.region}-{f.year}-{month:02d}.pdf",
        content_type=PDF,
    )


def monthly_write(job: ExportJob) -> bytes:
    f = _filters(job.actor, job.parameters)
    month = int(job.parameters["month"])
    job.progress(0, 1)
    summary = selectors.monthly_summary(region=f.region, year=f.year, month=month)
    context = {
        "f": f,
        "month": month,
        "region_name": region_label(f.region),
        "s": summary,
        "generated_on": clock.today(),
    }
    body = exports.pdf("stats/monthly_pdf.html", context)
    job.progress(1, 1)
    return body


ROLES = frozenset(selectors.READER_ROLES)
EXPORTERS = [
    Exporter(
        kind="stats.chart",
        label=_("统计图表"),
        roles=ROLES,
        prepare=chart_prepare,
        write=chart_write,
    ),
    Exporter(
        kind="stats.monthly",
        label=_("兑付审核月度汇总"),
        roles=ROLES,
        prepare=monthly_prepare,
        write=monthly_write,
    ),
]
