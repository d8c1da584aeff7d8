"""The filters of a list page, read from the query string (issue 15): a search box `q` (a name in
Chinese or pinyin, `registry.selectors.name_q`), a `status`, a region chosen with the GB/T 2260
picker (`region`, `region__city`, `region__province`: never typed digits) and a date range
(`date_from`, `date_to`).

    filters = ListFilters.read(request, statuses=Status.choices)
    qs = selectors.things_for_official(request.user, **filters.selector_args())
    qs, sorting = SORTS.apply(request, qs)
    render(..., {"page_obj": paginate(request, qs), "sorting": sorting, "filters": filters})

    {% include "core/_list_filters.html" with q_label=_("主体名称") %}

A value that makes no sense never errors: an unknown status or region is ignored, a date that is
not a date is ignored with a message at its field (the page still answers 200), a range given
backwards is swapped. `narrow` applies the status, region and dates to a queryset in a selector.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from innovoucher.regions.domain import is_region_code, region_prefix
from innovoucher.regions.widgets import picked, picker_context

REGION = "region"
DATE_FIELDS = ("date_from", "date_to")


@dataclass(frozen=True)
class ListFilters:
    q: str = ""
    status: str = ""
    region: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    statuses: tuple = ()
    errors: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)  # the dates as typed, to show them back

    @classmethod
    def read(cls, request, *, statuses=(), default_status: str = "") -> ListFilters:
        g = request.GET
        known = {str(v) for v, _label in statuses}
        status = (g.get("status", default_status) or "").strip()
        if status not in known:
            status = ""
        region = picked(g, REGION)
        if not is_region_code(region):
            region = ""
        dates: dict = {}
        errors: dict = {}
        raw: dict = {}
        for name in DATE_FIELDS:
            value = (g.get(name) or "").strip()
            raw[name] = value
            if not value:
                continue
            try:
                dates[name] = dt.date.fromisoformat(value)
            except ValueError:
                errors[name] = _("日期格式应为 2026-03-02，已忽略此条件")
        start, end = dates.get("date_from"), dates.get("date_to")
        if start and end and start > end:
            dates["date_from"], dates["date_to"] = end, start
        return cls(
            q=(g.get("q") or "").replace("\x00", "").strip()[:100],
            status=status,
            region=region,
            statuses=tuple(statuses),
            errors=errors,
            raw=raw,
            **dates,
        )

    def selector_args(self) -> dict:
        return {
            "q": self.q,
            "status": self.status,
            "region": self.region,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }

    @property
    def picker(self) -> dict:
        """The region picker's three selects (regions/_region_picker.html)."""
        return picker_context(REGION, self.region, "f-region")


def narrow(
    qs: QuerySet,
    *,
    status: str = "",
    region: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region_field: str = "region_code",
    date_field: str = "",
) -> QuerySet:
    """`qs` kept to the status, the region (itself and what lies within) and the date range
    (on `date_field`, a date or, with `__date`, a timestamp)."""
    if status:
        qs = qs.filter(status=status)
    if region and is_region_code(region):
        qs = qs.filter(**{f"{region_field}__startswith": region_prefix(region)})
    if date_field and date_from:
        qs = qs.filter(**{f"{date_field}__gte": date_from})
    if date_field and date_to:
        qs = qs.filter(**{f"{date_field}__lte": date_to})
    return qs


def text_q(text: str, *fields: str) -> Q:
    """Rows where any of `fields` contains `text` (a number, a reference)."""
    match = Q(pk__in=[])
    for name in fields:
        match |= Q(**{f"{name}__icontains": text})
    return match
