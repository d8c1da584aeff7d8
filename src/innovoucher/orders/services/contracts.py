"""The standard 「科技创新券服务合同」 (Ningxia 范式填写): the client fills it from the order, the
automatic first check runs on submit, the reviewer the policy names (`review_chain[0]`) approves —
which generates the contract's voucher (one per contract) — returns it with reasons, or rejects
it. A returned contract is fixed and resubmitted; each submission keeps its snapshot."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from innovoucher.core import audit, clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.lifecycle import acting_user
from innovoucher.core.money import fen_to_yuan
from innovoucher.notifications.services import notify_organisation, notify_role
from innovoucher.orders import domain
from innovoucher.orders.codes import Code
from innovoucher.orders.models import ContractChange, Order, ServiceContract
from innovoucher.orders.permissions import require_client, reviewer_role
from innovoucher.orders.selectors import order_facts, orders_similar, review_due_on
from innovoucher.orders.services import deduction as deductions
from innovoucher.orders.services.ordering import parse_amount
from innovoucher.orders.services.transition import apply_contract_transition
from innovoucher.orders.states import (
    CLIENT,
    EDITABLE,
    REVIEWER,
    ContractStatus,
    ContractType,
    OrderStatus,
)
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES
from innovoucher.registry.states import RegistrationStatus
from innovoucher.registry.validation import FieldErrors
from innovoucher.vouchers import domain as voucher_domain
from innovoucher.vouchers import services as vouchers
from innovoucher.vouchers.policy import Pinned, cn_date, pinned_version
from innovoucher.vouchers.quoting import provider_admitted, purchase_quote

TYPE_BY_CATEGORY = {
    "rd": ContractType.DEVELOPMENT,
    "tech_purchase": ContractType.TRANSFER,
    "tech_transfer": ContractType.TRANSFER,
    "consulting": ContractType.CONSULTING,
    "novelty_search": ContractType.CONSULTING,
    "achievement_evaluation": ContractType.CONSULTING,
}
DEFAULT_PAYMENT_TERMS = (
    "服务完成并经委托方验收后，通过平台结算：创新券抵扣部分由平台直接抵用，其余部分由委托方支付"
)


@dataclass
class ContractData:
    contract_type: str
    project_name: str
    content: str
    deliverables: str
    start_on: dt.date | str | None
    end_on: dt.date | str | None
    amount: str
    payment_terms: str
    client_signatory: str
    provider_signatory: str
    registration_no: str = ""


def contract_initial(order: Order) -> ContractData:
    """The form pre-filled from the order (范式填写)."""
    today = clock.today()
    days = order.service.turnaround_days if order.service_id else 30
    return ContractData(
        contract_type=TYPE_BY_CATEGORY.get(order.category, ContractType.SERVICE),
        project_name=order.subject[:200],
        content=(
            order.service.description
            if order.service_id and order.service.description
            else order.subject
        ),
        deliverables="",
        start_on=today,
        end_on=today + dt.timedelta(days=days),
        amount=fen_to_yuan(order.contract_amount_fen),
        payment_terms=DEFAULT_PAYMENT_TERMS,
        client_signatory=order.client.legal_rep_name,
        provider_signatory=order.provider.legal_rep_name,
    )


def _date(errors: FieldErrors, field: str, value, label: str) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors.add(field, f"请填写{label}（格式如 2026-03-02）")
        return None


def _clean(data: ContractData) -> dict:
    errors = FieldErrors()
    clean = {}
    for field, label, size in (
        ("project_name", "项目名称", 200),
        ("content", "服务内容与技术要求", 5000),
        ("deliverables", "交付成果及验收标准", 5000),
        ("payment_terms", "付款方式", 300),
        ("client_signatory", "委托方代表", 60),
        ("provider_signatory", "服务方代表", 60),
    ):
        value = (getattr(data, field) or "").strip()
        if not value:
            errors.add(field, f"请填写{label}")
        clean[field] = value[:size]
    if data.contract_type not in ContractType.values:
        errors.add("contract_type", "请选择合同类型")
    clean["contract_type"] = data.contract_type
    clean["start_on"] = _date(errors, "start_on", data.start_on, "履行期限开始日期")
    clean["end_on"] = _date(errors, "end_on", data.end_on, "履行期限结束日期")
    if clean["start_on"] and clean["end_on"] and clean["end_on"] < clean["start_on"]:
        errors.add("end_on", "履行期限的结束日期不能早于开始日期")
    clean["amount_fen"] = parse_amount(errors, "amount", data.amount, "合同金额")
    clean["registration_no"] = (data.registration_no or "").strip()[:40]
    errors.raise_if_any("合同信息有误")
    return clean


def _contract_order(actor, order: Order) -> Pinned:
    require_client(actor, order, "只有委托方的经办人可以填写服务合同")
    if order.status == OrderStatus.CANCELLED:
        raise ValidationFailed("订单已取消，不能填写服务合同", code=Code.ORDER_CANCELLED)
    if not order.family_slug:
        raise ValidationFailed("订单未选择适用的政策，无需填写创新券服务合同", code=Code.NO_FAMILY)
    pinned = pinned_version(order.family_slug, clock.today())
    if pinned.route != voucher_domain.PER_CONTRACT:
        raise ValidationFailed(
            f"“{pinned.family.name}”不按服务合同生成创新券，无需填写本合同",
            code=CoreCode.NOT_PER_CONTRACT,
        )
    return pinned


def contract_save(*, actor, order: Order, data: ContractData) -> ServiceContract:
    """Create the order's contract as a draft, or change a draft / returned contract."""
    _contract_order(actor, order)
    clean = _clean(data)
    existing = ServiceContract.objects.filter(order=order).first()
    with transaction.atomic():
        if existing is None:
            contract = _create(actor, order, clean)
        else:
            if existing.status not in EDITABLE:
                raise Conflict(
                    f"合同当前状态为“{existing.get_status_display()}”，不能修改",
                    code=Code.CONTRACT_LOCKED,
                )
            if not ServiceContract.objects.filter(pk=existing.pk, status__in=list(EDITABLE)).update(
                **clean
            ):
                raise Conflict(
                    "该合同已被提交或审核，请刷新页面查看最新状态", code=CoreCode.STALE_STATUS
                )
            contract = ServiceContract.objects.get(pk=existing.pk)
            audit.record(
                actor=actor,
                action="orders.contract.save",
                obj=contract,
                region_code=contract.region_code,
                data={"number": contract.number, "amount": fen_to_yuan(contract.amount_fen)},
            )
    return contract


