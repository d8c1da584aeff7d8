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


def contract_review(version) -> tuple[dict, str]:
    """The step that reviews a standard contract and generates its voucher, with its article:
    the version's `process.contract_review` (Ningxia 第3步: 平台管理机构审核并生成创新券), else
    the first step of its redemption review chain."""
    cited = version.process.get("contract_review")
    if cited is not None:
        return cited.value, cited.article
    chain = version.process.get("review_chain")
    if chain is None or not chain.value:
        return {}, ""
    return chain.value[0], chain.article
