"""Working-day calendar: the database side.

Other apps count working days with the module-level functions here::

    from innovoucher.workdays.services import add_working_days, is_working_day, working_days_between

They follow the convention of `innovoucher.workdays.domain` (the day of the event is not counted;
`add_working_days(d, n)` is the n-th working day after d) and raise `CalendarYearMissing` (a
422 ValidationFailed with a Chinese message) for a year whose arrangement has not been imported.

The calendar is built once per process and rebuilt when the stored calendar changes: every
change goes through a service here, which stamps its CalendarYear's `updated_at`; a cheap
aggregate over the year rows tells whether the cached calendar is still current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from innovoucher.core import audit
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.steps import Progress
from innovoucher.workdays.codes import Code
from innovoucher.workdays.domain import NoticeResult, WorkCalendar, day_problem, parse_notice
from innovoucher.workdays.models import CalendarDay, CalendarYear, DayKind

_cached: tuple[tuple, WorkCalendar] | None = None

# chinesecalendar's English holiday names → the names used in the State Council notices.
CHINESECALENDAR_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def notice_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


# ---------------------------------------------------------------- reading


def _version() -> tuple:
    agg = CalendarYear.objects.aggregate(n=Count("id"), top=Max("id"), last=Max("updated_at"))
    return (agg["n"], agg["top"], agg["last"])


def work_calendar() -> WorkCalendar:
    """The calendar of every complete year, cached per process until the stored calendar changes."""
    global _cached
    key = _version()
    if _cached is not None and _cached[0] == key:
        return _cached[1]
    years = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
    holidays: list[dt.date] = []
    workdays: list[dt.date] = []
    for date, kind in CalendarDay.objects.filter(calendar_year__complete=True).values_list(
        "date", "kind"
    ):
        (holidays if kind == DayKind.HOLIDAY else workdays).append(date)
    calendar = WorkCalendar.build(holidays=holidays, workdays=workdays, years=years)
    _cached = (key, calendar)
    return calendar


def work_calendar_invalidate() -> None:
    global _cached
    _cached = None


def is_working_day(date: dt.date) -> bool:
    return work_calendar().is_working_day(date)


def add_working_days(date: dt.date, n: int) -> dt.date:
    """The n-th working day after `date` (the day itself is not counted); n ≥ 1."""
    return work_calendar().add_working_days(date, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after `a` up to and including `b`."""
    return work_calendar().working_days_between(a, b)


def next_working_day(date: dt.date) -> dt.date:
    return work_calendar().next_working_day(date)


def working_day_on_or_after(date: dt.date) -> dt.date:
    return work_calendar().working_day_on_or_after(date)


def deadline_after(start: dt.date, days: int, unit: str = "working") -> dt.date:
    """The one deadline function of the platform: the last day of a time limit of `days` working
    (or calendar) days counted after `start`. Past the loaded calendar, Monday–Friday stands in
    (ADR 0009); `deadline_is_provisional` tells a page to say so."""
    return work_calendar().deadline(start, int(days), unit).date


def deadline_is_provisional(start: dt.date, days: int, unit: str = "working") -> bool:
    return work_calendar().deadline(start, int(days), unit).provisional


def publicity_period(
    decided_on: dt.date, days: int, unit: str = "working"
) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a publicity decided on `decided_on`: it opens the next day and runs
    `days` working days — or `days` calendar days — both ends inclusive (届满 counts the last
    day)."""
    if int(days) < 1:
        raise ValidationFailed("公示期须至少1天", code=Code.PUBLICITY_DAYS_INVALID)
    if unit not in ("working", "calendar"):
        raise ValidationFailed(
            f"公示期单位“{unit}”应为 working（工作日）或 calendar（自然日）",
            code=Code.PUBLICITY_UNIT_INVALID,
        )
    return decided_on + dt.timedelta(days=1), deadline_after(decided_on, int(days), unit)


def calendar_notice_preview(*, year: int, text: str) -> NoticeResult:
    """Parse a notice without saving anything (for the preview on the import page)."""
    return parse_notice(text, _year(year))


# ---------------------------------------------------------------- writing


def _touch(*years: CalendarYear) -> None:
    # Real time, not the test/demo clock: this stamp only versions the per-process cache.
    CalendarYear.objects.filter(pk__in=[y.pk for y in years if y is not None]).update(
        updated_at=timezone.now()
    )
    work_calendar_invalidate()


def _year(year) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed("年份应为四位数字，如 2027", details={"year": str(year)}) from None
    if not 2000 <= value <= 2100:
        raise ValidationFailed("年份应在2000年至2100年之间", details={"year": value})
    return value


@transaction.atomic
def calendar_year_import(*, actor, year: int, text: str) -> CalendarYear:
    """Replace `year`'s arrangement with the one in the State Council notice `text`; mark it
    complete."""
    result = parse_notice(text, _year(year))
    year = result.year
    calendar_year, created = CalendarYear.objects.get_or_create(
        year=year, defaults={"source": notice_title(year)}
    )
    replaced = calendar_year.days.count()
    calendar_year.days.all().delete()
    dates = [d.date for d in result.days]
    moved = list(CalendarDay.objects.filter(date__in=dates).select_related("calendar_year"))
    CalendarDay.objects.filter(pk__in=[d.pk for d in moved]).delete()
    source = notice_title(year)
    CalendarDay.objects.bulk_create(
        CalendarDay(
            calendar_year=calendar_year, date=d.date, kind=d.kind, name=d.name, source=source
        )
        for d in result.days
    )
    calendar_year.source, calendar_year.complete = source, True
    calendar_year.save()
    _touch(calendar_year, *(d.calendar_year for d in moved))
    audit.record(
        actor=actor,
        action="workdays.calendar_year.import",
        obj=calendar_year,
        data={
            "year": year,
            "created": created,
            "replaced_days": replaced,
            "holidays": [d.isoformat() for d in result.holidays],
            "workdays": [d.isoformat() for d in result.workdays],
            "moved_from_other_years": [
                f"{d.date.isoformat()}@{d.calendar_year.year}" for d in moved
            ],
        },
    )
    return calendar_year


def calendar_seed_chinesecalendar(
    *,
    actor=None,
    years: Iterable[int] | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load years from the `chinesecalendar` package (2004–2026 in 1.11). Years already present are
    kept as they are (an administrator may have corrected them) unless `replace`."""
    import chinese_calendar
    from chinese_calendar import constants

    progress = progress or Progress()
    by_year: dict[int, list[tuple[dt.date, str, str]]] = {}
    for kind, table in (
        (DayKind.HOLIDAY, constants.holidays),
        (DayKind.WORKDAY, constants.workdays),
    ):
        for date, name in table.items():
            by_year.setdefault(date.year, []).append(
                (date, kind, CHINESECALENDAR_NAMES.get(name, name))
            )
    wanted = sorted(by_year if years is None else set(years) & set(by_year))
    progress.total(len(wanted))
    source = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()
    loaded = 0
    for year in wanted:
        loaded += _seed_year(actor, year, sorted(by_year[year]), source, replace)
        progress.advance()
    return {"loaded": loaded, "skipped": len(wanted) - loaded}


