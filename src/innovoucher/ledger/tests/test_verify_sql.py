"""`ledger_verify` recomputes in SQL (set-based); it must report exactly what the pure replay
(`domain.verify` over every row loaded into Python) reports, on sound and on tampered ledgers."""

import pytest
from django.db.models import F

from innovoucher.ledger import domain
from innovoucher.ledger.models import Account, Purpose, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.selectors.verify import _ACCOUNT_FIELDS, recompute_in_database
from innovoucher.ledger.tests.helpers import at, funded, reserve

pytestmark = pytest.mark.django_db

_TRANSFER_FIELDS = ("id", "debit_account_id", "credit_account_id", "amount_fen", "kind")


def _replayed() -> domain.VerifyReport:
    accounts = [domain.AccountRow(*r) for r in Account.objects.values_list(*_ACCOUNT_FIELDS)]
    transfers = [
        domain.TransferRow(*r) for r in Transfer.objects.values_list(*_TRANSFER_FIELDS, "pending")
    ]
    return domain.verify(accounts, transfers)


def _ledger(officer):
    funded(officer, "140000", 1_000_00)
    reserve(officer, "r1", {"province": 10_00})
    reserve(officer, "r2", {"province": 20_00}, day=2)
    return Transfer.objects.filter(kind="pending").order_by("id")


def test_a_sound_ledger_gives_the_same_report_as_the_replay(officer):
    _ledger(officer)
    ours, replay = ledger_verify(), _replayed()
    assert ours.ok and ours == replay
    assert ours.transfers == Transfer.objects.count() == 3 and ours.accounts == 5
    assert ours.totals["debits_pending"] == 30_00


def _raw(pending: Transfer, *, kind="post", amount=None, to=None, key=""):
    """A resolution written past the engine (balances untouched): what tampering looks like."""
    return Transfer.objects.create(
        key=key or f"raw:{kind}:{pending.pk}:{amount}",
        debit_account_id=pending.debit_account_id,
        credit_account_id=to or pending.credit_account_id,
        amount_fen=amount or pending.amount_fen,
        kind=kind,
        code=kind,
        pending=pending,
        reference=pending.reference,
        created_at=at(3),
    )


def test_tampered_rows_are_reported_as_the_replay_reports_them(officer):
    first, second = _ledger(officer)
    appropriation = Transfer.objects.get(kind="single")
    _raw(appropriation, key="raw:not-a-reservation")  # points at a single transfer: missing
    _raw(first, amount=first.amount_fen - 1)  # other amount: mismatch
    _raw(second, kind="void")  # a sound void the accounts never saw: differences
    Account.objects.filter(purpose=Purpose.APPROPRIATION).update(
        credits_posted=F("credits_posted") + 7
    )
    ours, replay = ledger_verify(), _replayed()
    assert not ours.ok and ours == replay
    assert any("不存在或不是预留" in p for p in ours.problems)
    assert any(f"与预留 #{first.pk} 不一致" in p for p in ours.problems)
    assert {(d.field, d.stored - d.expected) for d in ours.differences} >= {
        ("debits_pending", 20_00),
        ("credits_pending", 20_00),
        ("credits_posted", 7),
    }


def test_sql_recompute_follows_the_replay_when_a_reservation_is_resolved_once(officer):
    first, second = _ledger(officer)
    _raw(first)  # posted past the engine
    expected, problems, count = recompute_in_database()
    replayed, replay_problems, replay_count = domain.recompute_balances(
        domain.TransferRow(*r) for r in Transfer.objects.values_list(*_TRANSFER_FIELDS, "pending")
    )
    assert problems == replay_problems == [] and count == replay_count == 4
    assert expected == {k: v for k, v in replayed.items()}
    payable = first.credit_account_id
    assert expected[payable] == {
        "debits_pending": 0,
        "debits_posted": 0,
        "credits_pending": second.amount_fen,
        "credits_posted": first.amount_fen,
    }
