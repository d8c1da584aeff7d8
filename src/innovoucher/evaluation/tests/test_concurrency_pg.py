"""Award payment under real concurrency on PostgreSQL (threads with their own connections).

- 16 officials approve 16 awards at once against a 服务机构补助 budget for 5: exactly 5 are
  reserved, the rest wait in the ledger's queue with a reason; the budget is never overspent.
- 8 officials approve the same award at once: one approval, one claim, one reservation.
- The payment batch pays each reserved award once; a second batch finds nothing to pay.

SCAFFOLDING: the extra awards are rows written directly next to one real round (the round, its
assessment and the first award come from the services), so the test exercises the approvals.
"""

import datetime as dt
import threading

import pytest
from django.db import connection

from innovoucher.core import clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.evaluation import services
from innovoucher.evaluation.models import Assessment, Award
from innovoucher.ledger.models import Claim, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.redemptions.tests.publicity_support import _fast_private_calendar  # noqa: F401
from testsupport.world import START

from .support import FAMILY, PROVINCE, award_budget, paid_world, pay_all

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DAY = START[FAMILY] + dt.timedelta(days=20)
AWARD_FEN = 1_000_000


def run_together(fns) -> list:
    barrier, results = threading.Barrier(len(fns)), [None] * len(fns)

    def worker(i):
        try:
            barrier.wait()
            with clock.frozen_now(DAY):
                results[i] = fns[i]()
        except BaseException as exc:  # noqa: BLE001 - asserted by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(fns))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _awards(world, count: int) -> list[Award]:
    with clock.frozen_now(DAY):
        official = world.officials["province"]
        rnd = services.round_open(
            actor=official, kind="provider", family=FAMILY, region_code=PROVINCE, year=DAY.year
        )
        services.round_publish(
            actor=official, round=services.round_decide(actor=official, round=rnd)
        )
        first = Award.objects.get()
        awards = [first]
        for i in range(1, count):
            a = Assessment.objects.create(
                round=rnd,
                subject_key=f"scaffold:{i}",
                subject_name=f"脚手架{i}",
                region_code=world.provider.region_code,
                provider=world.provider,
                grade="A",
            )
            awards.append(
                Award.objects.create(
                    number=f"JBTEST{i:04d}",
                    assessment=a,
                    provider=world.provider,
                    family_slug=FAMILY,
                    region_code=world.provider.region_code,
                    year=DAY.year,
                    fiscal_year=first.fiscal_year,
                    grade="A",
                    total_fen=AWARD_FEN,
                    shares={"province": AWARD_FEN},
                    created_at=clock.now(),
                )
            )
        Award.objects.filter(pk=first.pk).update(
            total_fen=AWARD_FEN, shares={"province": AWARD_FEN}
        )
        first.refresh_from_db()
    return awards


def test_concurrent_award_approvals_never_overspend_the_budget():
    world = paid_world(subsidies=(5_000_000,))
    awards = _awards(world, 16)
    with clock.frozen_now(DAY):
        budget = award_budget(world, 5 * AWARD_FEN, awards[0].fiscal_year)
    official = world.officials["province"]
    results = run_together(
        [lambda a=a: services.award_approve(actor=official, award=a) for a in awards]
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    claims = Claim.objects.filter(line="provider_subsidies")
    assert claims.count() == 16
    reserved = claims.filter(status="reserved")
    assert reserved.count() == 5 and sum(c.amount_fen for c in reserved) == 5 * AWARD_FEN
    assert all(c.reason for c in claims.filter(status="queued"))
    available = budget.accounts.get(purpose="available")
    assert available.debits_pending == 5 * AWARD_FEN and available.spendable_fen == 0
    with clock.frozen_now(DAY):
        pay_all(world, "奖补-并发")
        with pytest.raises(ValidationFailed):
            pay_all(world, "奖补-再次")
    assert claims.filter(status="paid").count() == 5
    assert Transfer.objects.filter(code="pay", reference__startswith="award:").count() == 5
    assert ledger_verify().ok


def test_the_same_award_approved_at_once_is_approved_and_reserved_once():
    world = paid_world(subsidies=(5_000_000,))
    [award] = _awards(world, 1)
    with clock.frozen_now(DAY):
        award_budget(world, 10 * AWARD_FEN, award.fiscal_year)
    official = world.officials["province"]
    results = run_together(
        [lambda: services.award_approve(actor=official, award=Award.objects.get(pk=award.pk))] * 8
    )
    done = [r for r in results if isinstance(r, Award)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(done) == 1 and len(refused) == 7, results
    assert Claim.objects.filter(reference=f"award:{award.pk}").count() == 1
    assert Transfer.objects.filter(code="reserve", reference=f"award:{award.pk}").count() == 1
    assert award.changes.model.objects.filter(award=award, action="approve").count() == 1
    assert ledger_verify().ok
