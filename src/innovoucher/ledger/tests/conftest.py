import pytest
from django.db import connection

from innovoucher.accounts.roles import Role
from innovoucher.ledger.tests.helpers import make_user


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


@pytest.fixture
def officer(db):
    """Finance officer of Shanxi province (sees and writes 140000 and everything inside)."""
    return make_user("fin_sx", (Role.FINANCE_OFFICER, "140000"))


@pytest.fixture
def city_officer(db):
    return make_user("fin_ty", (Role.FINANCE_OFFICER, "140100"))
