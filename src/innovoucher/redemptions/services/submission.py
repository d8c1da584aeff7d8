"""Applying for redemption (兑付申请): submit from a delivered order, provider confirmation,
withdrawal, and resubmission after a return for correction.

Who applies is the pinned policy's `process.claimant` (applicant / provider / either_one /
by_provider_location); a team applies through the agent of its host incubator (`submitted_via`).
The application pins the version in force on the application day, runs the automatic first check
(`checks.py`) — a `fail` refuses it and saves nothing — and enters review, or first waits for the
provider's confirmation where required (see `domain.confirmation_required`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.money import MoneyError, fen_to_yuan, yuan_to_fen
from innovoucher.notifications.services import notify_organisation
from innovoucher.orders.states import OrderStatus
from innovoucher.policies.models import PolicyVersion
from innovoucher.policies.services import engine_version, policy_version_for
from innovoucher.redemptions import domain, permissions
from innovoucher.redemptions.models import Invoice, Redemption, RedemptionChange, RedemptionDocument
from innovoucher.redemptions.services import checks, review, vouchering
from innovoucher.redemptions.services.transition import apply_transition
from innovoucher.redemptions.states import (
    ACTIVE,
    CLAIMANT,
    PROVIDER,
    DocumentKind,
    RedemptionStatus,
)
from innovoucher.registry.states import RegistrationStatus
from innovoucher.registry.validation import FieldErrors, check_upload, parse_date
from innovoucher.supervision.guards import refuse_if_banned  # supervision hook

REDEEMABLE_ORDER = (OrderStatus.DELIVERED, OrderStatus.SETTLED)
INVOICE_NUMBER_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class InvoiceData:
    number: str
    amount: str | int  # yuan, e.g. "12345.60"
    issued_on: dt.date | str
    issuer: str = ""


Documents = Mapping[str, object]  # kind -> an upload or a list of uploads


@dataclass
class _Context:
    family: str
    version_row: PolicyVersion
    claimant: str
    submitted_via: object = None


# --- validation --------------------------------------------------------------------------------


def _uploads(documents: Documents | None, errors: FieldErrors) -> list[tuple[str, object]]:
    files: list[tuple[str, object]] = []
    for kind, value in (documents or {}).items():
        if kind not in DocumentKind.values:
            errors.add(f"documents.{kind}", f"未知的材料类型“{kind}”")
            continue
        for upload in value if isinstance(value, (list, tuple)) else [value]:
            if upload is None:
                continue
            label = domain.DOCUMENT_LABELS[kind]
            if errors.run(f"documents.{kind}", check_upload, upload, label) is not None:
                files.append((kind, upload))
    return files


def _invoice(
    invoice: InvoiceData | None, errors: FieldErrors
) -> tuple[InvoiceData, domain.InvoiceFacts] | None:
    if invoice is None:
        errors.add("invoice.number", "请填写发票号码、金额和开票日期")
        return None
    number = "".join((invoice.number or "").split()).upper()
    if not (8 <= len(number) <= 20 and all(c in INVOICE_NUMBER_CHARS for c in number)):
        errors.add(
            "invoice.number", "发票号码应为8至20位数字或字母（全面数字化电子发票为20位数字）"
        )
    amount = errors.run("invoice.amount", _money, invoice.amount, "发票金额")
    issued = errors.run("invoice.issued_on", parse_date, invoice.issued_on, "开票日期")
    if errors.errors or amount is None or issued is None:
        return None
    clean = InvoiceData(
        number=number, amount=amount, issued_on=issued, issuer=(invoice.issuer or "").strip()[:200]
    )
    return clean, domain.InvoiceFacts(number, amount, issued)


def _money(value, label: str) -> int:
    if value in (None, ""):
        raise ValidationFailed(f"请填写{label}（元）")
    try:
        fen = yuan_to_fen(value)
    except MoneyError:
        raise ValidationFailed(
            f"{label}格式不正确：应为以元为单位、最多两位小数的数字，如 12345.60"
        ) from None
    if fen <= 0:
        raise ValidationFailed(f"{label}应大于0")
    return fen


def _paid(order, paid_amount, errors: FieldErrors) -> int:
    """What the service user paid: recorded by the platform at settlement (the voucher deduction
    counts as paid — the provider claims it back), else declared with the payment proof."""
    if order.status == OrderStatus.SETTLED:
        return order.paid_fen + order.deduction_fen
    fen = errors.run("paid_amount", _money, paid_amount, "实际支付金额")
    if fen is not None and fen > order.contract_amount_fen:
        errors.add("paid_amount", "实际支付金额不能大于合同金额")
    return fen or 0


# --- who, under which version ---------------------------------------------------------------------


def _context(actor, order, family: str | None, requested: str | None) -> _Context:
    if order.status not in REDEEMABLE_ORDER or order.delivered_on is None:
        raise ValidationFailed(
            f"订单 {order.number} 当前状态为“{order.get_status_display()}”，服务完成后才能申请兑付",
            code="order_not_delivered",
        )
    slug = (family or order.family_slug or "").strip()
    if not slug:
        raise ValidationFailed(
            "请选择适用的政策",
            code="family_required",
            details={"fields": {"family": ["请选择适用的政策"]}},
        )
    today = clock.today()
    row = policy_version_for(family_slug=slug, on=today)
    if row is None:
        raise ValidationFailed(
            f"{domain.cn_date(today)}没有有效的“{slug}”政策版本，不能申请兑付",
            code="no_version_in_force",
        )
    version = engine_version(row)
    actor_sides = permissions.sides(actor, client=order.client, provider=order.provider)
    if not actor_sides:
        if order.client.kind == "team":
            raise PermissionDenied(
                "团队的兑付申请须由其入驻的孵化载体经办人统一提交", code="team_via_incubator"
            )
        raise PermissionDenied("只有订单的服务使用方或服务机构经办人可以申请兑付", code="not_party")
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
            code="claimant_not_allowed",
            details={"article": version.process["claimant"].article},
        )
    via = (
        order.client.host_incubator
        if decision.kind == domain.APPLICANT and order.client.kind == "team"
        else None
    )
    return _Context(slug, row, decision.kind, via)


def _voucher_cap(outcome: domain.Outcome, app: checks.Application) -> None:
    voucher = app.voucher
    remaining = vouchering.remaining_for(voucher, order=app.order, redemption_id=app.redemption_id)
    if remaining is not None and outcome.subsidy_fen > remaining:
        outcome.trace.append(
            {
                "step": f"以创新券 {voucher.number} 余额为限",
                "value": fen_to_yuan(remaining),
                "article": voucher.article,
            }
        )
        outcome.results.append(
            domain.CheckResult(
                "voucher_balance",
                "创新券余额",
                domain.REFER,
                f"测算补助超过创新券 {voucher.number} 的余额，按余额核定，由审核人员核实",
                voucher.article,
            )
        )
        outcome.subsidy_fen = remaining
        outcome.shares = domain.reshare(outcome.shares, remaining)


def _check(app: checks.Application, *, resubmission: bool = False) -> domain.Outcome:
    outcome = checks.check_application(app, resubmission=resubmission)
    if app.voucher is not None and outcome.verdict != domain.FAIL:
        _voucher_cap(outcome, app)
    if outcome.verdict == domain.FAIL:
        raise ValidationFailed(
            domain.failure_message(outcome.results),
            code="check_failed",
            details={"checks": [r.as_dict() for r in outcome.results]},
        )
    return outcome


def _invoice_holder(number: str, exclude_redemption: int | None = None) -> Invoice | None:
    qs = Invoice.objects.filter(number=number, released_at__isnull=True).select_related(
        "redemption"
    )
    if exclude_redemption:
        qs = qs.exclude(redemption_id=exclude_redemption)
    return qs.first()


def _invoice_conflict(holder: Invoice) -> Conflict:
    return Conflict(
        f"发票号码 {holder.number} 已被兑付申请 {holder.redemption.number} 使用，同一张发票不能重复申请",
        code="invoice_reused",
        details={
            "fields": {"invoice.number": ["该发票已被其他申请使用"]},
            "redemption": holder.redemption.number,
        },
    )


def _order_conflict(order) -> Conflict | None:
    existing = Redemption.objects.filter(order=order, status__in=ACTIVE).first()
    if existing is None:
        return None
    who = domain.CLAIMANT_LABELS[existing.claimant_kind]
    return Conflict(
        f"该服务已由{who}提交兑付申请 {existing.number}（{existing.get_status_display()}），一个服务项目仅限一方申请兑付",
        code="already_applied",
        details={"redemption": existing.number},
    )


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
) -> Redemption:
    """Apply for redemption of `order`. Raises ValidationFailed (nothing saved) when input is
    missing or the automatic first check fails; Conflict when the service or the invoice is
    already held by another application."""
    ctx = _context(actor, order, family, claimant_kind)
    refuse_if_banned(order.client)  # supervision hook: a banned firm may not redeem
    errors = FieldErrors()
    files = _uploads(documents, errors)
    paid = _paid(order, paid_amount, errors)
    inv = _invoice(invoice, errors)
    errors.raise_if_any("兑付申请填写有误")
    conflict = _order_conflict(order)
    if conflict is not None:
        raise conflict
    holder = _invoice_holder(inv[0].number)
    if holder is not None:
        raise _invoice_conflict(holder)
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
        document_kinds={k for k, _ in files},
        invoice=inv[1],
        voucher=voucher,
        group_key=checks.group_of(order.client),
    )
    outcome = _check(app)
    confirm = needs_confirmation(version, ctx.claimant, order.provider)
    try:
        with transaction.atomic():
            redemption = _create(actor, ctx, app, outcome, confirm)
            _store(actor, redemption, files, inv[0])
            vouchering.use(actor=actor, voucher=voucher, redemption=redemption)
            if confirm:
                _ask_confirmation(redemption)
            else:
                review.review_start(actor=actor, redemption=redemption)
    except IntegrityError:
        raise (
            _order_conflict(order)
            or _race_invoice(inv[0].number)
            or Conflict("该申请与已有记录冲突，请刷新后重试", code="conflict")
        ) from None
    return redemption


def _race_invoice(number: str, exclude_redemption: int | None = None) -> Conflict | None:
    holder = _invoice_holder(number, exclude_redemption)
    return _invoice_conflict(holder) if holder is not None else None


def _create(
    actor, ctx: _Context, app: checks.Application, outcome: domain.Outcome, confirm: bool
) -> Redemption:
    order, now = app.order, clock.now()
    status = RedemptionStatus.AWAITING_CONFIRMATION if confirm else RedemptionStatus.IN_REVIEW
    call = (
        checks.calls.call_open_for(ctx.family, order.client.region_code, app.on)
        if checks.calls.needs_call(app.version)
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
        subsidy_fen=outcome.subsidy_fen,
        shares=outcome.shares,
        payee_kind=outcome.payee,
        check_verdict=outcome.verdict,
        check_results=[r.as_dict() for r in outcome.results],
        trace=outcome.trace,
        submitted_at=now,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    redemption.number = f"DF{app.on.year}{redemption.pk:06d}"
    Redemption.objects.filter(pk=redemption.pk).update(number=redemption.number)
    user = redemption.created_by
    RedemptionChange.objects.create(
        redemption=redemption, action="submit", from_status="", to_status=status, actor=user, at=now
    )
    audit.record(
        actor=actor,
        action="redemptions.submit",
        obj=redemption,
        region_code=redemption.region_code,
        data={
            "number": redemption.number,
            "order": order.number,
            "claimant": ctx.claimant,
            "verdict": outcome.verdict,
            "subsidy_fen": outcome.subsidy_fen,
            "version": ctx.version_row.code,
        },
    )
    return redemption


def _store(
    actor, redemption: Redemption, files: list[tuple[str, object]], invoice: InvoiceData
) -> None:
    now = clock.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    for kind, upload in files:
        RedemptionDocument.objects.create(
            redemption=redemption,
            kind=kind,
            file=upload,
            name=(getattr(upload, "name", "") or kind)[:200],
            round=redemption.round,
            uploaded_at=now,
            uploaded_by=user,
        )
    Invoice.objects.create(
        number=invoice.number,
        redemption=redemption,
        issuer=invoice.issuer,
        amount_fen=invoice.amount,
        issued_on=invoice.issued_on,
        registered_at=now,
    )


def _ask_confirmation(redemption: Redemption) -> None:
    notify_organisation(
        organisation=redemption.provider,
        subject=f"请确认兑付申请 {redemption.number}",
        body=f"{redemption.applicant.name} 就贵机构提供的服务申请创新券兑付，请核对服务内容与金额后在系统中确认。",
        url=f"/redemptions/{redemption.pk}/",
        key=f"redemption:{redemption.pk}:confirm:{redemption.round}",
    )


# --- provider confirmation ---------------------------------------------------------------------


def redemption_confirm(*, actor, redemption: Redemption) -> Redemption:
    """The provider confirms the service and amounts in the system (binding); review starts."""
    permissions.require_provider(actor, redemption)
    with transaction.atomic():
        redemption = apply_transition(
            actor=actor,
            redemption=redemption,
            action="confirm",
            by=PROVIDER,
            values={"provider_confirmed_at": clock.now(), "provider_confirmed_by": actor},
        )
        review.review_start(actor=actor, redemption=redemption)
    return redemption


def redemption_decline(*, actor, redemption: Redemption, reasons) -> Redemption:
    """The provider does not confirm: the application goes back to the claimant with the reasons."""
    permissions.require_provider(actor, redemption)
    with transaction.atomic():
        redemption = apply_transition(
            actor=actor, redemption=redemption, action="decline", by=PROVIDER, reasons=reasons
        )
        review.notify_claimant(
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
    """The claimant withdraws: pending steps are cancelled, the invoice and the voucher are freed."""
    permissions.require_claimant(actor, redemption)
    with transaction.atomic():
        redemption = apply_transition(
            actor=actor, redemption=redemption, action="withdraw", by=CLAIMANT, reasons=reasons
        )
        review.cancel_open_steps(redemption)
        review.release_holdings(actor=actor, redemption=redemption)
    return redemption


# Resubmission after a return lives in `resubmission.py` (re-exported here).
from innovoucher.redemptions.services.resubmission import redemption_resubmit  # noqa: E402

__all__ = [
    "InvoiceData",
    "redemption_confirm",
    "redemption_decline",
    "redemption_resubmit",
    "redemption_submit",
    "redemption_withdraw",
]
