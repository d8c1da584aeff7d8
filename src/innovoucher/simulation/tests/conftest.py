import pytest

from innovoucher.workdays.services import calendar_seed_chinesecalendar, work_calendar_invalidate


@pytest.fixture(autouse=True)
def _lifecycle_env(db, seed_policies):
    """Seed policies and the 2025–2026 holiday calendar (hashing and MEDIA_ROOT: root conftest)."""
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()
