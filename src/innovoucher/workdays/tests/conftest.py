import pytest

from innovoucher.workdays.services import calendar_seed_chinesecalendar


@pytest.fixture
def calendar_2025_2026(db):
    """The real 2025 and 2026 arrangements, loaded the way `setup_platform` loads them."""
    calendar_seed_chinesecalendar(years=[2025, 2026])


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "calendar-admin", password=None, is_staff=True, is_superuser=True
    )  # no hashing: fast
