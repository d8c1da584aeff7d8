"""Resubmission after a return for correction (or a provider's refusal): the claimant corrects
fields and documents, the automatic first check runs again (not bound to the call's window), and a
new review round starts from the first step. Replaced documents stay as `superseded`, a changed
invoice releases the old number, and the voucher use follows the new amount."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict
from innovoucher.core.lifecycle import transition_apply
from innovoucher.core.money import fen_to_yuan
from innovoucher.policies.services import engine_version
from innovoucher.redemptions import domain
from innovoucher.redemptions.models import Invoice, Redemption, RedemptionDocument
from innovoucher.redemptions.services import checks, steps, vouchering
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
    paid_read,
)
from innovoucher.redemptions.services.lifecycle import REDEMPTION, redemption_check
from innovoucher.redemptions.states import CLAIMANT, ClaimantKind
from innovoucher.registry.validation import FieldErrors

# --- resubmit --------------------------------------------------------------------------------


def redemption_resubmit(
    *,
    actor,
    redemption: Redemption,
    documents: Documents | None = None,
    invoice: InvoiceData | None = None,
    paid_amount=None,
    other_public_funding: bool | None = None,
    public_funding_level: str | None = None,
    note: str = "",
) -> Redemption:
    """After a return (or a provider's refusal) the claimant corrects fields and documents and
    submits again: a new round of checks and review. Replaced documents stay as `superseded`."""
    redemption_check(actor=actor, redemption=redemption, action="resubmit", by=CLAIMANT)
    order = redemption.order
    errors = FieldErrors()
    files = documents_read(documents, errors)
    current = Invoice.objects.filter(redemption=redemption, released_at__isnull=True).first()
    inv = invoice_read(invoice if invoice is not None else _as_data(current), errors)
    paid = paid_read(
        order,
        paid_amount if paid_amount not in (None, "") else fen_to_yuan(redemption.paid_amount_fen),
        errors,
    )
    declared = (
        redemption.other_public_funding
        if other_public_funding is None
        else bool(other_public_funding)
    )
    level = funding_level_read(
        redemption.public_funding_level if public_funding_level is None else public_funding_level,
        declared,
        errors,
    )
    errors.raise_if_any("修改内容有误")
    holder = invoice_holder(inv[0].number, exclude_redemption=redemption.pk)
    if holder is not None:
        raise invoice_conflict(holder, party=_claimant(redemption))
    version = engine_version(redemption.policy_version)
    kinds = set(
        RedemptionDocument.objects.filter(redemption=redemption, superseded=False).values_list(
            "kind", flat=True
        )
    ) | {k for k, _ in files}
    app = checks.Application(
        family=redemption.family_slug,
        version=version,
        order=order,
        client=redemption.applicant,
        provider=redemption.provider,
        claimant=redemption.claimant_kind,
        on=clock.today(),
        paid_fen=paid,
        other_public_funding=declared,
        public_funding_level=level,
        document_kinds=kinds,
        invoice=inv[1],
        voucher=redemption.voucher,
        redemption_id=redemption.pk,
        group_key=redemption.group_key,
    )
    outcome = application_check(app, resubmission=True)
    _declined_before(redemption, outcome)
    try:
        with transaction.atomic():
            redemption = _apply_resubmit(actor, redemption, app, outcome, note)
            _replace(actor, redemption, files, current, inv[0])
            vouchering.reuse(actor=actor, redemption=redemption)
            steps.review_start(actor=actor, redemption=redemption)
    except IntegrityError:
        raise invoice_race(inv[0].number, redemption.pk, party=_claimant(redemption)) or Conflict(
            "该申请已被他人处理，请刷新页面查看最新状态", code=CoreCode.STALE_STATUS
        ) from None
    return redemption


def _claimant(redemption: Redemption):
    return (
        redemption.provider
        if redemption.claimant_kind == ClaimantKind.PROVIDER
        else redemption.applicant
    )


def _as_data(invoice: Invoice | None) -> InvoiceData | None:
    if invoice is None:
        return None
    return InvoiceData(
        number=invoice.number,
        amount=fen_to_yuan(invoice.amount_fen),
        issued_on=invoice.issued_on,
        issuer=invoice.issuer,
    )


def _declined_before(redemption: Redemption, outcome: domain.Outcome) -> None:
    if (
        redemption.provider_confirmed_at is None
        and redemption.changes.filter(action="decline").exists()
    ):
        outcome.results.append(
            domain.CheckResult(
                "provider_confirmation",
                "服务机构确认",
                domain.REFER,
                "服务机构曾不予确认本申请，修改后未再次确认，请审核人员向服务机构核实",
            )
        )


def _apply_resubmit(
    actor, redemption: Redemption, app: checks.Application, outcome: domain.Outcome, note: str
) -> Redemption:
    values = {
        "round": redemption.round + 1,
        "paid_amount_fen": app.paid_fen,
        "other_public_funding": app.other_public_funding,
        "public_funding_level": app.public_funding_level,
        "subsidy_fen": outcome.subsidy_fen,
        "shares": outcome.shares,
        "payee_kind": outcome.payee,
        "check_verdict": outcome.verdict,
        "check_results": [r.as_dict() for r in outcome.results],
        "trace": outcome.trace,
        "submitted_at": clock.now(),
    }
    reasons = [note.strip()] if note and note.strip() else []
    return transition_apply(
        REDEMPTION,
        actor=actor,
        obj=redemption,
        action="resubmit",
        by=CLAIMANT,
        reasons=reasons,
        values=values,
    )


def _replace(
    actor, redemption: Redemption, files, current: Invoice | None, invoice: InvoiceData
) -> None:
    kinds = {k for k, _ in files}
    if kinds:
        RedemptionDocument.objects.filter(
            redemption=redemption, kind__in=kinds, superseded=False
        ).update(superseded=True)
    documents_store(actor, redemption, files)
    same = current is not None and (
        current.number,
        current.amount_fen,
        current.issued_on,
        current.issuer,
    ) == (invoice.number, invoice.amount, invoice.issued_on, invoice.issuer)
    if not same:
        if current is not None:
            Invoice.objects.filter(pk=current.pk).update(released_at=clock.now())
        invoice_register(redemption, invoice)
