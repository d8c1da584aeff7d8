"""Budgets: appropriation, allocation province → city, carry-over, corrections, permissions."""

import pytest

from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.ledger import services
from innovoucher.ledger.models import Budget, Purpose, Transfer
from innovoucher.ledger.selectors import budget_balances, ledger_verify
from innovoucher.ledger.tests.helpers import account, available, funded

pytestmark = pytest.mark.django_db


def test_appropriation_is_idempotent_per_reference_and_audited(officer):
    pool = services.budget_open(actor=officer, funder_region="140000", fiscal_year=2026)
    services.budget_appropriate(
        actor=officer, budget=pool, amount_fen=5_000_00, reference="晋财教〔2026〕1号"
    )
    services.budget_appropriate(
        actor=officer, budget=pool, amount_fen=5_000_00, reference="晋财教〔2026〕1号"
    )
    assert available(pool) == 5_000_00
    assert AuditEvent.objects.filter(action="ledger.budget.appropriate").count() == 1
    assert account(pool, Purpose.APPROPRIATION).balance_fen == 5_000_00


def test_allocation_moves_province_money_to_a_city_budget(officer):
    pool = funded(officer, amount=10_000)
    services.budget_allocate(
        actor=officer, source=pool, to_region="140100", amount_fen=4_000, reference="下拨1"
    )
    city = Budget.objects.get(funder_region="140000", region_code="140100", fiscal_year=2026)
    assert (available(pool), available(city)) == (6_000, 4_000)
    assert city.funder_level == "province" and not city.is_pool
    assert budget_balances(pool).moved_out_fen == 4_000
    assert ledger_verify().ok


def test_allocation_cannot_exceed_the_pool(officer):
    pool = funded(officer, amount=1_000)
    with pytest.raises(services.InsufficientFunds):
        services.budget_allocate(
            actor=officer, source=pool, to_region="140100", amount_fen=1_001, reference="x"
        )
    assert available(pool) == 1_000


def test_allocation_only_downwards_inside_the_funder(officer):
    pool = funded(officer, amount=1_000)
    with pytest.raises(ValidationFailed):
        services.budget_allocate(
            actor=officer, source=pool, to_region="370100", amount_fen=10, reference="x"
        )


def test_a_city_officer_cannot_touch_the_province_pool(officer, city_officer):
    pool = funded(officer, amount=1_000)
    with pytest.raises(PermissionDenied):
        services.budget_appropriate(actor=city_officer, budget=pool, amount_fen=10, reference="x")
    with pytest.raises(PermissionDenied):
        services.budget_allocate(
            actor=city_officer, source=pool, to_region="140100", amount_fen=10, reference="x"
        )


def test_appropriation_only_into_a_pool(officer):
    city = funded(officer, amount=1_000, region="140100")
    with pytest.raises(ValidationFailed):
        services.budget_appropriate(actor=officer, budget=city, amount_fen=10, reference="x")


def test_carry_over_moves_the_unspent_money_to_next_year(officer):
    pool = funded(officer, amount=1_000)
    services.budget_carry_over(actor=officer, budget=pool, reference="2026结转")
    services.budget_carry_over(
        actor=officer, budget=pool, reference="2026结转"
    )  # idempotent: nothing left to move anyway
    nxt = Budget.objects.get(funder_region="140000", region_code="140000", fiscal_year=2027)
    assert (available(pool), available(nxt)) == (0, 1_000)
    assert Transfer.objects.filter(code="carry_over").count() == 1
    assert ledger_verify().ok


def test_correction_is_a_new_transfer_and_needs_a_reason(officer):
    pool = funded(officer, amount=1_000)
    debit, credit = account(pool, Purpose.AVAILABLE), account(pool, Purpose.APPROPRIATION)
    with pytest.raises(ValidationFailed):
        services.budget_correct(
            actor=officer, debit=debit, credit=credit, amount_fen=100, reference="更正1", memo=" "
        )
    services.budget_correct(
        actor=officer,
        debit=debit,
        credit=credit,
        amount_fen=100,
        reference="更正1",
        memo="多录100分",
    )
    assert available(pool) == 900 and Transfer.objects.count() == 2 and ledger_verify().ok
