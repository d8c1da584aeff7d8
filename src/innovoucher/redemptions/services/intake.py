"""What submitting and resubmitting a redemption share: reading the invoice, the documents and
the amount paid, the automatic first check (capped by the voucher's balance), an invoice number
held by another application, and storing the documents of a round. Used by `submission.py` and
`resubmission.py`; neither imports the other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from innovoucher.core import clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.lifecycle import acting_user
from innovoucher.core.money import MoneyError, fen_to_yuan, yuan_to_fen
from innovoucher.orders.states import OrderStatus
from innovoucher.policies.engine.vocabulary import FUNDING_LEVELS
from innovoucher.redemptions import domain
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.models import Invoice, Redemption, RedemptionDocument
from innovoucher.redemptions.services import checks, vouchering
from innovoucher.redemptions.states import ACTIVE, DocumentKind
from innovoucher.registry.validation import FieldErrors, check_upload, parse_date

INVOICE_NUMBER_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class InvoiceData:
    number: str
    amount: str | int  # yuan, e.g. "12345.60"
    issued_on: dt.date | str
    issuer: str = ""


Documents = Mapping[str, object]  # kind -> an upload or a list of uploads


# --- validation --------------------------------------------------------------------------------


def documents_read(documents: Documents | None, errors: FieldErrors) -> list[tuple[str, object]]:
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


def invoice_read(
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
    amount = errors.run("invoice.amount", money_read, invoice.amount, "发票金额")
    issued = errors.run("invoice.issued_on", parse_date, invoice.issued_on, "开票日期")
    if errors.errors or amount is None or issued is None:
        return None
    clean = InvoiceData(
        number=number, amount=amount, issued_on=issued, issuer=(invoice.issuer or "").strip()[:200]
    )
    return clean, domain.InvoiceFacts(number, amount, issued)


def money_read(value, label: str) -> int:
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


def paid_read(order, paid_amount, errors: FieldErrors) -> int:
    """What the service user paid: recorded by the platform at settlement (the voucher deduction
    counts as paid — the provider claims it back), else declared with the payment proof."""
    if order.status == OrderStatus.SETTLED:
        return order.paid_fen + order.deduction_fen
    fen = errors.run("paid_amount", money_read, paid_amount, "实际支付金额")
    if fen is not None and fen > order.contract_amount_fen:
        errors.add("paid_amount", "实际支付金额不能大于合同金额")
    return fen or 0


def funding_level_read(level, funded: bool, errors: FieldErrors) -> str:
    """The level whose public money funded the service, as the claimant declares it: one of
    `FUNDING_LEVELS` or "" (not stated). Stating a level means the service was funded."""
    level = (level or "").strip()
    if not level:
        return ""
    if level not in FUNDING_LEVELS:
        choices = "、".join(f"{label}（{code}）" for code, label in FUNDING_LEVELS.items())
        errors.add("public_funding_level", f"资金层级“{level}”无法识别，请选择：{choices}")
        return ""
    if not funded:
        errors.add(
            "public_funding_level",
            "选择了财政资金支持层级，请同时勾选“本服务已获得科技计划或其他财政资金支持”；"
            "未获支持的请不选层级",
        )
    return level


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


def application_check(app: checks.Application, *, resubmission: bool = False) -> domain.Outcome:
    outcome = checks.check_application(app, resubmission=resubmission)
    if app.voucher is not None and outcome.verdict != domain.FAIL:
        _voucher_cap(outcome, app)
    if outcome.verdict == domain.FAIL:
        raise ValidationFailed(
            domain.failure_message(outcome.results),
            code=Code.CHECK_FAILED,
            details={"checks": [r.as_dict() for r in outcome.results]},
        )
    return outcome


def invoice_holder(number: str, exclude_redemption: int | None = None) -> Invoice | None:
    qs = Invoice.objects.filter(number=number, released_at__isnull=True).select_related(
        "redemption"
    )
    if exclude_redemption:
        qs = qs.exclude(redemption_id=exclude_redemption)
    return qs.first()


def invoice_conflict(holder: Invoice, *, party=None) -> Conflict:
    """The invoice is already used. Another firm's application is never named (nor its number,
    applicant or amount); the party's own application is, so it can find it."""
    other = holder.redemption
    own = party is not None and party.pk in (other.applicant_id, other.provider_id)
    message = (
        f"该发票已用于本单位的兑付申请 {other.number}，同一张发票不能重复申请"
        if own
        else "该发票已用于一项兑付申请，同一张发票不能重复申请；如有疑问请联系所在地科技管理部门"
    )
    return Conflict(
        message,
        code=Code.INVOICE_REUSED,
        details={
            "fields": {"invoice.number": [message]},
            **({"redemption": other.number} if own else {}),
        },
    )


def order_conflict(order) -> Conflict | None:
    existing = Redemption.objects.filter(order=order, status__in=ACTIVE).first()
    if existing is None:
        return None
    who = domain.CLAIMANT_LABELS[existing.claimant_kind]
    return Conflict(
        f"该服务已由{who}提交兑付申请 {existing.number}（{existing.get_status_display()}），"
        "一个服务项目仅限一方申请兑付",
        code=Code.ALREADY_APPLIED,
        details={"redemption": existing.number},
    )


def invoice_race(
    number: str, exclude_redemption: int | None = None, *, party=None
) -> Conflict | None:
    holder = invoice_holder(number, exclude_redemption)
    return invoice_conflict(holder, party=party) if holder is not None else None


def documents_store(actor, redemption: Redemption, files: list[tuple[str, object]]) -> None:
    """The uploads of this round (replaced kinds are marked superseded by the caller)."""
    now, user = clock.now(), acting_user(actor)
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


def invoice_register(redemption: Redemption, invoice: InvoiceData) -> Invoice:
    return Invoice.objects.create(
        number=invoice.number,
        redemption=redemption,
        issuer=invoice.issuer,
        amount_fen=invoice.amount,
        issued_on=invoice.issued_on,
        registered_at=clock.now(),
    )
