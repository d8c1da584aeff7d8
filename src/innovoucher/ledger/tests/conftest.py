"""Ledger fixtures. (PostgreSQL-only tests are skipped on SQLite by the project conftest.)"""

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.ledger import payees
from innovoucher.ledger.payees import PayeeAccount
from testsupport import make_user


@pytest.fixture
def officer(db):
    """Finance officer of Shanxi province (sees and writes 140000 and everything inside)."""
    return make_user("fin_sx", grants=[(Role.FINANCE_OFFICER, "140000")])


@pytest.fixture
def city_officer(db):
    return make_user("fin_ty", grants=[(Role.FINANCE_OFFICER, "140100")])


class FakePayees:
    """Stands in for the registry in the ledger's own tests: claims made without a payee
    reference get a verified account; `problems` holds a reason per claim name to hold one."""

    problems: dict[str, str] = {}

    def account(self, ref, *, actor, reveal, context):
        name = ref.partition(":")[2] or "某企业"
        return PayeeAccount(
            holder=name,
            bank_name="中国工商银行太原分行",
            number="1211000012345678901" if reveal else "",
            masked="121************8901",
            problem=self.problems.get(name, ""),
        )

    def tell_held(self, ref, *, reason, context):
        pass


@pytest.fixture(autouse=True)
def fake_payees():
    fake = FakePayees()
    fake.problems = {}
    payees.payee_directory_register("", fake)
    yield fake
    payees._directories.pop("", None)
