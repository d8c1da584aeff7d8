"""Statistics pages: the dashboards (ECharts with a table beside every chart, Excel export,
drill-down to the list), the public anonymised statistics and the monthly summary PDF.
Parse, call selectors, render."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from innovoucher.core import clock
from innovoucher.core.errors import NotFound, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors, paginate
from innovoucher.policies.selectors import policy_family_list
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.regions.listfilters import ListFilters
from innovoucher.regions.selectors import region_label
from innovoucher.stats import cache, exports, selectors
from innovoucher.stats.codes import Code

CHARTS = selectors.CHARTS
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _families() -> list[tuple[str, str]]:
    return [(f.slug, f.name) for f in policy_family_list()]


def _year(raw) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return clock.today().year
    return year if 2000 <= year <= 2100 else clock.today().year


def _filters(request) -> selectors.Filters:
    return selectors.filters_for(
        actor=request.user,
        region=(request.GET.get("region") or "").strip(),
        year=_year(request.GET.get("year")),
        family=(request.GET.get("family") or "").strip(),
    )


def _json(rows):
    return [
        {
            k: (str(v) if isinstance(v, dt.date) or hasattr(v, "quantize") else v)
            for k, v in r.items()
        }
        for r in rows
    ]


@login_required
@domain_errors
def dashboard(request):
    f = _filters(request)
    data = {name: fn(f) for name, fn in CHARTS.items()}
    query = request.GET.urlencode()
    context = {
        "f": f,
        "region_name": region_label(f.region),
        "regions": [(r, region_label(r)) for r in selectors.reader_regions(request.user)],
        "families": _families(),
        "years": list(range(clock.today().year, clock.today().year - 5, -1)),
        "data": data,
        "chart_data": {name: _json(rows) for name, rows in data.items()},
        "query": query,
    }
    return render(request, "stats/dashboard.html", context)


@login_required
@domain_errors
def export(request, chart: str):
    fn = CHARTS.get(chart)
    if fn is None:
        raise NotFound("没有这个统计图表", code=Code.CHART_UNKNOWN)
    f = _filters(request)
    caption = (
        f"{region_label(f.region)} {f.year}年度 {exports.COLUMNS[chart][0]}（"
        f"{clock.today():%Y-%m-%d} 导出）"
    )
    # The small direct download (a few rows per chart); the dashboard's buttons go through the
    # background exports (stats/exporters.py, 我的导出).
    response = HttpResponse(exports.xlsx(chart, fn(f), caption=caption), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="stats-{chart}-{f.region}-{f.year}.xlsx"'
    )
    return response


DRILL_SORTS = Sorting(
    Sort("number", _("申请编号"), "number"),
    Sort("applicant", _("申请主体"), "applicant__name_pinyin"),
    Sort("provider", _("服务机构"), "provider__name_pinyin"),
    Sort("category", _("服务类别"), "category"),
    Sort("region", _("地区"), "region_code"),
    Sort("subsidy", _("补助金额"), "subsidy_fen"),
    Sort("status", _("状态"), "status"),
    Sort("submitted", _("提交日期"), "submitted_at"),
    default="-submitted",
)
# The chart cell a drill-down came from: kept as hidden fields of its search form.
DRILL_CELL = ("region", "year", "family", "county", "category", "provider")


@login_required
@domain_errors
def drill(request):
    f = _filters(request)
    filters = ListFilters.read(request, statuses=RedemptionStatus.choices)
    qs = selectors.drill_list(
        f,
        county=(request.GET.get("county") or "").strip(),
        category=(request.GET.get("category") or "").strip(),
        provider=(request.GET.get("provider") or "").strip(),
        q=filters.q,
        status=filters.status,
    )
    qs, sorting = DRILL_SORTS.apply(request, qs)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "stats/drill.html",
        {
            "f": f,
            "region_name": region_label(f.region),
            "page": paginate(request, qs),
            "sorting": sorting,
            "filters": filters,
            "cell": [(k, request.GET[k]) for k in DRILL_CELL if request.GET.get(k)],
            "back": params.urlencode(),
        },
    )


@domain_errors
def public(request):
    year = _year(request.GET.get("year"))
    family = (request.GET.get("family") or "").strip()
    context = {
        "year": year,
        "family": family,
        "families": _families(),
        "years": list(range(clock.today().year, clock.today().year - 5, -1)),
        "stats": cache.public_statistics_cached(year=year, family=family),
        "times": cache.public_processing_times_cached(year=year, family=family),
    }
    return render(request, "stats/public.html", context)


@login_required
@domain_errors
def monthly(request):
    f = _filters(request)
    try:
        month = int(request.GET.get("month") or clock.today().month)
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        raise ValidationFailed("月份须为1—12", code=Code.MONTH_INVALID) from None
    summary = selectors.monthly_summary(region=f.region, year=f.year, month=month)
    context = {
        "f": f,
        "month": month,
        "region_name": region_label(f.region),
        "s": summary,
        "generated_on": clock.today(),
    }
    if request.GET.get("format") == "pdf":
        body = exports.pdf("stats/monthly_pdf.html", context)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="monthly-{f.region}-{f.year}-{month:02d}.pdf"'
        )
        return response
    return render(request, "stats/monthly.html", context)
