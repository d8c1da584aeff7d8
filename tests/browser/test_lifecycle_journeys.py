"""One journey per seed policy in a real Chromium, from the firm's first click in the 服务机构
directory to the paid payment line, each person logging in through the login page:

    order (with the claimed voucher where the policy deducts at checkout — Shaoxing; through the
    standard contract the platform's agency approves — Ningxia) → acceptance, delivery,
    settlement → a call published where the policy takes applications only within one (Shanxi,
    Urumqi) → redemption by the party the policy names, with documents and invoice (+ the
    provider's confirmation in Shanxi) → every official of the review chain from their queue (a
    return for correction with resubmission in Shanxi; an objection lodged on the public 公示公告
    page in Urumqi, which reopens review) → `tick --now` after publicity → the finance officer's
    payment batch (create, export, import the bank's result) → `tick` → 已拨付 on the redemption
    page.

Plus a Shanxi refusal for budget exhaustion (兑完为止), driven through the services (see the test).
The clock is `innovoucher.core.clock`'s module-level override, shared with the live server thread.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from innovoucher.core import clock
from innovoucher.ledger.models import Claim
from innovoucher.orders.models import Order
from innovoucher.orders.policy import contract_review
from innovoucher.policies.services import engine_version, policy_version_for
from innovoucher.redemptions.domain import needs_call
from innovoucher.redemptions.models import PublicityItem, Redemption, ReviewStep
from innovoucher.redemptions.services.payment import redemption_claims
from innovoucher.redemptions.states import RedemptionStatus as RS
from innovoucher.workdays.services import deadline_after
from testsupport.world import START, build_world, fund, make_user

from .lifecycle_pages import Pages, at, tick

pytestmark = pytest.mark.browser
Y = 100  # fen per yuan

# What differs per policy, as the journey tests of the simulation app expect it.
PLAN = {
    "shanxi": {
        "claim_voucher": False,
        "deducts": False,
        "claimant": "firm",
        "publisher": "province",
        "window": "notice",
        "chain": ["city", "province"],
        "subsidy": "¥50,000.00",
    },
    "shaoxing": {
        "claim_voucher": True,
        "deducts": True,
        "claimant": "provider",
        "publisher": None,
        "window": None,
        "chain": ["county"],
        "subsidy": "¥50,000.00",
    },
    "urumqi": {
        "claim_voucher": False,
        "deducts": False,
        "claimant": "firm",
        "publisher": "city",
        "window": "notice",
        "chain": ["county", "expert", "meeting"],
        "subsidy": "¥50,000.00",
    },
    "liaocheng": {
        "claim_voucher": False,
        "deducts": False,
        "claimant": "firm",
        "publisher": None,  # art. 17 每月兑付一次: applications any time, no call window
        "window": None,
        "chain": ["county", "city", "province"],
        "subsidy": "¥90,000.00",
    },
    "ningxia": {
        "claim_voucher": False,
        "deducts": True,
        "claimant": "provider",
        "publisher": None,
        "window": None,
        "contract_reviewer": "agency",  # 第3步: 平台管理机构审核并生成创新券
        "chain": ["agency"],  # 第5—6步: the agency confirms within 7 working days
        "subsidy": "¥50,000.00",
    },
}


@pytest.fixture
def lifecycle_env(transactional_db):
    from innovoucher.policies.services import policy_directory_import
    from innovoucher.workdays.services import (
        calendar_seed_chinesecalendar,
        work_calendar_invalidate,
    )

    policy_directory_import(actor=None)
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


def _version(family: str, day: dt.date):
    return engine_version(policy_version_for(family_slug=family, on=day))


def _pending(redemption) -> ReviewStep | None:
    return ReviewStep.objects.filter(redemption=redemption, status="pending").first()


def _review_all(ui: Pages, world, r: Redemption, day: dt.date, *, screens: str = "") -> dt.date:
    """Each official of the pinned chain approves from their queue, one working step a day."""
    step = _pending(r)
    while step is not None:
        day += dt.timedelta(days=1)
        with at(day):
            ui.login(world.officials[step.level])
            ui.decide(r, label=f"{screens}queue-{step.level}")
        r.refresh_from_db()
        if r.status != RS.IN_REVIEW:
            break
        step = _pending(r)
    return day


def _publicity_end(r: Redemption, day: dt.date) -> dt.date:
    item = PublicityItem.objects.filter(redemption=r).order_by("-id").first()
    return max(day, item.publicity.ends_on) if item else day


def journey(family: str, page, live_server, tmp_path, shot, newcomer=None) -> Redemption:
    """The policy's journey; `newcomer(ui, world)`, when given, replaces the world's firm by one
    a new user registers and qualifies through the pages before the journey starts."""
    plan, base = PLAN[family], live_server.url
    day = START[family]
    with at(day):
        world = build_world(family)
    ui = Pages(page, base, tmp_path, shot)
    if newcomer is not None:
        with at(day):
            newcomer(ui, world)
    firm, provider = world.applicant_user, world.provider_user
    amount = "100000.00"

    # 0. The scheduler issues the yearly quota (Urumqi 免申即享) / membership right (Liaocheng).
    tick(day)
    day += dt.timedelta(days=1)

    # 1. The firm orders from the provider's page in the directory (claims its voucher first where
    #    the policy deducts at checkout); Ningxia: the standard contract, approved by the official
    #    the policy names for it (process.contract_review: the platform's professional agency).
    with at(day):
        ui.login(firm)
        if plan["claim_voucher"]:
            ui.claim_voucher()
            shot("voucher-claimed")
        ui.place_order(world, amount=amount, use_voucher=plan["claim_voucher"])
        order = Order.objects.get(client=world.applicant)
        if family == "ningxia":
            ui.fill_contract()
            shot("contract-submitted")
            reviewer = contract_review(_version(family, day))[0]["level"]
            assert reviewer == plan["contract_reviewer"], reviewer
            ui.login(world.officials[reviewer])
            ui.approve_contract()
            shot("contract-approved")
        # 2. The provider accepts ...
        ui.login(provider)
        ui.open_order()
        ui.order_button("确认接单", "服务中")
    day += dt.timedelta(days=14)
    with at(day):
        # ... and delivers; the firm settles, seeing the deduction where there is one.
        ui.login(provider)
        ui.open_order()
        ui.order_button("服务完成", "服务已完成")
        ui.login(firm)
        ui.open_order()
        if plan["deducts"]:
            expect(page.locator("main")).to_contain_text("结算时预计抵扣")
            expect(page.locator("main")).to_contain_text("¥50,000.00")
        else:
            expect(page.locator("main")).to_contain_text("委托方全额支付")
        shot("before-settle")
        ui.order_button("结算付款", "已结算")
        if plan["deducts"]:
            expect(page.locator("table.amounts")).to_contain_text("创新券抵扣")
        shot("settled")
    order.refresh_from_db()
    assert order.status == "settled" and order.deduction_fen == (
        50_000 * Y if plan["deducts"] else 0
    )
    delivered_on = order.delivered_on

    # 3. Where the policy accepts applications only inside a published call's window (per notice),
    #    the official publishes the call; elsewhere (Liaocheng's monthly payments included) the
    #    claimant applies at any time. The claimant the policy names applies with documents and
    #    invoice; the provider confirms (Shanxi).
    day += dt.timedelta(days=1)
    with at(day):
        call_needed = needs_call(_version(family, day))
        assert call_needed == (plan["window"] == "notice"), (family, call_needed)
        if call_needed:
            ui.login(world.officials[plan["publisher"]])
            ui.publish_call(family, day)
        claimant = firm if plan["claimant"] == "firm" else provider
        ui.login(claimant)
        ui.apply(
            order,
            invoice_number=f"2614{order.pk:016d}",
            amount=amount,
            issued_on=delivered_on,
            claimant_kind="applicant" if plan["claimant"] == "firm" else "provider",
        )
        shot("applied")
        r = Redemption.objects.get(order=order)
        expect(page.locator("[data-testid=subsidy]")).to_have_text(plan["subsidy"])
        if r.status == RS.AWAITING_CONFIRMATION:
            ui.login(provider)
            ui.confirm_service(r)
            shot("confirmed")
    r.refresh_from_db()
    assert r.status == RS.IN_REVIEW
    assert [s.level for s in r.steps.order_by("position")] == plan["chain"]
    if family == "ningxia":  # 第6步: the agency confirms within 7 working days of receipt
        first = r.steps.order_by("position").first()
        assert first.due_on == deadline_after(day, 7, "working"), first.due_on
    assert r.claimant_kind == ("applicant" if plan["claimant"] == "firm" else "provider")

    # 4. The review chain. Shanxi: the city returns once, the firm resubmits.
    if family == "shanxi":
        day += dt.timedelta(days=1)
        with at(day):
            ui.login(world.officials["city"])
            ui.decide(
                r,
                action="return",
                reasons="服务结果报告未加盖检测机构公章，请补正",
                label="return-",
            )
            r.refresh_from_db()
            assert r.status == RS.RETURNED
        day += dt.timedelta(days=1)
        with at(day):
            ui.login(firm)
            ui.resubmit(r)
            shot("resubmitted")
        r.refresh_from_db()
        assert r.status == RS.IN_REVIEW and r.round == 2
    day = _review_all(ui, world, r, day)
    r.refresh_from_db()
    assert r.status in (RS.PUBLICITY, RS.APPROVED, RS.PAYABLE), r.status

    # Urumqi: someone objects on the public 公示公告 page; review reopens; the officials re-approve.
    if family == "urumqi":
        item = PublicityItem.objects.get(redemption=r)
        day = max(day, item.publicity.starts_on)
        with at(day):
            citizen = make_user(f"urumqi-citizen-{r.pk}")
            ui.login(citizen)
            ui.object_in_publicity(r)
        r.refresh_from_db()
        assert r.status == RS.IN_REVIEW, "an objection reopens review"
        day = _review_all(ui, world, r, day, screens="again-")
        r.refresh_from_db()
        assert r.status == RS.PUBLICITY

    # 5. The scheduler closes publicity and issues the 批复 (money reserved) ...
    day = _publicity_end(r, day) + dt.timedelta(days=1)
    tick(day)
    tick(day)  # idempotent
    r.refresh_from_db()
    assert r.status == RS.PAYABLE, r.status
    # ... and each payer's finance officer pays this month's batch in the browser.
    # Every claim of the application (Liaocheng: the province's share is its own claim, ADR 0023).
    payers = sorted(
        {s.budget.region_code for claim in redemption_claims(r) for s in claim.shares.all()}
    )
    officers = {
        world.province: world.finance["province"],
        world.city: world.finance["city"],
        world.county: world.finance["county"],
    }
    day += dt.timedelta(days=3)
    for region in payers:
        with at(day):
            ui.login(officers[region])
            ui.pay_batch(region, f"{day.year}-{day.month:02d}", tmp_path)
            shot(f"batch-{region}")

    # 6. Tick again; the claimant sees 已拨付.
    tick(day + dt.timedelta(days=1))
    with at(day + dt.timedelta(days=1)):
        ui.login(claimant)
        ui.open_redemption(r)
        expect(page.locator("h1")).to_contain_text("已拨付")
        expect(page.locator(".payment-panel")).to_be_visible()
        shot("paid")
    r.refresh_from_db()
    assert r.status == RS.PAID
    assert all(c.status == "paid" for c in redemption_claims(r))
    return r


@pytest.mark.parametrize("family", ["shanxi", "shaoxing", "urumqi", "liaocheng", "ningxia"])
def test_policy_journey_from_order_to_paid(
    family, live_server, lifecycle_env, page, shot, tmp_path
):
    r = journey(family, page, live_server, tmp_path, shot)
    if family == "shanxi":
        assert r.changes.filter(action="return").exists()
        assert r.shares == {"province": 25_000 * Y, "city": 25_000 * Y}
    if family in ("shaoxing", "ningxia"):
        assert r.payee_kind == "provider"


def test_shanxi_budget_exhausted_refusal_shown_on_page(
    live_server, lifecycle_env, page, shot, tmp_path
):
    """兑完为止: the funders' budgets hold less than the shares. Driven through the services (the
    same steps the browser journey takes above); the firm reads the refusal and its reason on the
    page."""
    from innovoucher.simulation.journey import Cast, Journey

    day = START["shanxi"]
    with at(day):
        world = build_world("shanxi", funded=False)
        fund(world, amount_fen=10_000 * Y)  # less than the 25,000 yuan share
    j = Journey(
        Cast(
            family="shanxi",
            client=world.applicant,
            client_user=world.applicant_user,
            provider=world.provider,
            provider_user=world.provider_user,
            officials=world.officials,
            finance=world.finance,
        )
    )
    with at(day):
        j.place(world.service)
        j.accept()
    day += dt.timedelta(days=14)
    with at(day):
        j.deliver()
        j.settle()
    day += dt.timedelta(days=1)
    with at(day):
        j.ensure_call(world.officials["province"])
        j.apply()
    while j.pending_step() is not None and j.redemption.status == RS.IN_REVIEW:
        day += dt.timedelta(days=1)
        with at(day):
            j.review_once()
    day = _publicity_end(j.refresh(), day) + dt.timedelta(days=1)
    tick(day)
    r = j.refresh()
    assert r.status == RS.REJECTED
    with at(day):
        ui = Pages(page, live_server.url, tmp_path, shot)
        ui.login(world.applicant_user)
        ui.open_redemption(r)
        expect(page.locator("h1")).to_contain_text("不予支持")
        expect(page.locator("main")).to_contain_text(re.compile("兑完|预算"))
        shot("refused")
