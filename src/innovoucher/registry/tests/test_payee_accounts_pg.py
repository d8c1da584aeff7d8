"""PostgreSQL, real threads: the receiving account changes (a change filing approved) while the
batch is exported, a second batch is made and the bank's results are imported several times at
once. Whatever the interleaving, the claim is ordered to the bank at most once and paid once."""

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.core.errors import DomainError
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import ClaimShare, PaymentBatch, PaymentLine, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import at, funded, result_csv
from innovoucher.ledger.tests.test_concurrency_pg import run_concurrently
from innovoucher.registry import services
from innovoucher.registry.models import ChangeFiling
from innovoucher.registry.payees import payee_ref
from innovoucher.registry.tests.conftest import pdf, register
from testsupport import make_user

pytestmark = [pytest.mark.postgres]
L = PaymentLine.Status


def _bank(name, number):
    return {
        "bank_name": "中国工商银行绍兴越城支行",
        "bank_account_name": name,
        "bank_account_number": number,
    }


@pytest.fixture
def setting(transactional_db):
    sysadmin = make_user("sysadmin-pg", Role.SYSTEM_ADMIN)
    reviewer_org = services.organisation_create_official(
        actor=sysadmin, kind="gov_county", name="越城区科技局PG", region_code="330602"
    )
    reviewer = make_user(
        "yc-pg-reviewer", grants=[(Role.COUNTY_REVIEWER, "330602")], organisation=reviewer_org
    )
    finance = make_user("fin-pg-sx", grants=[(Role.FINANCE_OFFICER, "330600")])
    name = "越城并发测试有限公司"
    org = register("330602", name=name, **_bank(name, "1211000000000000001"))
    services.registration_review(actor=reviewer, organisation=org, action="approve")
    org.refresh_from_db()
    funded(finance, "330600", 10_000_000)
    ledger.claim_reserve(
        actor=finance,
        reference="redemption:PG-1",
        region_code="330602",
        fiscal_year=2026,
        shares={"city": 300_000},
        payee=ledger.Payee("applicant", org.name, ref=payee_ref(org)),
        completed_at=at(1),
    )
    batch = ledger.batch_create(
        actor=finance, payer_region="330600", cadence="monthly", period="2026-05"
    )
    filing = services.filing_submit(
        actor=org.role_assignments.get().user,
        organisation=org,
        values=_bank(name, "1211000000000000002"),
        reason="更换基本户",
        evidence=pdf(),
    )
    return finance, reviewer, org, batch, filing


def _export(finance, batch):
    return ledger.batch_export(actor=finance, batch=PaymentBatch.objects.get(pk=batch.pk))


def test_an_account_change_mid_batch_never_pays_a_line_twice(setting):
    finance, reviewer, org, batch, filing = setting

    def act(i):
        if i % 3 == 0:
            return _export(finance, batch).content
        if i % 3 == 1:
            return services.filing_review(
                actor=reviewer, filing=ChangeFiling.objects.get(pk=filing.pk), action="approve"
            )
        try:
            later = ledger.batch_create(
                actor=finance, payer_region="330600", cadence="monthly", period="2026-06"
            )
        except DomainError as exc:  # nothing payable: the claim sits in the first batch
            return exc
        return _export(finance, later).content

    results = run_concurrently(act, count=12)
    unexpected = [
        r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)
    ]
    assert not unexpected, unexpected
    files = {r for i, r in enumerate(results) if i % 3 == 0 and isinstance(r, bytes)}
    assert len(files) == 1, "every download of the first batch is the same file"
    # if the change was still under review at export, the line was held: a later batch pays it
    if not PaymentLine.objects.filter(status=L.EXPORTED).exists():
        later = ledger.batch_create(
            actor=finance, payer_region="330600", cadence="monthly", period="2026-07"
        )
        _export(finance, later)
    ordered = PaymentLine.objects.filter(claim__reference="redemption:PG-1", status=L.EXPORTED)
    assert ordered.count() == 1, "one payment order for the claim, whatever the interleaving"
    line = ordered.get()
    live_batch = line.batch

    def settle(i):
        return ledger.batch_import_results(
            actor=finance, batch=live_batch, filename="r.csv", content=result_csv(live_batch)
        )

    run_concurrently(settle, count=4)
    assert Transfer.objects.filter(code="pay", reference="redemption:PG-1").count() == 1
    assert set(ClaimShare.objects.values_list("status", flat=True)) == {"paid"}
    assert PaymentLine.objects.filter(status=L.PAID).count() == 1
    assert ChangeFiling.objects.get(pk=filing.pk).status == "approved"
    assert ledger_verify().ok
