"""What an application holds while it is alive — its invoice number and its voucher use — and
their release when it ends without money (withdrawn, rejected, refused for want of budget)."""

from __future__ import annotations

from innovoucher.core import clock
from innovoucher.redemptions.models import Invoice, Redemption
from innovoucher.redemptions.services import vouchering


def release_holdings(*, actor, redemption: Redemption) -> None:
    """Free the invoice number and give the voucher use back (inside the caller's transaction)."""
    Invoice.objects.filter(redemption=redemption, released_at__isnull=True).update(
        released_at=clock.now()
    )
    vouchering.unuse(actor=actor, redemption=redemption)
