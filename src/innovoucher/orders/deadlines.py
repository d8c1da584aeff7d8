"""Deadlines of orders and contracts, in Chinese working days where the policy says so.

- rating: `process.deadlines.rate_and_upload` days after delivery (Ningxia: 10 working days);
- contract review: the first review step's deadline, or DEFAULT_REVIEW_WORKING_DAYS where the
  step names none (Ningxia's first step 「注册审核与申领审核」 has none: an assumption of the platform).
A year whose holiday arrangement is not loaded counts plain weekdays.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from innovoucher.core import clock
from innovoucher.policies.services import engine_family
from innovoucher.registry.domain import add_weekdays
from innovoucher.vouchers.policy import Pinned, pinned_version
from innovoucher.workdays.domain.workcalendar import CalendarYearMissing
from innovoucher.workdays.services import add_working_days

DEFAULT_REVIEW_WORKING_DAYS = 5


def after_days(start: dt.date, days: int, unit: str) -> dt.date:
    if unit == "calendar":
        return start + dt.timedelta(days=days)
    try:
        return add_working_days(start, days)
    except CalendarYearMissing:
        return add_weekdays(start, days)


def rate_deadline(family_slug: str, on: dt.date) -> tuple[dict, str] | None:
    """The policy's `deadlines.rate_and_upload` ({days, unit, from}) and its article, if any."""
    if not family_slug:
        return None
    version = engine_family(family_slug).version_on(on)
    cited = version.process.get("deadlines") if version is not None else None
    if cited is None or "rate_and_upload" not in cited.value:
        return None
    return cited.value["rate_and_upload"], cited.article


def rating_due_on(order) -> dt.date | None:
    if order.delivered_on is None:
        return None
    rule = rate_deadline(order.family_slug, order.delivered_on)
    return (
        after_days(order.delivered_on, int(rule[0]["days"]), rule[0].get("unit", "working"))
        if rule
        else None
    )


def contract_version(contract) -> Pinned:
    """The policy version a contract is judged under: the one in force when it was (last) submitted."""
    on = (
        timezone.localtime(contract.submitted_at).date() if contract.submitted_at else clock.today()
    )
    return pinned_version(contract.family_slug, on)


def review_due_on(contract, pinned: Pinned | None = None) -> dt.date | None:
    if contract.submitted_at is None:
        return None
    pinned = pinned or contract_version(contract)
    chain = pinned.version.process.get("review_chain")
    rule = (chain.value[0].get("deadline") if chain else None) or {
        "days": DEFAULT_REVIEW_WORKING_DAYS,
        "unit": "working",
    }
    return after_days(
        timezone.localtime(contract.submitted_at).date(),
        int(rule["days"]),
        rule.get("unit", "working"),
    )
