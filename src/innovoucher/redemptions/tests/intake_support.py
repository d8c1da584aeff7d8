"""Helpers for the application / check / review / call tests (h2): orders go through the order
services (place → accept → deliver → settle), then calls, submission, checks, confirmation and
review through the redemption services under test."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.money import fen_to_yuan
from innovoucher.orders.models import Order
from innovoucher.orders.services import ordering
from innovoucher.orders.states import OrderStatus
from innovoucher.policies.services import engine_family
from innovoucher.redemptions.services import calls, review, steps, submission
from innovoucher.workdays.services import calendar_seed_chinesecalendar, work_calendar_invalidate
from testsupport.world import PDF, START, build_world

_serial = itertools.count(1)  # invoice numbers
FAMILIES = ("shanxi", "shaoxing", "urumqi", "liaocheng", "ningxia")


@pytest.fixture
def intake_env(db, seed_policies):
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


def world_for(family: str, **kwargs):
    with clock.frozen_now(START[family]):
        return build_world(family, **kwargs)


def party_user(org):
    """A person acting for `org` (its own staff, or the agent of a team's host incubator)."""
    rows = RoleAssignment.objects.filter(active=True).select_related("user")
    row = (
        rows.filter(organisation=org).first()
        or rows.filter(organisation_id=org.host_incubator_id, role=Role.INCUBATOR_AGENT).first()
    )
    return row.user


def make_order(
    world,
    *,
    amount_fen: int = 10_000_000,
    status: str = OrderStatus.SETTLED,
    client=None,
    delivered_on: dt.date | None = None,
    voucher=None,
) -> Order:
    """An order for the world's service placed a few days ago through the order services, accepted
    and delivered by the provider on `delivered_on` (default: 5 days ago) and, unless `status` is
    `delivered`, settled by the client (with the voucher's deduction where the policy deducts)."""
    client = client or world.applicant
    buyer = party_user(client)
    today = clock.today()
    delivered_on = delivered_on or today - dt.timedelta(days=5)
    with clock.frozen_now(delivered_on - dt.timedelta(days=2)):
        order = ordering.order_place(
            actor=buyer,
            client=client,
            service=world.service,
            family=world.family,
            subject="测试服务",
            contract_amount=fen_to_yuan(amount_fen),
            voucher=voucher,
        )
        order = ordering.order_accept(actor=world.provider_user, order=order)
    with clock.frozen_now(delivered_on):
        order = ordering.order_deliver(
            actor=world.provider_user, order=order, delivered_on=delivered_on
        )
    if status == OrderStatus.SETTLED:
        order = ordering.order_settle(actor=buyer, order=order)
    return order


def upload(name: str = "doc.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def documents(*kinds: str) -> dict:
    kinds = kinds or ("contract", "invoice", "payment_proof", "result_report", "relevance_proof")
    return {k: upload(f"{k}.pdf") for k in kinds}


def invoice(
    number: str | None = None, amount: str = "100000.00", issued_on: dt.date | None = None
) -> submission.InvoiceData:
    return submission.InvoiceData(
        number=number or f"{26000000 + next(_serial):08d}",
        amount=amount,
        issued_on=issued_on or clock.today() - dt.timedelta(days=3),
        issuer="测试服务机构",
    )


def claimant_user(world) -> object:
    """Who files for the world's order: the provider where the policy pays/asks the provider."""
    return world.provider_user if world.family in ("shaoxing", "ningxia") else world.applicant_user


def open_call(world, *, opens_on: dt.date | None = None, days: int = 30):
    """Publish a call covering today where the policy's cadence needs one (None where it needs
    none: Liaocheng art. 17 每月兑付一次 takes applications at any time)."""
    publisher = world.officials["province" if world.family == "shanxi" else "city"]
    start = opens_on or clock.today()
    version = engine_family(world.family).version_on(start)
    if version is not None and not calls.needs_call(version):
        return None
    return calls.call_publish(
        actor=publisher,
        family=world.family,
        title=f"{world.family}兑付通知",
        opens_on=start,
        closes_on=start + dt.timedelta(days=days),
    )


def submit(world, order=None, *, actor=None, inv=None, docs=None, **kwargs):
    order = order or make_order(world)
    amount = f"{order.contract_amount_fen // 100}.{order.contract_amount_fen % 100:02d}"
    return submission.redemption_submit(
        actor=actor or claimant_user(world),
        order=order,
        documents=docs if docs is not None else documents(),
        invoice=inv or invoice(amount=amount),
        **kwargs,
    )


def ready(world, **kwargs):
    """Submitted and, where the provider must confirm, confirmed: in review."""
    if world.family in ("shanxi", "urumqi", "liaocheng"):
        open_call(world)
    r = submit(world, **kwargs)
    if r.status == "awaiting_confirmation":
        r = submission.redemption_confirm(actor=world.provider_user, redemption=r)
    return r


def approve_all(world, redemption):
    """Approve every step of the current round with the right official."""
    while True:
        redemption.refresh_from_db()
        step = steps.pending_step(redemption)
        if step is None or redemption.status != "in_review":
            return redemption
        review.review_decide(
            actor=world.officials[step.level], step=step, action="approve", opinion="同意"
        )
