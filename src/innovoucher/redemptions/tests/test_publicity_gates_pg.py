"""PostgreSQL, real threads: Liaocheng applications pass their last review step at the same moment
against a province budget that covers only some province shares (art. 17: the province's share is
reserved on 省科技厅确认, before the city's 公示). Exactly what the budget covers is reserved, the
rest waits in the queue, nothing is overspent, and the ledger verifies."""

import threading

import pytest
from django.db import connection

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import Budget, Claim
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.redemptions.services.outcome import review_passed
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    redemption_in_review,
    world_for,
)
from testsupport import make_user
from testsupport.world import START

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_province_confirmations_reserve_exactly_the_province_budget():
    world = world_for("liaocheng", funded=False)
    year = START["liaocheng"].year
    with clock.frozen_now(START["liaocheng"]):
        for level, region, amount in (("province", "370000", 600_000), ("city", "371500", 10**8)):
            officer = make_user(f"lc-pg-fin-{level}", Role.FINANCE_OFFICER, region)
            budget = ledger.budget_open(actor=officer, funder_region=region, fiscal_year=year)
            ledger.budget_appropriate(
                actor=officer, budget=budget, amount_fen=amount, reference=f"预算-{region}"
            )
        # Seven applications, 3,000 元 each (1,500 元 province share): the province covers four.
        # The first opens the city's publicity list (two lists opened at once is another race).
        first = redemption_in_review(world, subsidy_fen=300_000)
        review_passed(actor=world.officials["province"], redemption=first)
        redemptions = [redemption_in_review(world, subsidy_fen=300_000) for _ in range(6)]
    reviewer = world.officials["province"]
    barrier, errors = threading.Barrier(len(redemptions)), []

    def worker(r):
        try:
            barrier.wait()
            with clock.frozen_now(START["liaocheng"]):
                review_passed(actor=reviewer, redemption=r)
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(r,)) for r in redemptions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    for r in redemptions:
        r.refresh_from_db()
        assert r.status == S.PUBLICITY
    early = Claim.objects.filter(reference__endswith=":province")
    assert early.count() == 7
    assert early.filter(status=Claim.Status.RESERVED).count() == 4
    assert early.filter(status=Claim.Status.QUEUED).count() == 3
    province = Budget.objects.get(funder_region="370000", fiscal_year=year)
    available = province.accounts.get(purpose="available")
    assert available.spendable_fen == 0 and available.debits_pending == 600_000
    assert not Claim.objects.exclude(reference__endswith=":province").exists(), (
        "the city's shares wait for the publicity"
    )
    assert ledger_verify().ok
