"""JSON API of the statistics (/api/v1/stats/…): the dashboard figures per region and role (the
same selectors and the same region scope as the pages) and the anonymised public statistics
(no sign-in; cells of fewer than k firms and their complementary cells suppressed).
Amounts are strings in yuan with two decimals; errors {"code", "message", "details"} with a 4xx.
"""

from __future__ import annotations

import datetime as dt
import re

from ninja import Router, Schema
from ninja.security import SessionAuth

from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.money import fen_to_yuan
from innovoucher.ledger.codes import Code as LedgerCode
from innovoucher.policies.selectors import policy_family_list
from innovoucher.regions.selectors import region_label
from innovoucher.stats import cache, selectors

router = Router(tags=["统计分析 Statistics"])
REGION = re.compile(r"^\d{6}$")


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RegionOut(Schema):
    code: str
    name: str


class FunnelOut(Schema):
    region: str
    label: str
    issued: int
    used: int
    gap: int
    redeemed: int
    used_amount: str
    redeemed_amount: str


class CategoryOut(Schema):
    category: str
    label: str
    n: int
    subsidy: str
    contract: str


class ProviderAmountOut(Schema):
    provider: int
    label: str
    n: int
    subsidy: str


class ProcessingOut(Schema):
    level: str
    label: str
    n: int
    avg_days: str | None
    deadline_days: str | None
    overdue: int


class BudgetPointOut(Schema):
    on: dt.date
    remaining: str


class BudgetOut(Schema):
    budget: int
    label: str
    region: str
    net: str
    used: str
    available: str
    run_out_on: dt.date | None
    points: list[BudgetPointOut]


class DashboardOut(Schema):
    region: str
    region_name: str
    year: int
    family: str
    regions: list[RegionOut]
    funnel: list[FunnelOut]
    category: list[CategoryOut]
    provider: list[ProviderAmountOut]
    processing: list[ProcessingOut]
    budget: list[BudgetOut]


class PublicCellOut(Schema):
    key: str
    label: str
    suppressed: bool
    firms: int | None
    n: int | None
    subsidy: str | None


class PublicTotalOut(Schema):
    firms: int
    n: int
    subsidy: str


class PublicOut(Schema):
    year: int
    family: str
    k: int
    total: PublicTotalOut | None
    by_county: list[PublicCellOut]
    by_category: list[PublicCellOut]
    processing: list[ProcessingOut]


def _year(year: int | None) -> int:
    if year is None:
        return clock.today().year
    if not 2000 <= year <= 2100:
        raise ValidationFailed("年度须为2000—2100之间的四位数年份", code=LedgerCode.YEAR_INVALID)
    return year


def _family(family: str) -> str:
    family = family.strip()
    if family and family not in {f.slug for f in policy_family_list()}:
        raise ValidationFailed(
            f"没有政策 {family}：请使用政策列表中的标识（如 ningxia）",
            code=CoreCode.UNKNOWN_POLICY,
        )
    return family


def _region(region: str) -> str:
    region = region.strip()
    if region and not REGION.match(region):
        raise ValidationFailed(
            "地区须为6位行政区划代码（如 640000）", code=LedgerCode.REGION_INVALID
        )
    return region


def _yuan(fen) -> str:
    return fen_to_yuan(int(fen or 0))


def _days(value) -> str | None:
    return None if value is None else str(value)


def _processing(rows) -> list[dict]:
    return [
        {
            "level": r["level"],
            "label": str(r["label"]),
            "n": r["n"],
            "avg_days": _days(r["avg_days"]),
            "deadline_days": _days(r["deadline_days"]),
            "overdue": r["overdue"],
        }
        for r in rows
    ]


@router.get(
    "/dashboard",
    response={200: DashboardOut, **ERRORS},
    auth=SessionAuth(csrf=True),
    summary="统计分析：本辖区的发放、使用、兑付、类别、机构、办理时长与预算执行",
    description="与统计分析页面相同的数据与辖区范围：region 为空时取本人最大的辖区；"
    "region 不在本人辖区内时返回 403 region_out_of_scope。",
)
def dashboard(request, region: str = "", year: int | None = None, family: str = ""):
    f = selectors.filters_for(
        actor=request.auth, region=_region(region), year=_year(year), family=_family(family)
    )
    return {
        "region": f.region,
        "region_name": region_label(f.region),
        "year": f.year,
        "family": f.family,
        "regions": [
            {"code": r, "name": region_label(r)} for r in selectors.reader_regions(request.auth)
        ],
        "funnel": [
            {
                **{k: r[k] for k in ("region", "label", "issued", "used", "gap", "redeemed")},
                "used_amount": _yuan(r["used_fen"]),
                "redeemed_amount": _yuan(r["redeemed_fen"]),
            }
            for r in selectors.voucher_funnel(f)
        ],
        "category": [
            {
                "category": r["category"],
                "label": str(r["label"]),
                "n": r["n"],
                "subsidy": _yuan(r["subsidy_fen"]),
                "contract": _yuan(r["contract_fen"]),
            }
            for r in selectors.amounts_by_category(f)
        ],
        "provider": [
            {
                "provider": r["provider"],
                "label": r["label"],
                "n": r["n"],
                "subsidy": _yuan(r["subsidy_fen"]),
            }
            for r in selectors.amounts_by_provider(f)
        ],
        "processing": _processing(selectors.processing_times(f)),
        "budget": [
            {
                "budget": r["budget"],
                "label": r["label"],
                "region": r["region"],
                "net": _yuan(r["net_fen"]),
                "used": _yuan(r["used_fen"]),
                "available": _yuan(r["available_fen"]),
                "run_out_on": r["run_out_on"],
                "points": [{"on": on, "remaining": _yuan(fen)} for on, fen in r["points"]],
            }
            for r in selectors.budget_burndown(f)
        ],
    }


def _cell(r, key: str) -> dict:
    return {
        "key": r[key],
        "label": str(r["label"]),
        "suppressed": r["suppressed"],
        "firms": r["firms"],
        "n": r["n"],
        "subsidy": None if r["subsidy_fen"] is None else _yuan(r["subsidy_fen"]),
    }


@router.get(
    "/public",
    response={200: PublicOut, **ERRORS},
    summary="公开统计（匿名化）",
    description="已拨付的创新券补助按地区、服务类别统计，以及各审核环节的平均办理时长。"
    "涉及企业少于 k 家的单元及可据合计推算出它们的补充单元一律隐藏（suppressed=true，数值为 "
    "null）。",
)
def public(request, year: int | None = None, family: str = ""):
    year, family = _year(year), _family(family)
    stats = cache.public_statistics_cached(year=year, family=family)
    total = stats["total"]
    return {
        "year": year,
        "family": family,
        "k": stats["k"],
        "total": None
        if total is None
        else {"firms": total["firms"], "n": total["n"], "subsidy": _yuan(total["subsidy_fen"])},
        "by_county": [_cell(r, "region_code") for r in stats["by_county"]],
        "by_category": [_cell(r, "category") for r in stats["by_category"]],
        "processing": _processing(cache.public_processing_times_cached(year=year, family=family)),
    }
