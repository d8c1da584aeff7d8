"""Pure rules of provider admission and booking (no Django)."""

from __future__ import annotations

import datetime as dt

from innovoucher.regions.domain import region_within


def region_allowed(provider_region: str, policy_region: str, recognised: list[str] | tuple[str, ...] = ()) -> bool:
    """A provider is recognised by a policy when it lies in the policy's region or in one of the
    regions the policy recognises (e.g. the Yangtze delta provinces, the Yellow River alliance)."""
    return any(region_within(provider_region, r) for r in (policy_region, *recognised) if r)


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    """Half-open intervals [start, end): a booking ending at 10:00 does not overlap one starting at 10:00."""
    return a_start < b_end and b_start < a_end


def booking_amount_fen(price_per_hour_fen: int, start: dt.datetime, end: dt.datetime) -> int:
    """Hourly price times the booked duration, to the fen (half up)."""
    seconds = int((end - start).total_seconds())
    return (price_per_hour_fen * seconds * 2 + 3600) // 7200
