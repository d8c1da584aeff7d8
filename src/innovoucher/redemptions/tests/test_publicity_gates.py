"""Liaocheng art. 17 / 20: the publicity gates only the city's share (`process.publicity.gates:
[city]`). The province's share is a claim of its own, reserved when the review chain has passed
(省科技厅确认) and paid in the province's batch while the list runs; the city's is reserved after
the list closes without objection and paid by the city. Each share is paid once, no budget is
overspent, and an application that ends without money gives back what was reserved for it.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL (`test_publicity_gates_pg.py` races it)."""

import datetime as dt

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import Budget, Claim, ClaimShare, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import result_csv
from innovoucher.policies.services import engine_version
from innovoucher.redemptions.services import review, steps
from innovoucher.redemptions.services.payment import (
    early_levels,
    payment_recover,
    payment_status,
    redemption_claims,
)
from innovoucher.redemptions.services.publicity import objection_submit
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import make_user
from testsupport.world import START

pytestmark = pytest.mark.django_db

PROVINCE, CITY = "370000", "371500"


def _pay(world, level: str, payer: str, period: str):
    officer = world.finance[level]
    batch = ledger.batch_create(
        actor=officer, payer_region=payer, cadence="per_notice", period=period
    )
    ledger.batch_export(actor=officer, batch=batch)
    ledger.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
    )
    return batch


def _available(region: str, year: int) -> int:
    budget = Budget.objects.get(funder_region=region, region_code=region, fiscal_year=year)
    return budget.accounts.get(purpose="available").spendable_fen


def _paid_transfers(reference_prefix: str) -> int:
    return Transfer.objects.filter(code="pay", reference__startswith=reference_prefix).count()


def test_liaocheng_gates_only_the_city():
    world = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        version = engine_version(redemption_in_review(world).policy_version)
    assert version.process["publicity"].value["gates"] == ["city"]
    assert early_levels(version) == {"province", "county"}
    with clock.frozen_now(START["ningxia"]):  # no publicity: nothing is reserved early
        ningxia = world_for("ningxia")
        assert early_levels(engine_version(redemption_in_review(ningxia).policy_version)) == set()


def test_province_share_is_paid_during_publicity_the_city_share_only_after_it():
    world = world_for("liaocheng")
    year = START["liaocheng"].year
    with clock.frozen_now(START["liaocheng"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=900_000))
        assert r.status == S.PUBLICITY
        assert r.shares == {"province": 450_000, "city": 450_000}
        claims = redemption_claims(r)
        assert [c.reference for c in claims] == [f"redemption:{r.number}:province"]
        assert claims[0].status == Claim.Status.RESERVED and claims[0].amount_fen == 450_000
        panel = payment_status(r)
        assert [(s.level, s.status) for s in panel.shares] == [
            ("province", "reserved"),
            ("city", "waiting"),
        ]
        assert (
            panel.amount_fen == 900_000 and panel.shares[1].status_label == "待公示期满无异议后预留"
        )
        # The province pays its share while the list is still running …
        _pay(world, "province", PROVINCE, "通知-省-1")
        # … and the city has nothing to pay yet: its money waits for the publicity.
        with pytest.raises(ValidationFailed) as nothing:
            ledger.batch_create(
                actor=world.finance["city"],
                payer_region=CITY,
                cadence="per_notice",
                period="通知-市-0",
            )
        assert nothing.value.code == "nothing_to_pay"
    r.refresh_from_db()
    assert r.status == S.PUBLICITY
    assert redemption_claims(r)[0].status == Claim.Status.PAID
    end = r.publicity_items.get().publicity.ends_on
    tick(end + dt.timedelta(days=1))
    r.refresh_from_db()
    assert r.status == S.PAYABLE and r.claim_reference == f"redemption:{r.number}"
    status = payment_status(r)
    assert [(s.level, s.status) for s in status.shares] == [
        ("province", "paid"),
        ("city", "reserved"),
    ]
    assert status.amount_fen == 900_000
    with clock.frozen_now(end + dt.timedelta(days=2)):
        # The province has nothing left to pay for it: no second payment of its share.
        with pytest.raises(ValidationFailed):
            ledger.batch_create(
                actor=world.finance["province"],
                payer_region=PROVINCE,
                cadence="per_notice",
                period="通知-省-2",
            )
        _pay(world, "city", CITY, "通知-市-1")
    tick(end + dt.timedelta(days=3))
    r.refresh_from_db()
    assert r.status == S.PAID
    assert _paid_transfers(f"redemption:{r.number}") == 2  # one per share, each once
    assert _available(PROVINCE, year) == 100_000_000 - 450_000
    assert _available(CITY, year) == 100_000_000 - 450_000
    assert ledger_verify().ok
    with clock.frozen_now(end + dt.timedelta(days=5)):
        r = payment_recover(
            actor=world.officials["city"], redemption=r, reasons=["经查合同弄虚作假"]
        )
    assert r.status == S.RECOVERED and payment_status(r).recovered_fen == 900_000
    assert _available(PROVINCE, year) == _available(CITY, year) == 100_000_000
    assert ledger_verify().ok


