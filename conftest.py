"""Project-wide pytest set-up: PostgreSQL-only tests skip on SQLite; browser tests use Debian's
chromium."""

import copy
import os
import shutil

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests judge results, not speed: on a loaded two-core CI machine an example can take
# longer than Hypothesis's default 200 ms deadline, which failed sound tests now and then.
# Performance is measured by the benchmarks (make bench), not by timed tests.
hypothesis_settings.register_profile(
    "innovoucher", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
hypothesis_settings.load_profile("innovoucher")

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass of make test)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if item.path.name == "test_english.py":
            item.add_marker(pytest.mark.english)
        if _touches_no_database(item):
            item.add_marker(pytest.mark.nodb)


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
_DB_SOURCE = ("DATABASE_URL", "subprocess", "connection", "connections")


def _touches_no_database(item) -> bool:
    """A test that pytest-django keeps away from the database (no django_db mark, no fixture that
    unblocks it) and whose module starts no process against DATABASE_URL: the same on either
    database, so the PostgreSQL pass of make test leaves it out (`-m "not nodb"`)."""
    if item.get_closest_marker("django_db") or _DB_FIXTURES & set(item.fixturenames):
        return False
    module = getattr(item, "module", None)
    source = getattr(module, "__file__", None)
    if source is None:
        return False
    try:
        text = open(source, encoding="utf-8").read()
    except OSError:
        return False
    return not any(word in text for word in _DB_SOURCE)


@pytest.fixture(autouse=True)
def _fast_hashing_private_media(settings, tmp_path):
    """Every test: MD5 password hashing (fast) and its own MEDIA_ROOT (nothing left behind)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_ANCHOR_PATH = tmp_path / "audit_anchors.log"


@pytest.fixture(autouse=True)
def _chinese_after_each_test():
    """A test that requests an English page leaves English active in its thread; every test
    starts and ends in the default language (Chinese) so the next one is not run in English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Tasks (e-mail after commit, …) run in the calling process during tests; the worker's own
    tests (innovoucher/jobs/tests) switch back to the database queue where they need it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _second_factor_not_enforced(settings):
    """The TOTP step is off in unit tests (every `force_login` would otherwise stop at it);
    tests of the second factor request `otp_enforced`, browser tests switch it on
    (tests/browser/conftest.py) and log in with `testsupport.otp.browser_login`."""
    settings.INNOVOUCHER_OTP_ENFORCED = False


@pytest.fixture
def otp_enforced(settings):
    settings.INNOVOUCHER_OTP_ENFORCED = True


@pytest.fixture
def seed_policies(db):
    """The five seed policies imported through the service, as `make run` does."""
    from innovoucher.policies.services import policy_directory_import

    policy_directory_import(actor=None)


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (apt-get install -y chromium)")
        pytest.skip("chromium is not installed")
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


# The quote request example of contracts.md.
CONTRACT_EXAMPLE = {
    "policy": "ningxia",
    "on": "2026-06-01",
    "applicant": {
        "kind": "enterprise",
        "region": "640104",
        "employees": 120,
        "annual_revenue": "150000000.00",
        "credit_ok": True,
        "tech_sme": True,
        "in_incubator": False,
        "related_to_provider": False,
        "received_this_year": "0.00",
        "group_received_this_year": "0.00",
    },
    "provider": {"region": "640104", "kind": "university", "admitted": True},
    "service": {
        "category": "testing",
        "contract_amount": "300000.00",
        "paid_amount": "300000.00",
        "fully_paid": True,
        "completed_on": "2026-05-01",
        "other_public_funding": False,
        "via_platform": True,
    },
}


@pytest.fixture
def contract_example():
    return copy.deepcopy(CONTRACT_EXAMPLE)