def _create(actor, order: Order, clean: dict) -> ServiceContract:
    now = clock.now()
    contract = ServiceContract.objects.create(
        order=order,
        number=voucher_domain.voucher_number(
            "HT", now.year, order.region_code, uuid.uuid4().hex[:8]
        ),
        family_slug=order.family_slug,
        region_code=order.region_code,
        created_at=now,
        **clean,
    )
    ContractChange.objects.create(
        contract=contract,
        action="create",
        to_status=ContractStatus.DRAFT,
        actor=acting_user(actor),
        at=now,
    )
    audit.record(
        actor=actor,
        action="orders.contract.create",
        obj=contract,
        region_code=contract.region_code,
        data={
            "number": contract.number,
            "order": order.number,
            "amount": fen_to_yuan(contract.amount_fen),
        },
    )
    return contract


def _articles(pinned: Pinned) -> dict[str, str]:
    rules = {r.code: r.article for r in pinned.version.eligibility}
    issuance = pinned.version.process["issuance"].article
    return {
        "amount_matches": rules.get("contract_registered", issuance),
        "dates_ordered": rules.get("contract_registered", issuance),
        "category_supported": pinned.version.included.article,
        "parties_verified": rules.get(
            "provider_registered", pinned.version.applicant_kinds.article
        ),
        "split_contract": rules.get("no_splitting", ""),
        "contract_type": rules.get("contract_registered", issuance),
    }


def contract_checks(contract: ServiceContract, pinned: Pinned) -> list[domain.Check]:
    """The automatic first check (自动初审) of a contract under `pinned`."""
    order = contract.order
    version = pinned.version
    excluded = next((e for e in version.excluded if order.category in e.categories), None)
    label = SERVICE_CATEGORIES.get(order.category, order.category)
    result = purchase_quote(
        version=pinned.row,
        client=order.client,
        provider=order.provider,
        category=order.category,
        amount_fen=contract.amount_fen,
        via_platform=order.via_platform,
        on=clock.today(),
    )
    handled = {
        "scope_excluded",
        "scope_not_included",
        "provider_registered",
        "provider_in_library",
    }  # checked above
    eligibility = [
        {"code": r.code, "message": r.message, "article": r.article, "verdict": r.verdict}
        for r in result.reasons
        if r.verdict in ("fail", "refer") and r.code not in handled
    ]
    similar = orders_similar(order)
    facts = domain.ContractFacts(
        amount_fen=contract.amount_fen,
        order_amount_fen=order.contract_amount_fen,
        start_on=contract.start_on,
        end_on=contract.end_on,
        category_label=label,
        category_supported=version.supports_category(order.category),
        category_message=f"“{label}”不属于支持范围：{excluded.message}"
        if excluded
        else f"“{label}”不在本政策列明的支持范围内",
        client_verified=order.client.status == RegistrationStatus.APPROVED,
        provider_verified=order.provider.status == RegistrationStatus.APPROVED,
        provider_admitted=provider_admitted(order.provider, contract.family_slug),
        contract_type=contract.contract_type,
        contract_type_label=contract.get_contract_type_display(),
        registration_no=contract.registration_no,
        split=domain.split_signal(order_facts(order), [order_facts(o) for o in similar]),
        eligibility=eligibility,
        articles=_articles(pinned),
    )
    return domain.contract_checks(facts)


