"""The policy version an order's contract is judged under (read by permissions and selectors)."""

from __future__ import annotations

from django.utils import timezone

from innovoucher.core import clock
from innovoucher.vouchers.policy import Pinned, pinned_version


def contract_version(contract) -> Pinned:
    """The version in force when the contract was (last) submitted; today's before that."""
    on = (
        timezone.localtime(contract.submitted_at).date() if contract.submitted_at else clock.today()
    )
    return pinned_version(contract.family_slug, on)
