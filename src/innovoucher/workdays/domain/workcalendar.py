"""Working days in mainland China, as plain Python (no Django).

A day is a working day when it is an adjusted working day (调休上班), or a Monday–Friday that is
not a public holiday. Only years whose arrangement has been loaded ("covered years") can be
answered: any other date raises `CalendarYearMissing` — we never silently fall back to
"weekends only", because the State Council notice moves working days every year.

Counting convention (the one used for administrative time limits: the day of the event is not
counted, counting starts the next day):
- `add_working_days(d, n)` is the n-th working day *after* d. Material received on Friday
  2026-09-18: 1 working day later is Monday 09-21; across the National Day holiday,
  `add_working_days(2026-09-30, 1)` is Thursday 2026-10-08.
- `working_days_between(a, b)` counts the working days in (a, b] — after a, up to and including
  b — so `working_days_between(d, add_working_days(d, n)) == n`.
- `next_working_day(d)` is the first working day after d (= `add_working_days(d, 1)`);
  `working_day_on_or_after(d)` is d itself when it is a working day (a deadline that falls on a
  holiday moves to the next working day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from innovoucher.core.errors import ValidationFailed
from innovoucher.workdays.codes import Code

ONE_DAY = dt.timedelta(days=1)


class CalendarYearMissing(ValidationFailed):
    code = Code.CALENDAR_YEAR_MISSING

    def __init__(self, year: int):
        super().__init__(
            f"{year}年节假日安排尚未导入，请系统管理员导入国务院办公厅通知后再计算工作日",
            details={"year": year},
        )
        self.year = year


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def build(
        cls, *, holidays: Iterable[dt.date], workdays: Iterable[dt.date], years: Iterable[int]
    ) -> WorkCalendar:
        return cls(frozenset(holidays), frozenset(workdays), frozenset(years))

    def covers(self, year: int) -> bool:
        return year in self.years

    def _check(self, d: dt.date) -> None:
        if d.year not in self.years:
            raise CalendarYearMissing(d.year)

    def is_working_day(self, d: dt.date) -> bool:
        self._check(d)
        if d in self.workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The n-th working day after d (d itself is not counted); n ≥ 1."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day = d
        while n:
            if day == dt.date.max:
                raise CalendarYearMissing(day.year + 1)
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def next_working_day(self, d: dt.date) -> dt.date:
        return self.add_working_days(d, 1)

    def working_day_on_or_after(self, d: dt.date) -> dt.date:
        return d if self.is_working_day(d) else self.next_working_day(d)

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]; negative when b is before a; 0 when equal."""
        if b < a:
            return -self.working_days_between(b, a)
        if a == b:
            return 0
        for year in range((a + ONE_DAY).year, b.year + 1):
            if year not in self.years:
                raise CalendarYearMissing(year)
        count, day = 0, a
        while day < b:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def deadline(self, start: dt.date, days: int, unit: str = "working") -> Deadline:
        """The last day of a time limit of `days` counted after `start` (the day of the event is
        not counted): working days on the calendar, or calendar days (`unit="calendar"`).

        A working day in a year whose arrangement is not loaded is estimated as Monday–Friday and
        the result is marked `provisional` (ADR 0011): a deadline shown to people must not stop the
        platform at New Year, and it is recomputed once the State Council notice is imported.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        if unit == "calendar":
            return Deadline(start + dt.timedelta(days=days), provisional=False)
        if unit != "working":
            raise ValueError(f"unknown unit {unit!r}: working or calendar")
        day, left, provisional = start, days, False
        while left:
            day += ONE_DAY
            if day.year in self.years:
                left -= self.is_working_day(day)
            else:
                provisional = True
                left -= day.weekday() < 5
        return Deadline(day, provisional=provisional)


@dataclass(frozen=True)
class Deadline:
    """The last day of a time limit; `provisional` when part of it was counted without the year's
    holiday arrangement (Monday–Friday stood in)."""

    date: dt.date
    provisional: bool = False


def day_problem(*, date: dt.date, kind: str, year: int) -> str | None:
    """Why a holiday / adjusted working day cannot belong to `year`'s arrangement (None when it
    can)."""
    if kind not in ("holiday", "workday"):
        return "类别只能是“放假”或“调休上班”"
    if abs(date.year - year) > 1:
        return (
            f"{date.year}年{date.month}月{date.day}日不属于{year}年的节假日安排，请选择正确的年度"
        )
    if kind == "workday" and date.weekday() < 5:
        return (
            f"{date.year}年{date.month}月{date.day}日是周一至周五，"
            "本来就是工作日，不需要登记为调休上班日"
        )
    return None
