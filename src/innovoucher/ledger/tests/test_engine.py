"""The transfer engine: conditional updates, idempotency, two-phase, immutability."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.ledger import services
from innovoucher.ledger.models import Account, Purpose, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.services import TransferSpec, transfers_execute
from innovoucher.ledger.tests.helpers import account, funded

pytestmark = pytest.mark.django_db
Kind, Code = Transfer.Kind, Transfer.Code


def _reserve_spec(budget, key, amount):
    return TransferSpec(
        key=key,
        code=Code.RESERVE,
        reference=key,
        amount_fen=amount,
        debit=account(budget, Purpose.AVAILABLE),
        credit=account(budget, Purpose.PAYABLE),
        kind=Kind.PENDING,
    )


def test_a_debit_beyond_the_balance_is_refused_and_nothing_is_written(officer):
    budget = funded(officer, amount=1_000)
    with pytest.raises(services.InsufficientFunds):
        transfers_execute([_reserve_spec(budget, "r1", 1_001)])
    assert not Transfer.objects.filter(key="r1").exists()
    assert account(budget, Purpose.AVAILABLE).spendable_fen == 1_000


def test_linked_transfers_are_all_or_none(officer):
    budget = funded(officer, amount=1_000)
    specs = [_reserve_spec(budget, "a", 600), _reserve_spec(budget, "b", 600)]
    with pytest.raises(services.InsufficientFunds):
        transfers_execute(specs)
    assert not Transfer.objects.filter(key__in=["a", "b"]).exists()
    assert account(budget, Purpose.AVAILABLE).debits_pending == 0


def test_same_key_same_content_returns_the_first_transfer(officer):
    budget = funded(officer, amount=1_000)
    first = transfers_execute([_reserve_spec(budget, "k", 400)])[0]
    again = transfers_execute([_reserve_spec(budget, "k", 400)])[0]
    assert first.created and not again.created and again.transfer.pk == first.transfer.pk
    assert account(budget, Purpose.AVAILABLE).debits_pending == 400


def test_same_key_different_content_is_a_conflict(officer):
    budget = funded(officer, amount=1_000)
    transfers_execute([_reserve_spec(budget, "k", 400)])
    with pytest.raises(Conflict) as exc:
        transfers_execute([_reserve_spec(budget, "k", 401)])
    assert exc.value.code == "idempotency_conflict"


def test_post_and_void_resolve_a_pending_at_most_once(officer):
    budget = funded(officer, amount=1_000)
    pending = transfers_execute([_reserve_spec(budget, "p", 300)])[0].transfer
    transfers_execute(
        [TransferSpec(key="post-p", code=Code.POST, reference="p", kind=Kind.POST, pending=pending)]
    )
    with pytest.raises(Conflict) as exc:
        transfers_execute(
            [
                TransferSpec(
                    key="void-p", code=Code.VOID, reference="p", kind=Kind.VOID, pending=pending
                )
            ]
        )
    assert exc.value.code == "pending_resolved"
    available, payable = account(budget, Purpose.AVAILABLE), account(budget, Purpose.PAYABLE)
    assert (available.debits_pending, available.debits_posted, payable.credits_posted) == (
        0,
        300,
        300,
    )
    assert ledger_verify().ok


def test_void_gives_the_money_back(officer):
    budget = funded(officer, amount=1_000)
    pending = transfers_execute([_reserve_spec(budget, "p", 300)])[0].transfer
    transfers_execute(
        [TransferSpec(key="void-p", code=Code.VOID, reference="p", kind=Kind.VOID, pending=pending)]
    )
    assert account(budget, Purpose.AVAILABLE).spendable_fen == 1_000 and ledger_verify().ok


@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_amount_must_be_a_positive_integer(officer, amount):
    budget = funded(officer, amount=1_000)
    with pytest.raises(ValidationFailed):
        transfers_execute([_reserve_spec(budget, "x", amount)])


def test_post_must_point_at_a_pending(officer):
    budget = funded(officer, amount=1_000)
    single = Transfer.objects.filter(code=Code.APPROPRIATE).first()
    with pytest.raises(ValidationFailed):
        transfers_execute(
            [TransferSpec(key="bad", code=Code.POST, reference="x", kind=Kind.POST, pending=single)]
        )
    assert budget


def test_database_refuses_an_overdraft_even_without_the_engine(officer):
    budget = funded(officer, amount=1_000)
    available = account(budget, Purpose.AVAILABLE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=available.pk).update(debits_posted=1_001)


def test_transfers_cannot_be_updated(officer):
    funded(officer, amount=1_000)
    transfer = Transfer.objects.get(code=Code.APPROPRIATE)
    with pytest.raises(DatabaseError), transaction.atomic():
        Transfer.objects.filter(pk=transfer.pk).update(amount_fen=1)
    transfer.refresh_from_db()
    assert transfer.amount_fen == 1_000


@pytest.mark.postgres
def test_transfers_cannot_be_deleted_on_postgres(officer):
    funded(officer, amount=1_000)
    with pytest.raises(DatabaseError), transaction.atomic():
        Transfer.objects.filter(code=Code.APPROPRIATE).delete()
    assert Transfer.objects.filter(code=Code.APPROPRIATE).exists()
