"""A year of each seed scheme, simulated through the services (`innovoucher demo`, after the
registry, provider and ledger steps): for every policy, firms order services from admitted
providers, settle (with one-click deduction where the policy deducts at checkout), rate, apply
for redemption, and officials review, publicise, approve and pay — with the clock moved day by
day through 2026 (Liaocheng in January 2026, before its policy lapsed on 2026-01-25).

Journeys stop at different steps, so the platform opens with real queues: paid applications
(one with a bank line that bounced and was paid the month after, one with funds recovered),
approved ones waiting for payment, items on a publicity list open today, applications waiting
for review, one returned for correction, orders not yet applied for. Idempotent: a journey whose
order exists (its key is in the order subject) is not run again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import DomainError
from innovoucher.orders.models import Order
from innovoucher.orders.services import contracts
from innovoucher.policies.services import policy_version_for
from innovoucher.providers.models import Service
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.services import payment as payments
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.registry.models import Organisation
from innovoucher.simulation.journey import Cast, Journey, moment, pay_batch, tick
from innovoucher.vouchers.quoting import purchase_quote

log = logging.getLogger(__name__)
D = dt.date

# (journey key, enterprise number, start day, stop after, contract amount, return once?)
PLANS = {
    "shanxi": [
        ("A", 1, D(2026, 3, 2), "paid", "120000.00", False),
        ("B", 2, D(2026, 4, 7), "paid", "86000.00", True),
        ("C", 3, D(2026, 6, 1), "paid", "240000.00", False),
        ("D", 4, D(2026, 10, 12), "payable", "60000.00", False),
        ("E", 1, D(2026, 11, 1), "publicity", "45000.00", False),
        ("F", 2, D(2026, 11, 2), "review", "150000.00", False),
        ("G", 3, D(2026, 11, 3), "returned", "32000.00", False),
        ("H", 4, D(2026, 11, 2), "delivered", "18000.00", False),
    ],
    "shaoxing": [
        ("A", 1, D(2026, 3, 2), "paid", "60000.00", False),
        ("B", 2, D(2026, 5, 11), "paid", "38000.00", False),
        ("C", 3, D(2026, 7, 6), "paid", "120000.00", True),
        ("D", 4, D(2026, 10, 12), "payable", "26000.00", False),
        ("E", 1, D(2026, 11, 1), "publicity", "54000.00", False),
        ("F", 2, D(2026, 11, 2), "review", "72000.00", False),
        ("G", 3, D(2026, 11, 9), "ordered", "15000.00", False),
    ],
    "urumqi": [
        ("A", 1, D(2026, 4, 6), "paid", "80000.00", False),
        ("B", 2, D(2026, 6, 1), "paid", "150000.00", False),
        ("C", 4, D(2026, 8, 3), "paid", "64000.00", True),
        ("D", 1, D(2026, 10, 12), "payable", "40000.00", False),
        ("E", 4, D(2026, 11, 1), "publicity", "90000.00", False),
        ("F", 2, D(2026, 11, 2), "review", "56000.00", False),
    ],
    "liaocheng": [
        ("A", 1, D(2026, 1, 2), "paid", "90000.00", False),
        ("B", 2, D(2026, 1, 4), "paid", "140000.00", False),
        ("C", 3, D(2026, 1, 5), "review", "50000.00", False),
    ],
    "ningxia": [
        ("A", 1, D(2026, 3, 2), "paid", "100000.00", False),
        ("B", 2, D(2026, 4, 13), "paid", "380000.00", True),
        ("C", 3, D(2026, 6, 8), "paid", "56000.00", False),
        ("D", 4, D(2026, 11, 2), "payable", "75000.00", False),
        ("E", 1, D(2026, 11, 5), "review", "120000.00", False),
        ("F", 2, D(2026, 11, 9), "contract", "48000.00", False),
    ],
}
STOPS = ("ordered", "contract", "delivered", "review", "returned", "publicity", "payable", "paid")
PAYER_OFFICERS = {
    "140100": "taiyuan-finance",
    "370000": "shandong-finance",
    "371500": "liaocheng-finance",
    "640000": "ningxia-finance",
    "650100": "urumqi-finance",
    "330602": "shaoxing-finance",
}
LAST_DAY = D(2026, 11, 20)


def _users(family: str) -> dict:
    User = get_user_model()
    names = [f"{family}-{x}" for x in ("county", "city", "province", "operator", "expert", "prov1")]
    names += [f"{family}-ent{n}" for n in range(1, 5)]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _org_of(user, role: Role):
    ids = RoleAssignment.objects.filter(user=user, role=role, active=True).values("organisation_id")
    return Organisation.objects.filter(pk__in=ids).first()


def _eligible_firms(family: str, users: dict, day: dt.date) -> list[str]:
    """The demo firms the policy supports (the registry demo's facts are random): a journey for a
    firm the policy refuses would only show the refusal, which the tests already prove."""
    provider_user = users.get(f"{family}-prov1")
    provider = _org_of(provider_user, Role.PROVIDER_STAFF) if provider_user else None
    row = policy_version_for(family_slug=family, on=day)
    names = []
    for n in range(1, 5):
        user = users.get(f"{family}-ent{n}")
        client = _org_of(user, Role.APPLICANT) if user else None
        if client is None or provider is None or row is None:
            continue
        with _at(day):
            result = purchase_quote(
                version=row,
                client=client,
                provider=provider,
                category="testing",
                amount_fen=5_000_000,
                via_platform=True,
                on=day,
            )
        if result.eligible:
            names.append(f"{family}-ent{n}")
    return names


def _cast(family: str, users: dict, username: str) -> Cast | None:
    client_user, provider_user = users.get(username), users.get(f"{family}-prov1")
    if client_user is None or provider_user is None:
        return None
    officials = {
        "county": users.get(f"{family}-county"),
        "city": users.get(f"{family}-city"),
        "province": users.get(f"{family}-province"),
        "agency": users.get(f"{family}-operator"),
        "expert": users.get(f"{family}-expert"),
        "meeting": users.get(f"{family}-city"),
    }
    return Cast(
        family=family,
        client=_org_of(client_user, Role.APPLICANT),
        client_user=client_user,
        provider=_org_of(provider_user, Role.PROVIDER_STAFF),
        provider_user=provider_user,
        officials=officials,
        finance={},
    )


def _service(cast: Cast) -> Service | None:
    return (
        Service.objects.filter(provider=cast.provider, active=True, category="testing").first()
        or Service.objects.filter(provider=cast.provider, active=True).first()
    )


def _at(day: dt.date, hour: int = 10):
    return clock.frozen_now(moment(day, hour))


def _run(cast: Cast, key: str, start: dt.date, stop: str, amount: str, return_once: bool) -> None:
    service = _service(cast)
    if cast.client is None or cast.provider is None or service is None:
        return
    j = Journey(cast, amount=amount, subject=f"{service.name}（{cast.family}-{key}）")
    day = start
    with _at(day):
        j.obtain_voucher()
        j.place(service)
        if stop == "ordered":
            return
        j.accept()
        if j.family == "ningxia":
            if stop == "contract":  # the contract is filled and waits for the agency's review
                _contract_waiting(j)
                return
            j.contract(return_once=return_once)
    day += dt.timedelta(days=14)
    with _at(day):
        j.deliver()
        j.settle()
        j.rate(5 if key != "C" else 4)
    if stop == "delivered":
        return
    day += dt.timedelta(days=1)
    publisher = cast.officials["province" if cast.family == "shanxi" else "city"]
    with _at(day):
        j.ensure_call(publisher)
        j.apply()
    if stop == "review":
        return
    if return_once or stop == "returned":
        day += dt.timedelta(days=2)
        with _at(day):
            j.review_once("return", reasons=["服务结果报告缺少检测机构盖章页，请补充后重新提交"])
        if stop == "returned":
            return
        day += dt.timedelta(days=2)
        with _at(day):
            j.resubmit()
    while j.pending_step() is not None and j.redemption.status == RedemptionStatus.IN_REVIEW:
        day += dt.timedelta(days=1)
        with _at(day):
            j.review_once()
    if stop == "publicity":
        return
    j.refresh()
    item = j.redemption.publicity_items.order_by("-id").first()
    day = (max(day, item.publicity.ends_on) if item else day) + dt.timedelta(days=1)
    tick(day)
    if stop == "paid":
        _pay(j, day + dt.timedelta(days=5), bounce=return_once and cast.family == "shanxi")


def _pay(j: Journey, day: dt.date, *, bounce: bool) -> None:
    """The payer's finance office pays the approved redemption in a batch (拨付通知); a bounced
    line goes back to the queue and is paid in the next batch a month later."""
    j.refresh()
    payers = {
        share.budget.region_code
        for claim in payments.redemption_claims(j.redemption)
        for share in claim.shares.select_related("budget")
        if share.budget_id
    }
    for region in sorted(payers):
        officer = get_user_model().objects.filter(username=PAYER_OFFICERS.get(region, "")).first()
        if officer is None:
            continue
        period = f"{day.isoformat()} {j.subject[-12:]}"
        pay_batch(officer, region, day, fail_first=bounce, cadence="per_notice", period=period)
        if bounce:
            later = day + dt.timedelta(days=30)
            pay_batch(
                officer,
                region,
                later,
                cadence="per_notice",
                period=f"{later.isoformat()} {j.subject[-12:]}（重付）",
            )
    tick(day + dt.timedelta(days=31 if bounce else 1))


def _contract_waiting(j: Journey) -> None:
    data = contracts.contract_initial(j.order)
    data.deliverables = data.deliverables or "检测报告一份；验收标准：出具加盖CMA章的检测报告"
    contract = contracts.contract_save(actor=j.cast.client_user, order=j.order, data=data)
    contracts.contract_submit(actor=j.cast.client_user, contract=contract)


def _journeys(progress) -> None:
    for family, plans in PLANS.items():
        users = _users(family)
        firms = _eligible_firms(family, users, plans[0][2])
        for key, n, start, stop, amount, return_once in plans:
            cast = _cast(family, users, firms[(n - 1) % len(firms)]) if firms else None
            if (
                cast is None
                or Order.objects.filter(subject__endswith=f"（{family}-{key}）").exists()
            ):
                progress.advance()
                continue
            try:
                _run(cast, key, start, stop, amount, return_once)
            # a firm the policy does not support: the demo shows it as refused, not as data
            except DomainError as exc:
                log.warning("demo journey %s-%s stopped: %s", family, key, exc.message)
            progress.advance()


def _recovery() -> None:
    """A sampling check finds an inflated contract: part of one paid Shanxi subsidy is recovered."""
    if Redemption.objects.filter(family_slug="shanxi", status=RedemptionStatus.RECOVERED).exists():
        return
    target = (
        Redemption.objects.filter(family_slug="shanxi", status=RedemptionStatus.PAID)
        .order_by("id")
        .first()
    )
    officer = get_user_model().objects.filter(username="shanxi-city").first()
    if target is None or officer is None:
        return
    with _at(D(2026, 11, 13)):
        try:
            payments.payment_recover(
                actor=officer,
                redemption=target,
                reasons=["抽查发现服务合同金额虚增，追回部分补助"],
                amount_fen=target.subsidy_fen // 5,
                recovery_reference="并科监〔2026〕4号",
            )
        except DomainError as exc:
            log.warning("demo recovery skipped: %s", exc.message)


def _simulate(progress) -> None:
    progress.total(sum(len(p) for p in PLANS.values()) + 1)
    _journeys(progress)
    _recovery()
    tick(LAST_DAY)
    progress.advance()


DEMO_STEPS = [(70, "全流程：一年的订单、合同、兑付申请、审核、公示、批复与支付", _simulate)]
