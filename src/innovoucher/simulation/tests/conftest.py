import pytest

from innovoucher.workdays.services import calendar_seed_chinesecalendar, work_calendar_invalidate


@pytest.fixture(autouse=True)
def _lifecycle_env(settings, tmp_path, db, seed_policies):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()
