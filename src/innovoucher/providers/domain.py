"""Pure rules of provider admission and booking (no Django)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from innovoucher.regions.domain import region_within


def region_allowed(
    provider_region: str, policy_region: str, recognised: list[str] | tuple[str, ...] = ()
) -> bool:
    """A provider is recognised by a policy when it lies in the policy's region or in one of the
    regions the policy recognises (e.g. the Yangtze delta provinces, the Yellow River alliance)."""
    return any(region_within(provider_region, r) for r in (policy_region, *recognised) if r)


def admit_wait(publicity_ends_on: dt.date | None, today: dt.date) -> str:
    """Why 公示期满入库 cannot be taken on `today` ('' when it can): only once the publicity period
    is over, its last day included (届满). The admission page offers the step exactly when this
    is empty, and the service refuses it otherwise, with this reason."""
    if publicity_ends_on is None:
        return "尚未公示，公示期满后方可入库"
    if today <= publicity_ends_on:
        d = publicity_ends_on
        return f"公示期至{d.year}年{d.month}月{d.day}日，公示期满后方可入库"
    return ""


def overlaps(
    a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime
) -> bool:
    """Half-open intervals [start, end): a booking ending at 10:00 does not overlap one starting
    at 10:00."""
    return a_start < b_end and b_start < a_end


def booking_amount_fen(price_per_hour_fen: int, start: dt.datetime, end: dt.datetime) -> int:
    """Hourly price times the booked duration, to the fen (half up)."""
    seconds = int((end - start).total_seconds())
    return (price_per_hour_fen * seconds * 2 + 3600) // 7200


def sample_amount_fen(price_per_sample_fen: int, samples: int) -> int:
    """Price per sample times the number of samples (exact in fen)."""
    return price_per_sample_fen * samples


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    state: str  # "free" | "busy" | "past" | "closed"

    @property
    def bookable(self) -> bool:
        return self.state == "free"


def week_grid(
    monday: dt.date,
    busy: list[tuple[dt.datetime, dt.datetime]],
    now: dt.datetime,
    hours: tuple[int, int] = (8, 20),
    opening: OpeningCalendar | None = None,
) -> list[list[Slot]]:
    """Hourly slots of the week starting `monday`: one row per hour, one cell per day. A slot is
    busy when a holding booking overlaps it, past when it starts before `now`, closed outside the
    instrument's opening hours, otherwise free. All datetimes naive local time."""
    rows = []
    for hour in range(*hours):
        row = []
        for offset in range(7):
            start = dt.datetime.combine(monday + dt.timedelta(days=offset), dt.time(hour))
            end = start + dt.timedelta(hours=1)
            if any(overlaps(start, end, b_start, b_end) for b_start, b_end in busy):
                state = "busy"
            elif start < now:
                state = "past"
            elif opening is not None and not opening.is_open(start, end):
                state = "closed"
            else:
                state = "free"
            row.append(Slot(start, end, state))
        rows.append(row)
    return rows


# ---- opening hours ---------------------------------------------------------------------------

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
DAY_END = dt.time(23, 59, 59, 999999)


def standard_opening_hours() -> dict:
    """Monday to Friday 08:30—17:30 (weekday "0" is Monday); weekends closed."""
    return {str(d): ["08:30", "17:30"] for d in range(5)}


class OpeningHoursError(ValueError):
    """A weekday's opening hours that are not a time range: {weekday index: message}."""

    def __init__(self, problems: dict[int, str]):
        super().__init__("；".join(problems.values()))
        self.problems = problems


def _time(text: str) -> dt.time | None:
    text = (text or "").strip()
    if text == "24:00":
        return DAY_END
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        return None


