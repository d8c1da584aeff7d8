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
    state: str  # "free" | "busy" | "past"

    @property
    def bookable(self) -> bool:
        return self.state == "free"


def week_grid(
    monday: dt.date,
    busy: list[tuple[dt.datetime, dt.datetime]],
    now: dt.datetime,
    hours: tuple[int, int] = (8, 20),
) -> list[list[Slot]]:
    """Hourly slots of the week starting `monday`: one row per hour, one cell per day. A slot is
    busy when a holding booking overlaps it, past when it starts before `now`, otherwise free.
    All datetimes naive local time."""
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
            else:
                state = "free"
            row.append(Slot(start, end, state))
        rows.append(row)
    return rows
