import os
from pathlib import Path

import pytest

from testsupport.otp import browser_login
from testsupport.world import PASSWORD


@pytest.fixture(autouse=True)
def _second_factor_enforced(settings):
    """Browser tests run with the TOTP step on, as in production."""
    settings.INNOVOUCHER_OTP_ENFORCED = True


def login(page, base: str, user, password: str = PASSWORD) -> None:
    """Log `user` (a User or a username) in on the login page, passing the TOTP step (a fresh
    recovery code) when the account needs it. Every browser test logs in through this."""
    browser_login(page, base, getattr(user, "username", user), password)


@pytest.fixture
def live_policies(transactional_db):
    from innovoucher.policies.services import policy_directory_import

    policy_directory_import(actor=None)


@pytest.fixture
def shot(page, request):
    """Save a screenshot (kept as a CI artefact under var/screenshots/)."""
    folder = Path(os.environ.get("INNOVOUCHER_VAR_DIR", "var")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(folder / f"{request.node.name}-{name}.png"), full_page=True)

    return take
