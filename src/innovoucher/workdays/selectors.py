"""Reads of the stored calendar for pages (public reference data, not actor-scoped)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from innovoucher.core.errors import NotFound
from innovoucher.workdays.models import CalendarDay, CalendarYear, DayKind


@dataclass
class Festival:
    """One festival of a year: its holiday range(s) and its adjusted working days."""

    name: str
    holidays: list[dt.date] = field(default_factory=list)
    workdays: list[dt.date] = field(default_factory=list)

    @property
    def start(self) -> dt.date | None:
        return min(self.holidays, default=None)

    @property
    def end(self) -> dt.date | None:
        return max(self.holidays, default=None)

    @property
    def length(self) -> int:
        return len(self.holidays)

    @property
    def sort_key(self) -> dt.date:
        return min(self.holidays or self.workdays)


def calendar_year_list() -> list[CalendarYear]:
    return list(CalendarYear.objects.order_by("-year"))


def calendar_year_get(year: int) -> CalendarYear:
    found = CalendarYear.objects.filter(year=year).first()
    if found is None:
        raise NotFound(f"{year}年节假日安排尚未导入", details={"year": year})
    return found


def calendar_year_days(calendar_year: CalendarYear) -> list[CalendarDay]:
    return list(calendar_year.days.order_by("date"))


def calendar_festivals(calendar_year: CalendarYear) -> list[Festival]:
    """The year's days grouped by festival name, in the order the festivals come."""
    festivals: dict[str, Festival] = {}
    for day in calendar_year.days.order_by("date"):
        festival = festivals.setdefault(day.name, Festival(day.name))
        (festival.holidays if day.kind == DayKind.HOLIDAY else festival.workdays).append(day.date)
    return sorted(festivals.values(), key=lambda f: f.sort_key)
