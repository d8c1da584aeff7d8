"""Time-based voucher steps for `innovoucher tick` (each idempotent: a second run changes
nothing)."""

from __future__ import annotations

from innovoucher.core import clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.policies.models import PolicyFamily
from innovoucher.vouchers import domain
from innovoucher.vouchers.policy import pinned_version
from innovoucher.vouchers.services import (
    vouchers_expire,
    vouchers_grant_membership_all,
    vouchers_issue_automatic,
)


def _families_with(route: str) -> list[str]:
    today = clock.today()
    result = []
    for slug in PolicyFamily.objects.values_list("slug", flat=True):
        try:
            if pinned_version(slug, today).route == route:
                result.append(slug)
        except ValidationFailed:
            continue  # no version in force today
    return result


def issue_automatic(moment) -> int:
    """免申即享: this year's quota for every eligible organisation of each automatic policy."""
    year = clock.today().year
    return sum(
        vouchers_issue_automatic(actor=None, family=f, year=year, system=True)
        for f in _families_with(domain.AUTOMATIC)
    )


def grant_membership(moment) -> int:
    """注册即获资格: this year's right for every verified party of each membership policy."""
    return sum(
        vouchers_grant_membership_all(actor=None, family=f, system=True)
        for f in _families_with(domain.MEMBERSHIP)
    )


def expire(moment) -> int:
    return vouchers_expire(actor=None)


TICK_STEPS = [
    (300, "创新券到期失效", expire),
    (310, "免申即享创新券年度发放", issue_automatic),
    (320, "注册会员创新券使用资格", grant_membership),
]
