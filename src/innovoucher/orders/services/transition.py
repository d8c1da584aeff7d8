"""The executors of the order and contract transition tables (`orders.states`).

Callers have checked *who* acts (`orders.permissions`); the executor checks the action exists and
is done by the kind of actor the table names, that reasons are given where required, and moves the
status with a compare-and-swap update (zero rows: someone else moved it first — Conflict
`stale_status`). It writes the change row and the audit event in the caller's transaction.
"""

from __future__ import annotations

from django.db import transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.orders.models import ContractChange, Order, OrderChange, ServiceContract
from innovoucher.orders.states import (
    CONTRACT_TRANSITIONS,
    ORDER_TRANSITIONS,
    SYSTEM,
    ContractStatus,
    OrderStatus,
)


def _checked(table: dict, action: str, by: str, reasons) -> tuple:
    transition = table.get(action)
    if transition is None:
        raise ValidationFailed(
            f"未知的操作“{action}”", code="unknown_action", details={"action": action}
        )
    if transition.by != by:
        if transition.by == SYSTEM:
            raise PermissionDenied(f"“{transition.label}”由系统自动办理")
        raise PermissionDenied(f"您不能办理“{transition.label}”")
    reasons = [str(r).strip() for r in reasons if r and str(r).strip()]
    if transition.needs_reasons and not reasons:
        raise ValidationFailed(
            f"{transition.label}须填写理由",
            code="reasons_required",
            details={"fields": {"reasons": [f"请填写{transition.label}的理由"]}},
        )
    return transition, reasons


def apply_order_transition(
    *, actor, order: Order, action: str, by: str, reasons=(), values: dict | None = None
) -> Order:
    transition, reasons = _checked(ORDER_TRANSITIONS, action, by, reasons)
    source = order.status
    if source not in transition.sources:
        raise Conflict(
            f"订单当前状态为“{OrderStatus(source).label}”，不能{transition.label}",
            code="invalid_transition",
            details={"status": source, "action": action},
        )
    now = clock.now()
    update = {"status": transition.target, **(values or {})}
    if reasons:
        update["reasons"] = reasons
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if not Order.objects.filter(pk=order.pk, status=source).update(**update):
            raise Conflict("该订单已被他人处理，请刷新页面查看最新状态", code="stale_status")
        order.refresh_from_db()
        OrderChange.objects.create(
            order=order,
            action=action,
            from_status=source,
            to_status=transition.target,
            reasons=reasons,
            actor=user,
            at=now,
        )
        audit.record(
            actor=actor,
            action=f"orders.{action}",
            obj=order,
            region_code=order.region_code,
            data={
                "from": source,
                "to": transition.target,
                "reasons": reasons,
                "number": order.number,
            },
        )
    return order


def apply_contract_transition(
    *,
    actor,
    contract: ServiceContract,
    action: str,
    by: str,
    reasons=(),
    values: dict | None = None,
    data: dict | None = None,
) -> ServiceContract:
    transition, reasons = _checked(CONTRACT_TRANSITIONS, action, by, reasons)
    source = contract.status
    if source not in transition.sources:
        raise Conflict(
            f"合同当前状态为“{ContractStatus(source).label}”，不能{transition.label}",
            code="invalid_transition",
            details={"status": source, "action": action},
        )
    now = clock.now()
    update = {"status": transition.target, **(values or {})}
    if reasons:
        update["reasons"] = reasons
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if not ServiceContract.objects.filter(pk=contract.pk, status=source).update(**update):
            raise Conflict("该合同已被他人处理，请刷新页面查看最新状态", code="stale_status")
        contract.refresh_from_db()
        ContractChange.objects.create(
            contract=contract,
            action=action,
            from_status=source,
            to_status=transition.target,
            reasons=reasons,
            actor=user,
            at=now,
            data=data or {},
        )
        audit.record(
            actor=actor,
            action=f"orders.contract_{action}",
            obj=contract,
            region_code=contract.region_code,
            data={
                "from": source,
                "to": transition.target,
                "reasons": reasons,
                "number": contract.number,
            },
        )
    return contract
