import pytest

from innovoucher.workdays.services import calendar_seed_chinesecalendar, work_calendar_invalidate


@pytest.fixture(autouse=True)
def _calendar(db):
    """The working-day calendar of the years the lifecycle tests run in (deadlines, publicity)."""
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()
