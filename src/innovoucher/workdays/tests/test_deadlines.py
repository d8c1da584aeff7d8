"""The one deadline function (ADR 0011): the calendar where loaded, Monday–Friday past it."""

import datetime as dt

import pytest

from innovoucher.core.errors import ValidationFailed
from innovoucher.workdays.codes import Code
from innovoucher.workdays.domain import WorkCalendar
from innovoucher.workdays.services import (
    calendar_seed_chinesecalendar,
    deadline_after,
    deadline_is_provisional,
    publicity_period,
    work_calendar_invalidate,
)

D = dt.date


@pytest.fixture
def calendar_2026(db):
    calendar_seed_chinesecalendar(actor=None, years=[2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


def test_national_day_is_skipped(calendar_2026):
    # 2026-09-30 + 1 working day: the holiday runs 10-01..10-07, 10-08 is the next working day.
    assert deadline_after(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert not deadline_is_provisional(D(2026, 9, 30), 1)


def test_past_the_loaded_calendar_weekdays_stand_in_and_say_so(calendar_2026):
    # Monday 2026-12-28 + 5 working days: 12-29, 12-30, 12-31 (calendar), then 2027 estimated
    # Monday–Friday: Fri 01-01, Mon 01-04.
    assert deadline_after(D(2026, 12, 28), 5) == D(2027, 1, 4)
    assert deadline_is_provisional(D(2026, 12, 28), 5)
    assert not deadline_is_provisional(D(2026, 12, 1), 5)


def test_calendar_days_and_zero():
    cal = WorkCalendar.build(holidays=[], workdays=[], years=[2026])
    assert cal.deadline(D(2026, 3, 2), 7, "calendar").date == D(2026, 3, 9)
    assert cal.deadline(D(2026, 3, 2), 0).date == D(2026, 3, 2)
    with pytest.raises(ValueError):
        cal.deadline(D(2026, 3, 2), 3, "fortnights")


def test_publicity_opens_the_next_day_and_counts_after_the_decision(calendar_2026):
    # Decided Friday 2026-03-06: opens Saturday 03-07; 5 working days after the decision: 03-13.
    assert publicity_period(D(2026, 3, 6), 5, "working") == (D(2026, 3, 7), D(2026, 3, 13))
    # 7 calendar days, both ends inclusive.
    assert publicity_period(D(2026, 3, 6), 7, "calendar") == (D(2026, 3, 7), D(2026, 3, 13))


def test_publicity_refuses_bad_parameters(calendar_2026):
    with pytest.raises(ValidationFailed) as exc:
        publicity_period(D(2026, 3, 6), 0)
    assert exc.value.code == Code.PUBLICITY_DAYS_INVALID
    with pytest.raises(ValidationFailed) as exc:
        publicity_period(D(2026, 3, 6), 5, "weeks")
    assert exc.value.code == Code.PUBLICITY_UNIT_INVALID
