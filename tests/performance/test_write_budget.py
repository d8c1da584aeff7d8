"""Query budgets of the write path (issue 13, benchmark 1): one redemption approval with fund
reservation, and a payment batch (create, export, bank result import) whose number of queries
does not depend on its number of lines.

The counts include the SAVEPOINT/RELEASE pairs of every nested `atomic` block (the test runs
inside a transaction, so the service's own outer block is a savepoint too). Measured December
2026 on PostgreSQL: 81 queries for the last review step's approval with reservation before the
write-path work, 55 after (SQLite: one or two fewer); the budget fails on any regression.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovoucher.core import clock
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import Claim, PaymentLine, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.conftest import fake_payees, officer  # noqa: F401 (fixtures)
from innovoucher.ledger.tests.helpers import funded, reserve, result_csv
from innovoucher.notifications.models import Notification
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.redemptions.services import review
from innovoucher.redemptions.services.outcome import review_passed
from innovoucher.redemptions.states import RedemptionStatus, StepStatus
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (autouse fixture)
    _fast_private_calendar,
    redemption_in_review,
    world_for,
)
from testsupport.world import START

pytestmark = pytest.mark.django_db

APPROVAL_BUDGET = 55  # the last review step approves; the ledger reserves; both parties told
PASSED_BUDGET = 52  # `review_passed` alone (what `make bench` times), from a bare redemption
# A payment batch costs the same number of queries whatever its number of lines (up to
# `core.bulk.CHUNK` lines; one more statement per chunk beyond). Measured December 2026 after
# the set-based batch work (SQLite; before: ≈ 33 queries per line):
BATCH_MADE = 38  # create + export of the batch (posting every share)
BATCH_SETTLED = 39  # the bank result import that settles it (one line failed, the rest paid)


def _pending_last_step(world) -> ReviewStep:
    redemption = redemption_in_review(world, subsidy_fen=5_000)
    last = redemption.steps.order_by("-position").first()
    ReviewStep.objects.filter(pk=last.pk).update(status=StepStatus.PENDING, decided_at=None)
    # as the review pages and the API pick it (selectors.review_step_get)
    return ReviewStep.objects.select_related("redemption").get(pk=last.pk)


def _approve(world, step: ReviewStep):
    return review.review_decide(actor=world.officials[step.level], step=step, action="approve")


def test_one_approval_with_fund_reservation_stays_within_its_query_budget():
    world = world_for("ningxia")  # no publicity: the approval reserves the money at once
    with clock.frozen_now(START["ningxia"]):
        _approve(world, _pending_last_step(world))  # warm the per-process caches
        step = _pending_last_step(world)
        with CaptureQueriesContext(connection) as ctx:
            redemption = _approve(world, step)
    # the whole write happened: reserved in the ledger, the redemption payable, both told
    assert redemption.status == RedemptionStatus.PAYABLE
    claim = Claim.objects.get(reference=f"redemption:{redemption.number}")
    assert claim.status == Claim.Status.RESERVED
    assert set(claim.shares.values_list("status", flat=True)) == {"reserved"}
    told = Notification.objects.filter(key=f"redemption:{redemption.pk}:payment:reserved")
    assert told.count() >= 2
    assert len(ctx.captured_queries) <= APPROVAL_BUDGET, "\n".join(
        q["sql"][:160] for q in ctx.captured_queries
    )


def test_review_passed_as_benchmarked_stays_within_its_query_budget():
    world = world_for("ningxia")
    reviewer = world.officials["province"]
    with clock.frozen_now(START["ningxia"]):
        warm = redemption_in_review(world, subsidy_fen=5_000)
        review_passed(actor=reviewer, redemption=Redemption.objects.get(pk=warm.pk))
        bare = Redemption.objects.get(pk=redemption_in_review(world, subsidy_fen=5_000).pk)
        with CaptureQueriesContext(connection) as ctx:
            redemption = review_passed(actor=reviewer, redemption=bare)
    assert redemption.status == RedemptionStatus.PAYABLE
    assert len(ctx.captured_queries) <= PASSED_BUDGET, len(ctx.captured_queries)


def _batch_queries(officer, lines: int, period: str) -> tuple[int, int, list[str]]:  # noqa: F811
    """Queries of (create + export, bank result import) of a batch of `lines` two-share lines."""
    for i in range(lines):
        reserve(officer, f"redemption:{period}:{i}", {"province": 1_000, "city": 1_000}, day=1)
    with CaptureQueriesContext(connection) as made:
        batch = ledger.batch_create(
            actor=officer, payer_region="140100", cadence="monthly", period=period
        )
        ledger.batch_export(actor=officer, batch=batch, fmt="csv")
    content = result_csv(batch, {batch.lines.order_by("position").first().code: "失败"})
    with CaptureQueriesContext(connection) as settled:
        summary = ledger.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=content
        )
    # the whole write happened: every line posted, all but one paid with both shares and its
    # claim paid, one failed (its claim goes into the next batch: the 20-line batch has 21)
    count = batch.lines.count()
    assert count == lines + (period == "2026-06")
    assert (summary.paid, summary.failed, summary.problems) == (count - 1, 1, [])
    paid = PaymentLine.objects.filter(batch=batch, status="paid", claim__status="paid")
    assert paid.count() == count - 1
    sql = [q["sql"][:160] for q in made.captured_queries + settled.captured_queries]
    return len(made.captured_queries), len(settled.captured_queries), sql


def test_a_payment_batch_costs_the_same_number_of_queries_at_2_and_20_lines(officer):  # noqa: F811
    funded(officer, "140000", 10_000_000, region="140100")
    funded(officer, "140100", 10_000_000)
    made_few, settled_few, sql_few = _batch_queries(officer, 2, "2026-05")
    made_many, settled_many, sql_many = _batch_queries(officer, 20, "2026-06")
    assert (made_many, settled_many) == (made_few, settled_few), "\n".join(
        f"{a}   |   {b}" for a, b in zip(sql_few, sql_many, strict=False)
    )
    assert made_few <= BATCH_MADE, "\n".join(sql_few)
    assert settled_few <= BATCH_SETTLED, "\n".join(sql_few)
    assert Transfer.objects.filter(code="pay").count() == 2 * (1 + 20)
    assert ledger_verify().ok
