"""Date arithmetic for validity windows (pure)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month `months` later, clamped to the month's end (Aug 31 + 6 months = Feb
    28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_end(start: dt.date, validity: dict) -> dt.date:
    """Last day still inside a validity window: "6个月内有效" from 2026-01-10 ends 2026-07-10
    (以内 includes it)."""
    if "days" in validity:
        return start + dt.timedelta(days=validity["days"])
    if "months" in validity:
        return add_months(start, validity["months"])
    return add_months(start, 12 * validity["years"])
