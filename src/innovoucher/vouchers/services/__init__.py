"""Voucher services: every change to a voucher goes through one of these functions."""

from innovoucher.vouchers.policy import pinned_version
from innovoucher.vouchers.services.issuance import (
    holder_year_committed,
    voucher_claim,
    voucher_grant_membership,
    voucher_issue_for_contract,
    vouchers_grant_membership_all,
    vouchers_issue_automatic,
)
from innovoucher.vouchers.services.lifecycle import (
    voucher_return,
    voucher_return_unused,
    voucher_revoke,
    vouchers_expire,
)
from innovoucher.vouchers.services.money import (
    voucher_mark_redeemed,
    voucher_release_for_order,
    voucher_reserve_for_order,
    voucher_unuse,
    voucher_use,
)
from innovoucher.vouchers.services.transition import apply_transition

__all__ = [
    "apply_transition",
    "holder_year_committed",
    "pinned_version",
    "voucher_claim",
    "voucher_grant_membership",
    "voucher_issue_for_contract",
    "voucher_mark_redeemed",
    "voucher_release_for_order",
    "voucher_reserve_for_order",
    "voucher_return",
    "voucher_return_unused",
    "voucher_revoke",
    "voucher_unuse",
    "voucher_use",
    "vouchers_expire",
    "vouchers_grant_membership_all",
    "vouchers_issue_automatic",
]