def test_an_upheld_objection_and_a_rejection_give_the_unpaid_province_share_back():
    world = world_for("liaocheng")
    year = START["liaocheng"].year
    with clock.frozen_now(START["liaocheng"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=600_000))
    assert _available(PROVINCE, year) == 100_000_000 - 300_000
    item = r.publicity_items.get()
    with clock.frozen_now(item.publicity.starts_on):
        objection_submit(
            actor=make_user("lc-citizen"),
            item=item,
            objector_name="王五",
            contact="13900001234",
            grounds="该企业与服务机构存在关联关系，合同金额明显虚高。",
        )
        r.refresh_from_db()
        assert r.status == S.IN_REVIEW
        # Re-deliberation pending: the province's reservation is untouched meanwhile.
        assert redemption_claims(r)[0].status == Claim.Status.RESERVED
        pending = steps.pending_step(r)
        r = review.review_decide(
            actor=world.officials[pending.level],
            step=pending,
            action="reject",
            reasons=["经核查存在关联关系，不予支持"],
        )
    assert r.status == S.REJECTED
    assert Claim.objects.get(reference=f"redemption:{r.number}:province").status == "released"
    assert _available(PROVINCE, year) == 100_000_000
    assert not Claim.objects.filter(reference=f"redemption:{r.number}").exists()
    assert ledger_verify().ok


def test_a_reduced_re_deliberation_replaces_the_unpaid_province_claim():
    world = world_for("liaocheng")
    year = START["liaocheng"].year
    with clock.frozen_now(START["liaocheng"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=600_000))
    item = r.publicity_items.get()
    with clock.frozen_now(item.publicity.starts_on):
        objection_submit(
            actor=make_user("lc-citizen-2"),
            item=item,
            objector_name="王五",
            contact="13900001234",
            grounds="合同金额明显虚高，请核减。",
        )
        r.refresh_from_db()
        pending = steps.pending_step(r)
        r = review.review_decide(
            actor=world.officials[pending.level],
            step=pending,
            action="approve",
            opinion="核减",
            amount="4000.00",
        )
    r.refresh_from_db()
    assert r.status == S.PUBLICITY and r.subsidy_fen == 400_000
    old = Claim.objects.get(reference=f"redemption:{r.number}:province")
    new = Claim.objects.get(reference=f"redemption:{r.number}:province:2")
    assert old.status == "released" and new.status == "reserved" and new.amount_fen == 200_000
    assert redemption_claims(r) == [new]
    assert _available(PROVINCE, year) == 100_000_000 - 200_000
    assert ledger_verify().ok


def test_a_short_province_budget_queues_the_province_share_and_the_redemption_waits_for_it():
    world = world_for("liaocheng", funded=False)
    year = START["liaocheng"].year
    with clock.frozen_now(START["liaocheng"]):
        for level, region, amount in (("province", PROVINCE, 100_000), ("city", CITY, 10_000_000)):
            officer = world.finance.get(level) or make_user(
                f"lc-fin-{level}", Role.FINANCE_OFFICER, region
            )
            world.finance[level] = officer
            budget = ledger.budget_open(actor=officer, funder_region=region, fiscal_year=year)
            ledger.budget_appropriate(
                actor=officer, budget=budget, amount_fen=amount, reference=f"预算-{region}"
            )
        r = pass_review(world, redemption_in_review(world, subsidy_fen=600_000))
        early = redemption_claims(r)[0]
        assert early.status == Claim.Status.QUEUED  # 3,000 元 asked, 1,000 元 available
    end = r.publicity_items.get().publicity.ends_on
    tick(end + dt.timedelta(days=1))
    r.refresh_from_db()
    assert r.status == S.QUEUED  # the city's share is reserved, the province's still waits
    assert ClaimShare.objects.get(claim__reference=f"redemption:{r.number}").status == "reserved"
    assert _available(PROVINCE, year) == 100_000  # never overspent
    with clock.frozen_now(end + dt.timedelta(days=2)):
        budget = Budget.objects.get(funder_region=PROVINCE, fiscal_year=year)
        ledger.budget_appropriate(
            actor=world.finance["province"],
            budget=budget,
            amount_fen=1_000_000,
            reference="追加-省",
        )
    tick(end + dt.timedelta(days=2))
    r.refresh_from_db()
    assert r.status == S.PAYABLE
    assert _available(PROVINCE, year) == 1_100_000 - 300_000
    assert ledger_verify().ok
