"""The ledger's lifecycles: claims, batches and lines move only by their tables, every move is
audited `ledger.<entity>.<verb>`, and the sub-steps refuse to run outside a service."""

import pytest
from django.db.models import F

from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict
from innovoucher.core.lifecycle import lifecycles
from innovoucher.core.models import AuditEvent
from innovoucher.ledger import services, states
from innovoucher.ledger.codes import Code
from innovoucher.ledger.models import CapCounter, Claim, PaymentLine, Purpose
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.services import caps, payments, queue
from innovoucher.ledger.services._tx import OutsideTransaction
from innovoucher.ledger.tests.helpers import account, available, funded, reserve, result_csv

L = PaymentLine.Status


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_the_three_lifecycles_join_the_registry():
    found = lifecycles()
    assert {"ledger.claim", "ledger.batch", "ledger.line"} <= set(found)
    assert found["ledger.claim"].table is states.CLAIM_TRANSITIONS
    assert set(states.TONES) >= {str(s) for s in states.ClaimStatus} | {
        str(s) for s in states.BatchStatus
    }


@pytest.mark.django_db
def test_every_move_of_a_paid_claim_is_audited_by_app_entity_verb(officer):
    funded(officer, "140000", 10_000, region="140100")
    reserve(officer, "r1", {"province": 3_000})
    batch = services.batch_create(
        actor=officer, payer_region="140100", cadence="monthly", period="2026-05"
    )
    services.batch_export(actor=officer, batch=batch)
    services.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
    )
    ledger_actions = [a for a in _actions() if a.startswith("ledger.")]
    assert ledger_actions[-8:] == [
        "ledger.claim.reserve",
        "ledger.batch.create",
        "ledger.batch.export",
        "ledger.line.export",
        "ledger.batch.reveal",
        "ledger.line.pay",
        "ledger.claim.pay",
        "ledger.batch.reconcile",
    ]
    event = AuditEvent.objects.get(action="ledger.line.pay")
    assert event.region_code == "140100" and event.data["from"] == "exported"


@pytest.mark.django_db
def test_refusals_and_release_are_audited(officer):
    funded(officer, "140000", 500)
    reserve(officer, "wait", {"province": 600}, region="140105")
    reserve(officer, "no", {"province": 600}, region="140105", excess="reject", day=3)
    services.claim_release(actor=officer, reference="wait", reason="撤回")
    actions = _actions()
    assert {"ledger.claim.wait", "ledger.claim.reject", "ledger.claim.release"} <= set(actions)
    wait = AuditEvent.objects.get(action="ledger.claim.wait")
    assert wait.data["reason_code"] == "insufficient_funds" and wait.data["to"] == "queued"


@pytest.mark.django_db
def test_a_fail_result_for_a_line_paid_meanwhile_is_refused_not_reported_as_failed(officer):
    """The compare-and-swap of a failed result used to ignore its row count: a line another
    import had just paid was reported `failed` and audited so, while it stayed paid."""
    funded(officer, "140000", 10_000, region="140100")
    reserve(officer, "r1", {"province": 3_000})
    batch = services.batch_create(
        actor=officer, payer_region="140100", cadence="monthly", period="2026-05"
    )
    services.batch_export(actor=officer, batch=batch)
    line = batch.lines.get()
    stale = PaymentLine.objects.get(pk=line.pk)  # read as exported ...
    services.settle_line(actor=officer, line=line, status="paid")  # ... paid by someone else
    with pytest.raises(Conflict) as exc:
        payments._settle(officer, [payments.Result(stale, "failed", reason="账户已销户")], {})
    assert exc.value.code == CoreCode.STALE_STATUS
    line.refresh_from_db()
    assert line.status == L.PAID and line.failure_reason == ""
    assert not AuditEvent.objects.filter(action="ledger.line.fail").exists()
    assert ledger_verify().ok


@pytest.mark.django_db
def test_releasing_more_cap_than_was_consumed_is_refused_and_changes_nothing(officer):
    pool = funded(officer, "140000", 10_000)
    cap = [{"key": "applicant:A", "limit_fen": 5_000}]
    reserve(officer, "c1", {"province": 700}, region="140105", caps=cap, family="ningxia")
    CapCounter.objects.update(used_fen=F("used_fen") - 500)  # the counter lost track
    with pytest.raises(Conflict) as exc:
        services.claim_release(actor=officer, reference="c1", reason="撤回")
    assert exc.value.code == Code.CAP_UNDERFLOW
    assert Claim.objects.get(reference="c1").status == Claim.Status.RESERVED
    assert CapCounter.objects.get().used_fen == 200 and available(pool) == 9_300
    assert account(pool, Purpose.AVAILABLE).debits_pending == 700


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "step",
    [
        lambda: caps.caps_consume(family="f", year=2026, caps=[], amount_fen=1),
        lambda: caps.caps_release(family="f", year=2026, caps=[], amount_fen=1),
        lambda: queue.queue_serve(actor=None, budgets=[]),
    ],
    ids=["caps_consume", "caps_release", "queue_serve"],
)
def test_sub_steps_refuse_to_run_outside_a_service_transaction(step):
    with pytest.raises(OutsideTransaction, match="inside the transaction"):
        step()
