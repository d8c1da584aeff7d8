"""JSON API for the region table (cascading selects in forms). Public reference data."""

from __future__ import annotations

from ninja import Router, Schema

from innovoucher.regions import selectors

router = Router(tags=["行政区划 Regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None
    full_name: str

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent_id


@router.get("/{code}", response=RegionOut, summary="查询行政区划")
def region_detail(request, code: str):
    return selectors.region_get(code)


@router.get("/{code}/children", response=list[RegionOut], summary="下级行政区划")
def region_children(request, code: str):
    return list(selectors.region_children(code))
