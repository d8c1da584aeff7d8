"""JSON API of the provider directory (attached under /api/v1/providers). Public reads; amounts are
strings in yuan with two decimals, dates ISO."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema

from innovoucher.core.money import fen_to_yuan
from innovoucher.providers import api_actions, selectors

router = Router(tags=["服务机构 Providers"])


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


class ProviderOut(Schema):
    id: int
    name: str
    provider_kind: str
    region_code: str


class DirectoryOut(Schema):
    count: int
    page: int
    results: list[ProviderOut]


class SupportOut(Schema):
    family: str
    name: str
    supported: bool


class ServiceOut(Schema):
    id: int
    category: str
    name: str
    description: str
    process: str
    fee_standard: str
    price: str
    turnaround_days: int
    support: list[SupportOut]


class InstrumentOut(Schema):
    id: int
    name: str
    model_no: str
    location: str
    price_per_hour: str
    price_per_sample: str | None


class AdmissionOut(Schema):
    family: str
    route: str
    admitted_on: dt.date | None
    article: str


class ProviderDetailOut(ProviderOut):
    address: str
    admissions: list[AdmissionOut]
    services: list[ServiceOut]
    instruments: list[InstrumentOut]


def _provider(org) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "provider_kind": org.provider_kind,
        "region_code": org.region_code,
    }


@router.get(
    "/",
    response=DirectoryOut,
    summary="服务机构名录（名称/拼音首字母查询，地区、类型、服务类别筛选）",
)
def directory(
    request, q: str = "", region: str = "", kind: str = "", category: str = "", page: int = 1
):
    qs = selectors.provider_directory(q=q, region=region, kind=kind, category=category)
    page = max(page, 1)
    size = selectors.PAGE_SIZE
    rows = list(qs[(page - 1) * size : page * size])
    return {"count": qs.count(), "page": page, "results": [_provider(o) for o in rows]}


@router.get(
    "/{int:provider_id}",
    response={200: ProviderDetailOut, 404: ErrorOut},
    summary="服务机构详情：服务项目与仪器",
)
def provider_detail(request, provider_id: int):
    org = selectors.provider_get_public(pk=provider_id)
    return {
        **_provider(org),
        "address": org.address,
        "admissions": [
            {
                "family": a.family_slug,
                "route": a.route,
                "admitted_on": a.admitted_on,
                "article": a.article,
            }
            for a in selectors.admissions_admitted(org)
        ],
        "services": [
            {
                "id": r.service.pk,
                "category": r.service.category,
                "name": r.service.name,
                "description": r.service.description,
                "process": r.service.process,
                "fee_standard": r.service.fee_standard,
                "price": fen_to_yuan(r.service.price_fen),
                "turnaround_days": r.service.turnaround_days,
                "support": [
                    {"family": s.family, "name": s.name, "supported": s.supported}
                    for s in r.support
                ],
            }
            for r in selectors.services_public(org)
        ],
        "instruments": [
            {
                "id": i.pk,
                "name": i.name,
                "model_no": i.model_no,
                "location": i.location,
                "price_per_hour": fen_to_yuan(i.price_per_hour_fen),
                "price_per_sample": fen_to_yuan(i.price_per_sample_fen)
                if i.price_per_sample_fen is not None
                else None,
            }
            for i in selectors.instruments_public(org)
        ],
    }


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime
    state: str


class CalendarOut(Schema):
    instrument_id: int
    week_of: dt.date
    slots: list[SlotOut]


@router.get(
    "/instruments/{int:instrument_id}/calendar",
    response={200: CalendarOut, 404: ErrorOut},
    summary="仪器一周的预约日历（每小时一格：free 空闲、busy 已预约、past 已过）",
)
def instrument_calendar(request, instrument_id: int, week: dt.date | None = None):
    instrument = selectors.instrument_get_public(pk=instrument_id)
    view = selectors.instrument_week(instrument, week_of=week)
    tz = timezone.get_current_timezone()
    slots = [
        {"start": s.start.replace(tzinfo=tz), "end": s.end.replace(tzinfo=tz), "state": s.state}
        for row in view.rows
        for s in row
    ]
    return {
        "instrument_id": instrument.pk,
        "week_of": view.monday,
        "slots": sorted(slots, key=lambda s: s["start"]),
    }


# Signed-in workflow (admissions, bookings, recognitions) lives in api_actions.
router.add_router("", api_actions.router)
