"""The one executor of the redemption transition table (`redemptions.states.TRANSITIONS`).

Callers check *who* may act (the reviewer of the pending step, the claimant, the provider) with
`redemptions.permissions`; this function checks that the action exists, that the actor kind
matches the table, that reasons are given where required, and moves the status with a
compare-and-swap update. Zero rows updated means someone else moved it first: Conflict.
It writes the change row and the audit event in the caller's transaction.
"""

from __future__ import annotations

from django.db import transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.redemptions.models import Redemption, RedemptionChange
from innovoucher.redemptions.states import SYSTEM, TRANSITIONS, RedemptionStatus


def apply_transition(
    *, actor, redemption: Redemption, action: str, by: str, reasons=(), values: dict | None = None
) -> Redemption:
    """Apply `action` to `redemption` as an actor of kind `by` (claimant / provider / reviewer /
    official / system). `values` are extra fields written in the same UPDATE."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationFailed(
            f"未知的操作“{action}”", code="unknown_action", details={"action": action}
        )
    if transition.by != by:
        if transition.by == SYSTEM:
            raise PermissionDenied(f"“{transition.label}”由系统自动办理")
        raise PermissionDenied(f"您不能办理“{transition.label}”")
    reasons = [r.strip() for r in reasons if r and str(r).strip()]
    if transition.needs_reasons and not reasons:
        raise ValidationFailed(
            f"{transition.label}须填写理由",
            code="reasons_required",
            details={"fields": {"reasons": "请填写理由"}},
        )
    source = redemption.status
    if source not in transition.sources:
        label = RedemptionStatus(source).label
        raise Conflict(
            f"该兑付申请当前状态为“{label}”，不能{transition.label}",
            code="invalid_transition",
            details={"status": source, "action": action},
        )
    now = clock.now()
    update = {"status": transition.target, "decided_at": now, **(values or {})}
    if reasons:
        update["reasons"] = reasons
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if not Redemption.objects.filter(pk=redemption.pk, status=source).update(**update):
            raise Conflict("该兑付申请已被他人处理，请刷新页面查看最新状态", code="stale_status")
        redemption.refresh_from_db()
        RedemptionChange.objects.create(
            redemption=redemption,
            action=action,
            from_status=source,
            to_status=transition.target,
            reasons=reasons,
            actor=user,
            at=now,
        )
        audit.record(
            actor=actor,
            action=f"redemptions.{action}",
            obj=redemption,
            region_code=redemption.region_code,
            data={
                "from": source,
                "to": transition.target,
                "reasons": reasons,
                "number": redemption.number,
            },
        )
    return redemption
