"""Real concurrency on PostgreSQL: threads with their own connections released together.

- The firm and the provider apply for the same Urumqi service at the same moment: exactly one
  application exists afterwards (one party per project, art. 15), the other gets a Conflict.
- Two reviewers approve the same pending step at once: exactly one decision is recorded.
- Two applications reuse one invoice number at once: exactly one holds it.
"""

import threading

import pytest
from django.db import connection

from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.redemptions.models import Invoice, Redemption, ReviewStep
from innovoucher.redemptions.services import review, steps, submission
from innovoucher.redemptions.tests.intake_support import (
    intake_env,
    invoice,
    make_order,
    open_call,
    ready,
    submit,
    world_for,
)  # noqa: F401
from testsupport import make_user
from testsupport.world import START

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*fns) -> list:
    barrier, results = threading.Barrier(len(fns)), [None] * len(fns)

    def worker(i):
        try:
            barrier.wait()
            with clock.frozen_now(START_DAY[0]):
                results[i] = fns[i]()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(fns))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


START_DAY = [None]


def test_firm_and_provider_racing_for_one_urumqi_service_leave_one_application(intake_env):
    w = world_for("urumqi")
    START_DAY[0] = START["urumqi"]
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        orders = [make_order(w, amount_fen=2_000_000) for _ in range(4)]
    for order in orders:
        results = run_together(
            lambda o=order: submit(w, o, actor=w.applicant_user),
            lambda o=order: submit(w, o, actor=w.provider_user),
        )
        won = [r for r in results if isinstance(r, Redemption)]
        lost = [r for r in results if isinstance(r, Exception)]
        assert len(won) == 1 and len(lost) == 1, results
        assert (
            isinstance(lost[0], Conflict)
            and lost[0].code == "already_applied"
            and won[0].number in lost[0].message
        )
        assert Redemption.objects.filter(order=order).count() == 1


def test_two_reviewers_approving_one_step_decide_once(intake_env):
    # Urumqi: a county first step, then the experts (Ningxia's chain is one agency step now).
    w = world_for("urumqi")
    START_DAY[0] = START["urumqi"]
    with clock.frozen_now(START["urumqi"]):
        second = make_user("urumqi-county-2", w.officials["county"].roles.first().role, w.county)
        open_call(w)  # one call window for the three applications
        redemptions = [submit(w, make_order(w, amount_fen=2_000_000)) for _ in range(3)]
        redemptions = [
            submission.redemption_confirm(actor=w.provider_user, redemption=r)
            if r.status == "awaiting_confirmation"
            else r
            for r in redemptions
        ]
    for r in redemptions:
        step = steps.pending_step(r)
        assert step.level == "county"
        before = r.changes.count()
        results = run_together(
            lambda s=step: review.review_decide(
                actor=w.officials["county"], step=ReviewStep.objects.get(pk=s.pk), action="approve"
            ),
            lambda s=step: review.review_decide(
                actor=second, step=ReviewStep.objects.get(pk=s.pk), action="approve"
            ),
        )
        conflicts = [x for x in results if isinstance(x, Conflict)]
        assert (
            len(conflicts) == 1 and len([x for x in results if isinstance(x, Redemption)]) == 1
        ), results
        rows = list(ReviewStep.objects.filter(redemption=r).order_by("position"))
        assert [s.status for s in rows[:2]] == ["approved", "pending"]
        # the approval moved the step, not the redemption's status: no change row added
        assert r.changes.count() == before


def test_one_invoice_number_racing_in_two_applications(intake_env):
    w = world_for("ningxia")
    START_DAY[0] = START["ningxia"]
    with clock.frozen_now(START["ningxia"]):
        pairs = [(make_order(w), make_order(w)) for _ in range(3)]
    for i, (a, b) in enumerate(pairs):
        number = f"2664{i:016d}"
        results = run_together(
            lambda o=a: submit(w, o, inv=invoice(number)),
            lambda o=b: submit(w, o, inv=invoice(number)),
        )
        won = [r for r in results if isinstance(r, Redemption)]
        assert len(won) == 1, results
        lost = next(r for r in results if isinstance(r, Exception))
        assert (
            isinstance(lost, Conflict)
            and lost.code == "invoice_reused"
            and won[0].number in lost.message
        )
        assert Invoice.objects.filter(number=number, released_at__isnull=True).count() == 1
