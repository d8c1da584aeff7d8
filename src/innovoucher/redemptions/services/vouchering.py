"""The voucher a redemption draws on, through the vouchers app's services.

- An order whose voucher was reserved or deducted at checkout (Shaoxing, Ningxia in-region) redeems
  that voucher's use; the redemption is attached to it.
- A Ningxia standard contract's voucher (one per contract) is the voucher of its order.
- Otherwise the holder's yearly voucher of the policy (claimed, automatic quota or membership) is
  used for the subsidy when the application is filed, and given back when it ends without money.
"""

from __future__ import annotations

from django.db.models import Q

from innovoucher.vouchers import domain as voucher_domain
from innovoucher.vouchers.models import Voucher, VoucherUse
from innovoucher.vouchers.services import money as voucher_money
from innovoucher.vouchers.services.issuance import voucher_grant_membership
from innovoucher.vouchers.states import SPENDABLE, UseStatus

OPEN_USES = (UseStatus.RESERVED, UseStatus.USED, UseStatus.REDEEMED)


def order_use(order) -> VoucherUse | None:
    return (
        VoucherUse.objects.filter(order=order, status__in=OPEN_USES)
        .select_related("voucher")
        .first()
    )


def _contract_voucher(order) -> Voucher | None:
    return Voucher.objects.filter(contract__order=order).first()


def voucher_for(*, order, client, family: str, year: int, version) -> Voucher | None:
    use = order_use(order)
    if use is not None:
        return use.voucher
    voucher = _contract_voucher(order)
    if voucher is not None:
        return voucher
    quota = (
        Voucher.objects.filter(
            holder=client,
            family_slug=family,
            fiscal_year=year,
            status__in=list(SPENDABLE),
            contract__isnull=True,
        )
        .order_by("-id")
        .first()
    )
    if quota is None and voucher_domain.issuance_route(version) == voucher_domain.MEMBERSHIP:
        quota = _grant_membership(client, family)
    return quota


def _grant_membership(client, family: str) -> Voucher | None:
    return voucher_grant_membership(actor=None, holder=client, family=family, system=True)


def remaining_for(
    voucher: Voucher | None, *, order, redemption_id: int | None = None
) -> int | None:
    """What the voucher can still give this application: its remaining amount plus what it already
    holds for this order or application. None when the voucher sets no limit (a membership right)
    or the deduction was made at checkout (the provider claims exactly that)."""
    if voucher is None or voucher.face_fen is None or order.deduction_fen > 0:
        return None
    voucher.refresh_from_db()
    mine = Q(order=order) | Q(redemption_id=redemption_id) if redemption_id else Q(order=order)
    held = VoucherUse.objects.filter(
        mine, voucher=voucher, status__in=[UseStatus.RESERVED, UseStatus.USED]
    )
    return voucher.remaining_fen + sum(u.amount_fen for u in held)


def use(*, actor, voucher: Voucher | None, redemption) -> None:
    if voucher is None or redemption.subsidy_fen <= 0:
        return
    voucher_money.voucher_use(
        actor=actor, voucher=voucher, redemption=redemption, amount_fen=redemption.subsidy_fen
    )


def unuse(*, actor, redemption) -> None:
    if redemption.voucher_id is None:
        return
    voucher_money.voucher_unuse(actor=actor, voucher=redemption.voucher, redemption=redemption)


def reuse(*, actor, redemption) -> None:
    """A resubmission changed the amount: the redemption's own use follows it (a deduction made at
    checkout stays as it was)."""
    if redemption.voucher_id is None or redemption.order.deduction_fen > 0:
        return
    unuse(actor=actor, redemption=redemption)
    use(actor=actor, voucher=redemption.voucher, redemption=redemption)


def mark_redeemed(*, actor, redemption) -> None:
    """The voucher use of a paid redemption is redeemed."""
    if redemption.voucher_id is None:
        return
    voucher_money.voucher_mark_redeemed(
        actor=actor, voucher=redemption.voucher, redemption=redemption
    )
