"""Applying for redemption (兑付申请): submit from a delivered order, provider confirmation,
withdrawal, and resubmission after a return for correction.

Who applies is the pinned policy's `process.claimant` (applicant / provider / either_one /
by_provider_location); a team applies through the agent of its host incubator (`submitted_via`).
The application pins the version in force on the application day, runs the automatic first check
(`checks.py`) — a `fail` refuses it and saves nothing — and enters review, or first waits for the
provider's confirmation where required (see `domain.confirmation_required`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import acting_user, transition_apply, transition_record
from innovoucher.notifications.services import notify_organisation
from innovoucher.policies.models import PolicyVersion
from innovoucher.policies.services import engine_version, policy_version_for
from innovoucher.redemptions import domain, permissions
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.services import calls, checks, recovery, steps, vouchering
from innovoucher.redemptions.services.common import notify_claimant, redemption_url
from innovoucher.redemptions.services.holdings import release_holdings
from innovoucher.redemptions.services.intake import (
    Documents,
    InvoiceData,
    application_check,
    documents_read,
    documents_store,
    funding_level_read,
    invoice_conflict,
    invoice_holder,
    invoice_race,
    invoice_read,
    invoice_register,
    order_conflict,
    paid_read,
)
from innovoucher.redemptions.services.lifecycle import REDEMPTION
from innovoucher.redemptions.states import (
    CLAIMANT,
    PROVIDER,
    REDEEMABLE_ORDER,
    ClaimantKind,
    RedemptionStatus,
)
from innovoucher.registry.fitness import refuse_if_banned, refuse_if_unfit  # supervision hook
from innovoucher.registry.states import RegistrationStatus
from innovoucher.registry.validation import FieldErrors

__all__ = [
    "InvoiceData",
    "REDEEMABLE_ORDER",
    "redemption_confirm",
    "redemption_decline",
    "redemption_submit",
    "redemption_withdraw",
]


@dataclass
class _Context:
    family: str
    version_row: PolicyVersion
    claimant: str
    submitted_via: object = None


# --- who, under which version ---------------------------------------------------------------------


def _context(actor, order, family: str | None, requested: str | None) -> _Context:
    if order.status not in REDEEMABLE_ORDER or order.delivered_on is None:
        raise ValidationFailed(
            f"订单 {order.number} 当前状态为“{order.get_status_display()}”，服务完成后才能申请兑付",
            code=Code.ORDER_NOT_DELIVERED,
        )
    slug = (family or order.family_slug or "").strip()
    if not slug:
        raise ValidationFailed(
            "请选择适用的政策",
            code=Code.FAMILY_REQUIRED,
            details={"fields": {"family": ["请选择适用的政策"]}},
        )
    today = clock.today()
    row = policy_version_for(family_slug=slug, on=today)
    if row is None:
        raise ValidationFailed(
            f"{domain.cn_date(today)}没有有效的“{slug}”政策版本，不能申请兑付",
            code=CoreCode.NO_VERSION_IN_FORCE,
        )
    version = engine_version(row)
    actor_sides = permissions.sides(actor, client=order.client, provider=order.provider)
    if not actor_sides:
        if order.client.kind == "team":
            raise PermissionDenied(
                "团队的兑付申请须由其入驻的孵化载体经办人统一提交",
                code=Code.TEAM_VIA_INCUBATOR,
            )
        raise PermissionDenied(
            "只有订单的服务使用方或服务机构经办人可以申请兑付", code=Code.NOT_PARTY
        )
    inside = domain.in_region(
        order.provider.region_code, version.payee.region or row.family.region_code
    )
    decision = domain.decide_claimant(
        version.process["claimant"].value,
        provider_in_region=inside,
        actor_sides=actor_sides,
        requested=requested,
    )
    if decision.kind is None:
        raise PermissionDenied(
            decision.message,
            code=Code.CLAIMANT_NOT_ALLOWED,
            details={"article": version.process["claimant"].article},
        )
    via = (
        order.client.host_incubator
        if decision.kind == domain.APPLICANT and order.client.kind == "team"
        else None
    )
    return _Context(slug, row, decision.kind, via)


def provider_on_platform(provider) -> bool:
    return (
        provider.status == RegistrationStatus.APPROVED
        and RoleAssignment.objects.filter(
            organisation=provider, role=Role.PROVIDER_STAFF, active=True, user__is_active=True
        ).exists()
    )


def needs_confirmation(version, claimant: str, provider) -> bool:
    setting = version.process.get("provider_confirmation")
    return domain.confirmation_required(
        setting=setting.value if setting else None,
        claimant=claimant,
        provider_on_platform=provider_on_platform(provider),
    )


# --- submit ----------------------------------------------------------------------------------


def redemption_submit(
    *,
    actor,
    order,
    documents: Documents | None,
    invoice: InvoiceData | None,
    claimant_kind: str | None = None,
    family: str | None = None,
    paid_amount=None,
    other_public_funding: bool = False,
    public_funding_level: str = "",
) -> Redemption:
    """Apply for redemption of `order`. Raises ValidationFailed (nothing saved) when input is
    missing or the automatic first check fails; Conflict when the service or the invoice is
    already held by another application."""
    ctx = _context(actor, order, family, claimant_kind)
    refuse_if_banned(order.client)  # supervision hook: a banned firm may not redeem
    refuse_if_unfit(order.client, ctx.family)  # supervision hook: commitment
    refuse_if_unfit(order.provider, ctx.family, provider=True)  # supervision hook: credit
    errors = FieldErrors()
    files = documents_read(documents, errors)
    paid = paid_read(order, paid_amount, errors)
    inv = invoice_read(invoice, errors)
    level = funding_level_read(public_funding_level, bool(other_public_funding), errors)
    errors.raise_if_any("兑付申请填写有误")
    conflict = order_conflict(order)
    if conflict is not None:
        raise conflict
    holder = invoice_holder(inv[0].number)
    if holder is not None:
        raise invoice_conflict(holder, party=_party(order, ctx))
    version = engine_version(ctx.version_row)
    today = clock.today()
    voucher = vouchering.voucher_for(
        order=order, client=order.client, family=ctx.family, year=today.year, version=version
    )
    app = checks.Application(
        family=ctx.family,
        version=version,
        order=order,
        client=order.client,
        provider=order.provider,
        claimant=ctx.claimant,
        on=today,
        paid_fen=paid,
        other_public_funding=bool(other_public_funding),
        public_funding_level=level,
        document_kinds={k for k, _ in files},
        invoice=inv[1],
        voucher=voucher,
        group_key=checks.group_of(order.client),
    )
    outcome = application_check(app)
    confirm = needs_confirmation(version, ctx.claimant, order.provider)
    try:
        with transaction.atomic():
            redemption = _create(actor, ctx, app, outcome, confirm)
            documents_store(actor, redemption, files)
            invoice_register(redemption, inv[0])
            vouchering.use(actor=actor, voucher=voucher, redemption=redemption)
            if confirm:
                _ask_confirmation(redemption)
            else:
                steps.review_start(actor=actor, redemption=redemption)
    except IntegrityError:
        raise (
            order_conflict(order)
            or invoice_race(inv[0].number, party=_party(order, ctx))
            or Conflict("该申请与已有记录冲突，请刷新后重试", code=CoreCode.CONFLICT)
        ) from None
    return redemption


def _party(order, ctx: _Context):
    """The organisation applying (the service user, or the provider where it claims)."""
    return order.provider if ctx.claimant == ClaimantKind.PROVIDER else order.client


def _create(
    actor, ctx: _Context, app: checks.Application, outcome: domain.Outcome, confirm: bool
) -> Redemption:
    order, now = app.order, clock.now()
    status = RedemptionStatus.AWAITING_CONFIRMATION if confirm else RedemptionStatus.IN_REVIEW
    call = (
        calls.call_open_for(ctx.family, order.client.region_code, app.on)
        if domain.needs_call(app.version)
        else None
    )
    redemption = Redemption.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        family_slug=ctx.family,
        policy_version=ctx.version_row,
        order=order,
        voucher=app.voucher,
        applicant=order.client,
        provider=order.provider,
        claimant_kind=ctx.claimant,
        submitted_via=ctx.submitted_via,
        call=call,
        region_code=order.client.region_code,
        group_key=app.group_key,
        provider_region_code=order.provider.region_code,
        fiscal_year=app.on.year,
        status=status,
        category=order.category,
        contract_amount_fen=order.contract_amount_fen,
        paid_amount_fen=app.paid_fen,
        completed_on=order.delivered_on,
        other_public_funding=app.other_public_funding,
        public_funding_level=app.public_funding_level,
        subsidy_fen=outcome.subsidy_fen,
        shares=outcome.shares,
        payee_kind=outcome.payee,
        check_verdict=outcome.verdict,
        check_results=[r.as_dict() for r in outcome.results],
        trace=outcome.trace,
        submitted_at=now,
        created_by=acting_user(actor),
    )
    redemption.number = f"DF{app.on.year}{redemption.pk:06d}"
    Redemption.objects.filter(pk=redemption.pk).update(number=redemption.number)
    transition_record(
        REDEMPTION,
        actor=actor,
        obj=redemption,
        action="submit",
        source="",
        target=status,
        reasons=[],
        at=now,
        audit_data={
            "order": order.number,
            "claimant": ctx.claimant,
            "verdict": outcome.verdict,
            "subsidy_fen": outcome.subsidy_fen,
            "version": ctx.version_row.code,
        },
    )
    return redemption


def _ask_confirmation(redemption: Redemption) -> None:
    notify_organisation(
        organisation=redemption.provider,
        subject=f"请确认兑付申请 {redemption.number}",
        body=(
            f"{redemption.applicant.name} 就贵机构提供的服务申请创新券兑付，"
            "请核对服务内容与金额后在系统中确认。"
        ),
        url=redemption_url(redemption),
        key=f"redemption:{redemption.pk}:confirm:{redemption.round}",
    )


# --- provider confirmation ---------------------------------------------------------------------


def redemption_confirm(*, actor, redemption: Redemption) -> Redemption:
    """The provider confirms the service and amounts in the system (binding); review starts."""
    with transaction.atomic():
        redemption = transition_apply(
            REDEMPTION,
            actor=actor,
            obj=redemption,
            action="confirm",
            by=PROVIDER,
            values={"provider_confirmed_at": clock.now(), "provider_confirmed_by": actor},
        )
        steps.review_start(actor=actor, redemption=redemption)
    return redemption


def redemption_decline(*, actor, redemption: Redemption, reasons) -> Redemption:
    """The provider does not confirm: the application goes back to the claimant with the reasons."""
    with transaction.atomic():
        redemption = transition_apply(
            REDEMPTION, actor=actor, obj=redemption, action="decline", by=PROVIDER, reasons=reasons
        )
        notify_claimant(
            redemption,
            subject=f"服务机构未确认兑付申请 {redemption.number}",
            body="服务机构未予确认，理由："
            + "；".join(redemption.reasons)
            + "。请核对后修改并重新提交。",
            key=f"redemption:{redemption.pk}:declined:{redemption.round}",
        )
    return redemption


# --- withdraw --------------------------------------------------------------------------------


def redemption_withdraw(*, actor, redemption: Redemption, reasons=()) -> Redemption:
    """The claimant withdraws: pending steps are cancelled, the invoice and the voucher are freed.
    A share already paid ahead of the publicity must be returned (`recovery.py`)."""
    with transaction.atomic():
        if recovery.has_money_out(redemption):
            redemption = recovery.end_with_recovery(
                actor=actor,
                redemption=redemption,
                action="withdraw_recover",
                by=CLAIMANT,
                reasons=reasons,
            )
            steps.steps_cancel_open(redemption)
            return redemption
        redemption = transition_apply(
            REDEMPTION, actor=actor, obj=redemption, action="withdraw", by=CLAIMANT, reasons=reasons
        )
        steps.steps_cancel_open(redemption)
        release_holdings(actor=actor, redemption=redemption)
    return redemption