@transaction.atomic
def _seed_year(
    actor, year: int, days: list[tuple[dt.date, str, str]], source: str, replace: bool
) -> int:
    existing = CalendarYear.objects.filter(year=year).first()
    if existing is not None and not replace:
        return 0
    calendar_year = existing or CalendarYear.objects.create(year=year, source=source, complete=True)
    calendar_year.days.all().delete()
    CalendarDay.objects.filter(date__in=[d for d, _, _ in days]).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(calendar_year=calendar_year, date=d, kind=k, name=n, source=source)
        for d, k, n in days
    )
    calendar_year.source, calendar_year.complete = source, True
    calendar_year.save()
    _touch(calendar_year)
    audit.record(
        actor=actor,
        action="workdays.calendar_year.seed",
        obj=calendar_year,
        data={"year": year, "days": len(days), "source": source},
    )
    return 1


# ---------------------------------------------------------------- admin edits

_DAY_FIELDS = ("calendar_year_id", "date", "kind", "name", "source")
_YEAR_FIELDS = ("year", "source", "complete")


def _snapshot(obj, fields) -> dict:
    return {
        f: (v.isoformat() if isinstance(v, dt.date) else v)
        for f in fields
        for v in [getattr(obj, f)]
    }


@transaction.atomic
def calendar_day_save(*, actor, day: CalendarDay) -> CalendarDay:
    """Create or change one day (admin). Audited with the values before and after."""
    problem = day_problem(date=day.date, kind=day.kind, year=day.calendar_year.year)
    if problem:
        raise ValidationFailed(problem)
    before = CalendarDay.objects.filter(pk=day.pk).first() if day.pk else None
    day.save()
    _touch(day.calendar_year, before.calendar_year if before else None)
    audit.record(
        actor=actor,
        action="workdays.calendar_day.change" if before else "workdays.calendar_day.create",
        obj=day,
        data={
            "before": _snapshot(before, _DAY_FIELDS) if before else None,
            "after": _snapshot(day, _DAY_FIELDS),
        },
    )
    return day


@transaction.atomic
def calendar_day_delete(*, actor, day: CalendarDay) -> None:
    data = _snapshot(day, _DAY_FIELDS)
    calendar_year, pk = day.calendar_year, day.pk
    day.delete()
    _touch(calendar_year)
    audit.record(
        actor=actor,
        action="workdays.calendar_day.delete",
        object_type="workdays.calendarday",
        object_id=str(pk),
        data={"before": data},
    )


@transaction.atomic
def calendar_year_save(*, actor, calendar_year: CalendarYear) -> CalendarYear:
    before = CalendarYear.objects.filter(pk=calendar_year.pk).first() if calendar_year.pk else None
    calendar_year.save()
    _touch(calendar_year)
    audit.record(
        actor=actor,
        action="workdays.calendar_year.change" if before else "workdays.calendar_year.create",
        obj=calendar_year,
        data={
            "before": _snapshot(before, _YEAR_FIELDS) if before else None,
            "after": _snapshot(calendar_year, _YEAR_FIELDS),
        },
    )
    return calendar_year


@transaction.atomic
def calendar_year_delete(*, actor, calendar_year: CalendarYear) -> None:
    data = {**_snapshot(calendar_year, _YEAR_FIELDS), "days": calendar_year.days.count()}
    pk = calendar_year.pk
    calendar_year.delete()
    work_calendar_invalidate()
    audit.record(
        actor=actor,
        action="workdays.calendar_year.delete",
        object_type="workdays.calendaryear",
        object_id=str(pk),
        data={"before": data},
    )
