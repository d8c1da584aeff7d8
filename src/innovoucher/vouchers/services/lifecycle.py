"""The holder's 退券, an official's 收回 and expiry (tick)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.notifications.services import notify_organisation
from innovoucher.vouchers.models import Voucher, VoucherUse
from innovoucher.vouchers.services.transition import apply_transition
from innovoucher.vouchers.states import HOLDER, OFFICIAL, SYSTEM, UseStatus, VoucherStatus


def voucher_return(*, actor, voucher: Voucher, reasons=()) -> Voucher:
    """退券: the holder gives up what remains of a voucher nothing is held on."""
    voucher = apply_transition(
        actor=actor,
        voucher=voucher,
        action="return",
        by=HOLDER,
        reasons=reasons or ["持券主体申请退券"],
        guard={"reserved_fen": 0},
    )
    notify_organisation(
        organisation=voucher.holder,
        subject=f"创新券{voucher.number}已退券",
        url=reverse("vouchers:detail", args=[voucher.pk]),
        key=f"voucher:{voucher.pk}:returned",
        email=False,
    )
    return voucher


def voucher_return_unused(*, actor, voucher: Voucher, reason: str) -> Voucher | None:
    """The system gives back a voucher that can no longer be used (its order was cancelled)."""
    if voucher.status != VoucherStatus.ISSUED or voucher.used_fen or voucher.reserved_fen:
        return None
    return apply_transition(
        actor=actor,
        voucher=voucher,
        action="return",
        by=HOLDER,
        reasons=[reason],
        guard={"reserved_fen": 0, "used_fen": 0},
        authorized=True,  # the order's cancellation (by either side) gives it back
    )


def voucher_revoke(*, actor, voucher: Voucher, reasons) -> Voucher:
    """收回: an official of the holder's region takes the voucher back; open order holds are
    released."""
    held = voucher.reserved_fen

    def release_holds(v):
        VoucherUse.objects.filter(voucher=v, status=UseStatus.RESERVED).update(
            status=UseStatus.RELEASED, updated_at=clock.now()
        )

    with transaction.atomic():
        voucher = apply_transition(
            actor=actor,
            voucher=voucher,
            action="revoke",
            by=OFFICIAL,
            reasons=reasons,
            reserved_delta=-held,
            guard={"reserved_fen": held},
            effect=release_holds,
        )
        notify_organisation(
            organisation=voucher.holder,
            subject=f"创新券{voucher.number}已被收回",
            body="理由：" + "；".join(voucher.reasons),
            url=reverse("vouchers:detail", args=[voucher.pk]),
            key=f"voucher:{voucher.pk}:revoked",
        )
    return voucher


def vouchers_expire(*, actor=None) -> int:
    """Issued vouchers past their last valid day become expired. Idempotent (tick)."""
    today = clock.today()
    changed = 0
    for voucher in Voucher.objects.filter(
        status=VoucherStatus.ISSUED, valid_until__lt=today
    ).order_by("id"):
        try:
            with transaction.atomic():
                apply_transition(actor=actor, voucher=voucher, action="expire", by=SYSTEM)
                notify_organisation(
                    organisation=voucher.holder,
                    subject=f"创新券{voucher.number}已到期失效",
                    url=reverse("vouchers:detail", args=[voucher.pk]),
                    key=f"voucher:{voucher.pk}:expired",
                    email=False,
                )
        except Conflict:
            continue  # an order took it meanwhile; the next tick looks again
        changed += 1
    return changed