def parse_opening_hours(pairs: dict[int, tuple[str, str]]) -> dict[str, list[str]]:
    """Weekday index -> (from, until) as typed ("08:30", "17:30"; blank both = closed; "24:00"
    allowed as the end) into the stored form {"0": ["08:30", "17:30"], …}."""
    hours: dict[str, list[str]] = {}
    problems: dict[int, str] = {}
    for day in range(7):
        start, end = (s.strip() for s in pairs.get(day, ("", "")))
        if not start and not end:
            continue
        t0, t1 = _time(start), _time(end)
        if t0 is None or t1 is None:
            problems[day] = f"{WEEKDAYS[day]}的开放时间应为“08:30”这样的时刻，开始和结束都要填写"
        elif t1 <= t0:
            problems[day] = f"{WEEKDAYS[day]}的结束时刻应晚于开始时刻"
        else:
            hours[str(day)] = [start, end]
    if problems:
        raise OpeningHoursError(problems)
    return hours


@dataclass(frozen=True)
class OpeningCalendar:
    """An instrument's weekly opening hours with the national working-day calendar on top:
    public holidays closed; a 调休 working day (a weekend day worked) open with the hours of the
    first weekday that is open Monday to Friday."""

    hours: dict
    follows_workdays: bool = True
    holidays: frozenset = frozenset()
    workdays: frozenset = frozenset()

    def window(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        if self.follows_workdays and day in self.holidays:
            return None
        pair = self.hours.get(str(day.weekday()))
        if pair is None and self.follows_workdays and day in self.workdays:
            pair = next((self.hours[str(d)] for d in range(5) if str(d) in self.hours), None)
        if not pair:
            return None
        t0, t1 = _time(pair[0]), _time(pair[1])
        return (t0, t1) if t0 is not None and t1 is not None else None

    def is_open(self, start: dt.datetime, end: dt.datetime) -> bool:
        """[start, end) (naive local time) lies wholly within opening hours."""
        day = start.date()
        while True:
            day_start = dt.datetime.combine(day, dt.time())
            seg_start = max(start, day_start)
            seg_end = min(end, day_start + dt.timedelta(days=1))
            if seg_start < seg_end:
                window = self.window(day)
                if window is None:
                    return False
                open_at = dt.datetime.combine(day, window[0])
                close_at = (
                    day_start + dt.timedelta(days=1)
                    if window[1] == DAY_END
                    else dt.datetime.combine(day, window[1])
                )
                if seg_start < open_at or seg_end > close_at:
                    return False
            if seg_end >= end:
                return True
            day += dt.timedelta(days=1)

    def describe(self) -> list[tuple[str, str]]:
        """(weekday, hours) for the instrument page."""
        rows = []
        for day in range(7):
            pair = self.hours.get(str(day))
            rows.append((WEEKDAYS[day], f"{pair[0]}—{pair[1]}" if pair else "不开放"))
        return rows


# ---- the admission route -------------------------------------------------------------------

LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "city": "市级"}


@dataclass(frozen=True)
class AdmissionRoute:
    """How a provider enters a policy's pool: directly (免审) or by review; whether the review
    needs qualification certificates; a level the provider must state first."""

    direct: bool
    certificates: bool
    level_missing: tuple[str, ...] = ()  # the levels that would make it direct, when none stated


def admission_route(rules: dict, kind: str, level: str = "", supplementary: bool = False):
    """The route for a provider of `kind` (at `level`: national / provincial / city) under a
    policy's `provider_admission` rule: `direct_kinds` are admitted without review, except that
    a kind listed in `direct_levels` is direct only at one of its levels (Shaoxing 三（二）2: 国家和
    省级实验室); `reviewed.certificates: true` makes the reviewed route ask for qualification
    certificates (Shaoxing: 在提供相关资质证书后)."""
    levels = tuple((rules.get("direct_levels") or {}).get(kind) or ())
    direct = kind in (rules.get("direct_kinds") or ()) and not supplementary
    missing: tuple[str, ...] = ()
    if direct and levels:
        if not level:
            missing = levels
        direct = level in levels
    certificates = bool((rules.get("reviewed") or {}).get("certificates"))
    return AdmissionRoute(
        direct=direct, certificates=certificates and not direct, level_missing=missing
    )
