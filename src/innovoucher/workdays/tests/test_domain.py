"""WorkCalendar arithmetic, checked against real arrangements (chinesecalendar's data) — no
database."""

import datetime as dt

import chinese_calendar
import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from innovoucher.workdays.domain import CalendarYearMissing, WorkCalendar, day_problem

D = dt.date
CAL = WorkCalendar.build(
    holidays=constants.holidays, workdays=constants.workdays, years=range(2004, 2027)
)


def test_national_day_2026():
    assert not any(CAL.is_working_day(D(2026, 10, day)) for day in range(1, 8))
    assert CAL.is_working_day(D(2026, 9, 20))  # Sunday, adjusted working day
    assert CAL.is_working_day(D(2026, 10, 10))  # Saturday, adjusted working day
    assert not CAL.is_working_day(D(2026, 10, 11))  # an ordinary Sunday
    # Wednesday before the holiday: the next working day is Thursday 8 October.
    assert CAL.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert CAL.next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)
    # Received on Friday 18 September, 10 working days: 9-20 (Sun, adjusted), 21, 22, 23, 24,
    # (25–27 Mid-autumn), 28, 29, 30, (1–7 National Day), 10-8, 10-9.
    assert CAL.add_working_days(D(2026, 9, 18), 10) == D(2026, 10, 9)
    assert CAL.add_working_days(D(2026, 9, 18), 11) == D(2026, 10, 10)
    assert CAL.working_days_between(D(2026, 9, 30), D(2026, 10, 11)) == 3  # 8, 9, 10


def test_spring_festival_2026():
    assert all(not CAL.is_working_day(D(2026, 2, day)) for day in range(15, 24))
    assert CAL.is_working_day(D(2026, 2, 14)) and CAL.is_working_day(D(2026, 2, 28))  # Saturdays
    assert CAL.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert CAL.working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6  # 14, 24, 25, 26, 27, 28


def test_weekends():
    assert CAL.is_working_day(D(2026, 3, 6))  # Friday
    assert not CAL.is_working_day(D(2026, 3, 7)) and not CAL.is_working_day(D(2026, 3, 8))
    assert CAL.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)
    assert CAL.add_working_days(D(2026, 3, 7), 1) == D(
        2026, 3, 9
    )  # the start day need not be a working day
    assert CAL.working_day_on_or_after(D(2026, 3, 7)) == D(2026, 3, 9)
    assert CAL.working_day_on_or_after(D(2026, 3, 9)) == D(2026, 3, 9)
    assert CAL.working_days_between(D(2026, 3, 9), D(2026, 3, 2)) == -5
    assert CAL.working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda: CAL.add_working_days(D(2026, 12, 29), 5), 2027),
        (lambda: CAL.is_working_day(D(2027, 3, 1)), 2027),
        (lambda: CAL.working_days_between(D(2026, 12, 1), D(2027, 1, 10)), 2027),
        (lambda: CAL.is_working_day(D(2003, 6, 2)), 2003),
        (lambda: CAL.add_working_days(D(2003, 12, 1), 1), 2003),
    ],
)
def test_missing_year_is_an_error_never_weekends_only(call, year):
    with pytest.raises(CalendarYearMissing) as exc:
        call()
    assert exc.value.year == year
    assert (
        exc.value.message
        == f"{year}年节假日安排尚未导入，请系统管理员导入国务院办公厅通知后再计算工作日"
    )
    assert exc.value.status == 422


def test_days_at_the_edge_of_a_covered_year():
    # 2026-12-31 is a Thursday: counting 1 working day stays in 2026 only if the 31st itself is
    # counted; it is not.
    assert CAL.add_working_days(D(2026, 12, 30), 1) == D(2026, 12, 31)
    assert (
        CAL.working_days_between(D(2003, 12, 31), D(2004, 1, 5)) == 2
    )  # 2 and 5 January 2004; 2003 not needed


def test_the_end_of_time_is_not_a_crash():
    with pytest.raises(CalendarYearMissing):
        CAL.add_working_days(dt.date.max, 1)
    assert CAL.working_days_between(dt.date.max, dt.date.max) == 0


def test_n_must_be_positive():
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2026, 3, 6), 0)


def test_day_problem():
    assert day_problem(date=D(2026, 10, 10), kind="workday", year=2026) is None
    assert "本来就是工作日" in day_problem(date=D(2026, 10, 9), kind="workday", year=2026)
    assert "不属于2026年" in day_problem(date=D(2028, 1, 1), kind="holiday", year=2026)
    assert day_problem(date=D(2025, 12, 31), kind="holiday", year=2026) is None


dates = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31))


@settings(max_examples=200, deadline=None)
@given(d=dates)
def test_agrees_with_chinesecalendar(d):
    assert CAL.is_working_day(d) == chinese_calendar.is_workday(d)


@settings(max_examples=200, deadline=None)
@given(d=dates, n=st.integers(min_value=1, max_value=40))
def test_add_working_days_properties(d, n):
    end = CAL.add_working_days(d, n)
    assert end > d
    assert CAL.is_working_day(end)
    assert CAL.working_days_between(d, end) == n
    assert (
        CAL.working_days_between(d, end - dt.timedelta(days=1)) == n - 1
    )  # the n-th, not a later one