def _snapshot(contract: ServiceContract, checks: list[dict]) -> dict:
    fields = (
        "contract_type",
        "project_name",
        "content",
        "deliverables",
        "payment_terms",
        "client_signatory",
        "provider_signatory",
        "registration_no",
    )
    data = {f: getattr(contract, f) for f in fields}
    data.update(
        start_on=contract.start_on.isoformat(),
        end_on=contract.end_on.isoformat(),
        amount=fen_to_yuan(contract.amount_fen),
    )
    return {"fields": data, "checks": checks, "verdict": domain.overall_verdict(checks)}


def contract_submit(*, actor, contract: ServiceContract) -> ServiceContract:
    """Run the first check; a failing rule keeps the contract with the client (results saved, the
    message says what to fix); otherwise it goes to the reviewer with the results."""
    pinned = _contract_order(actor, contract.order)
    if contract.status not in EDITABLE:
        raise Conflict(
            f"合同当前状态为“{contract.get_status_display()}”，不能提交",
            code=CoreCode.INVALID_TRANSITION,
        )
    checks = [c.as_dict() for c in contract_checks(contract, pinned)]
    if domain.overall_verdict(checks) == domain.FAIL:
        ServiceContract.objects.filter(pk=contract.pk, status=contract.status).update(
            check_results=checks
        )
        failed = "；".join(c["message"] for c in checks if c["verdict"] == domain.FAIL)
        raise ValidationFailed(
            f"自动初审未通过，请修改后再提交：{failed}",
            code=Code.CONTRACT_CHECK_FAILED,
            details={"checks": checks},
        )

    def tell_reviewer(contract: ServiceContract) -> None:
        verdict = domain.VERDICT_LABELS[domain.overall_verdict(checks)]
        notify_role(
            roles=(reviewer_role(pinned.version),),
            region_code=contract.region_code,
            subject=f"服务合同待审核：{contract.project_name}",
            body=f"委托方：{contract.order.client.name}，"
            f"合同金额 {fen_to_yuan(contract.amount_fen)} 元，自动初审：{verdict}",
            url=reverse("orders:contract", args=[contract.pk]),
            due_on=review_due_on(contract, pinned),
            key=f"contract:{contract.pk}:submitted:{contract.submission_count}",
        )

    return apply_contract_transition(
        actor=actor,
        contract=contract,
        action="submit",
        by=CLIENT,
        data=_snapshot(contract, checks),
        values={
            "check_results": checks,
            "submitted_at": clock.now(),
            "decided_at": None,
            "submission_count": contract.submission_count + 1,
        },
        after=tell_reviewer,
    )


def _tell_client(subject: str, body=None):
    """The after-hook of a decision: tell the client (`body(contract)` gives the text)."""

    def after(contract: ServiceContract) -> None:
        notify_organisation(
            organisation=contract.order.client,
            subject=f"{subject}：{contract.project_name}",
            body=body(contract) if body else "",
            url=reverse("orders:contract", args=[contract.pk]),
            key=f"contract:{contract.pk}:{contract.status}:{contract.submission_count}",
        )

    return after


def _reasons_text(contract: ServiceContract) -> str:
    return "理由：" + "；".join(contract.reasons)


def contract_approve(*, actor, contract: ServiceContract) -> ServiceContract:
    """Approve and generate the contract's voucher; where the order is deducted at checkout the
    voucher is held for it at once."""

    def issue_and_tell(contract: ServiceContract) -> None:
        order = contract.order
        if order.status == OrderStatus.CANCELLED:
            raise Conflict("订单已取消，不能审核通过该合同", code=Code.ORDER_CANCELLED)
        voucher = vouchers.voucher_issue_for_contract(actor=actor, contract=contract)
        _hold_for_order(actor, voucher, order)
        valid = f"，有效期至{cn_date(voucher.valid_until)}" if voucher.valid_until else ""
        _tell_client(
            "服务合同审核通过，已生成创新券",
            lambda c: f"创新券{voucher.number}，面额 {fen_to_yuan(voucher.face_fen)} 元{valid}",
        )(contract)

    return apply_contract_transition(
        actor=actor, contract=contract, action="approve", by=REVIEWER, after=issue_and_tell
    )


def _hold_for_order(actor, voucher, order: Order) -> None:
    if order.status not in (OrderStatus.PLACED, OrderStatus.ACCEPTED, OrderStatus.DELIVERED):
        return
    if (
        not deductions.checkout_rule(voucher, order.provider).applies
        or deductions.hold_for_order(order) is not None
    ):
        return
    vouchers.voucher_reserve_for_order(
        actor=actor, voucher=voucher, order=order, amount_fen=voucher.remaining_fen
    )


def contract_return(*, actor, contract: ServiceContract, reasons) -> ServiceContract:
    return apply_contract_transition(
        actor=actor,
        contract=contract,
        action="return",
        by=REVIEWER,
        reasons=reasons,
        after=_tell_client("服务合同被退回修改", _reasons_text),
    )


def contract_reject(*, actor, contract: ServiceContract, reasons) -> ServiceContract:
    return apply_contract_transition(
        actor=actor,
        contract=contract,
        action="reject",
        by=REVIEWER,
        reasons=reasons,
        after=_tell_client("服务合同不予通过", _reasons_text),
    )
