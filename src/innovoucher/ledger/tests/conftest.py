"""Ledger fixtures. (PostgreSQL-only tests are skipped on SQLite by the project conftest.)"""

import pytest

from innovoucher.accounts.roles import Role
from testsupport import make_user


@pytest.fixture
def officer(db):
    """Finance officer of Shanxi province (sees and writes 140000 and everything inside)."""
    return make_user("fin_sx", grants=[(Role.FINANCE_OFFICER, "140000")])


@pytest.fixture
def city_officer(db):
    return make_user("fin_ty", grants=[(Role.FINANCE_OFFICER, "140100")])
