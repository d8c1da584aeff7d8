"""Real concurrency on PostgreSQL: 32 threads, each with its own connection, at the same moment.

A read-then-write budget overspends under this load; conditional updates must commit exactly
the budget, queue every refused approval with its reason, hold caps, and pay each line once.
"""

import threading

import pytest
from django.db import connection

from innovoucher.accounts.roles import Role
from innovoucher.ledger import services
from innovoucher.ledger.models import CapCounter, Claim, ClaimShare, PaymentLine, Purpose, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.services import payments
from innovoucher.ledger.tests.helpers import account, at, available, funded, result_csv
from testsupport import make_user

pytestmark = [pytest.mark.postgres]
WORKERS = 32


def run_concurrently(fn, count=WORKERS) -> list:
    """Run fn(i) in `count` threads released together; returns results or exceptions."""
    barrier, results = threading.Barrier(count), [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted by the test (SystemExit too)
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.fixture
def officer(transactional_db):
    return make_user("fin_pg", grants=[(Role.FINANCE_OFFICER, r) for r in ("140000", "640000")])


def _claim(officer, i, shares, region, **kwargs):
    return services.claim_reserve(
        actor=officer,
        reference=f"redemption:{i}",
        region_code=region,
        fiscal_year=2026,
        shares=shares,
        payee=services.Payee("applicant", f"企业{i}", "6222****0001"),
        completed_at=at(1, minute=i % 60),
        **kwargs,
    )


def test_32_approvals_commit_exactly_the_budget_and_queue_the_rest(officer):
    budget = funded(officer, "640000", 10 * 1_000_00)
    results = run_concurrently(
        lambda i: _claim(officer, i, {"province": 1_000_00}, "640104").status
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    claims = Claim.objects.all()
    reserved = [c for c in claims if c.status == Claim.Status.RESERVED]
    queued = [c for c in claims if c.status == Claim.Status.QUEUED]
    assert len(reserved) == 10 and len(queued) == WORKERS - 10
    assert sum(c.amount_fen for c in reserved) == 10 * 1_000_00
    assert (
        available(budget) == 0
        and account(budget, Purpose.AVAILABLE).debits_pending == 10 * 1_000_00
    )
    assert all(c.reason and c.reason_code in ("insufficient_funds", "queue_ahead") for c in queued)
    assert ledger_verify().ok


def test_multi_funder_approvals_never_overspend_the_tighter_budget(officer):
    prov = funded(officer, "140000", 100 * 1_000_00, region="140100")
    city = funded(officer, "140100", 7 * 500_00)
    results = run_concurrently(
        lambda i: _claim(officer, i, {"province": 500_00, "city": 500_00}, "140105").status
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Claim.objects.filter(status="reserved").count() == 7
    assert ClaimShare.objects.filter(status="reserved").count() == 14, (
        "no claim reserved one share without the other"
    )
    assert (available(city), available(prov)) == (0, 100 * 1_000_00 - 7 * 500_00)
    assert Claim.objects.filter(status="queued").count() == WORKERS - 7
    assert ledger_verify().ok


def test_32_approvals_cannot_pass_a_per_applicant_cap_together(officer):
    funded(officer, "640000", 100 * 1_000_00)
    cap = [{"key": "applicant:9164000012345678X", "limit_fen": 5 * 1_000_00}]
    results = run_concurrently(
        lambda i: (
            _claim(officer, i, {"province": 1_000_00}, "640104", caps=cap, family="ningxia").status
        )
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Claim.objects.filter(status="reserved").count() == 5
    refused = Claim.objects.exclude(status="reserved")
    assert refused.count() == WORKERS - 5 and all(
        c.reason_code == "cap_exceeded" and "上限" in c.reason for c in refused
    )
    assert CapCounter.objects.get().used_fen == 5 * 1_000_00
    assert ledger_verify().ok


def test_a_worker_killed_mid_payment_leaves_no_half_payment_and_reruns_pay_once(
    officer, monkeypatch
):
    funded(officer, "140000", 100 * 1_000_00, region="140100")
    funded(officer, "140100", 100 * 1_000_00)
    for i in range(8):
        _claim(officer, i, {"province": 1_000_00, "city": 1_000_00}, "140105")
    batch = services.batch_create(
        actor=officer, payer_region="140100", cadence="monthly", period="2026-05"
    )
    services.batch_export(actor=officer, batch=batch)
    content = result_csv(batch)
    real, calls, lock = payments.transfers_execute_many, [], threading.Lock()

    def killed_after_the_transfers(specs, **kwargs):
        result = real(specs, **kwargs)  # all 16 pay transfers written, no share or line moved
        with lock:
            calls.append(len(specs))
        raise SystemExit("worker killed between the transfers and the status moves")
        return result

    monkeypatch.setattr(payments, "transfers_execute_many", killed_after_the_transfers)
    died = run_concurrently(
        lambda i: services.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=content
        ),
        count=1,
    )
    assert isinstance(died[0], SystemExit) and calls == [16]
    assert not Transfer.objects.filter(code="pay").exists(), "the killed import left nothing"
    _assert_no_half_payment(batch)
    monkeypatch.setattr(payments, "transfers_execute_many", real)
    run_concurrently(
        lambda i: services.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=content
        ),
        count=4,
    )
    assert PaymentLine.objects.filter(batch=batch, status="paid").count() == 8
    assert Transfer.objects.filter(code="pay").count() == 16
    assert Transfer.objects.filter(code="pay").values("key").distinct().count() == 16
    _assert_no_half_payment(batch)
    assert ledger_verify().ok


def _assert_no_half_payment(batch):
    for line in PaymentLine.objects.filter(batch=batch):
        paid = Transfer.objects.filter(code="pay", reference=line.claim.reference).count()
        assert paid in (0, 2), f"{line.code}: {paid} of 2 shares paid"
        assert (line.status == "paid") == (paid == 2)
