"""Pure voucher rules: validity windows, the status the amounts imply, how a policy issues its
vouchers and what face value a holder's kind gets. No Django here (tested without a database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from innovoucher.policies.engine.dates import window_end
from innovoucher.policies.engine.model import Cap, PolicyVersion

# Voucher statuses (the values of `vouchers.states.VoucherStatus`, repeated here to stay pure).
ISSUED, RESERVED, USED, REDEEMED = "issued", "reserved", "used", "redeemed"

# How a policy issues vouchers (`process.issuance`, refined by what the voucher is tied to).
# - claim: application without a contract, the holder claims its yearly voucher (Shaoxing 在线申领,
#   Shanxi 即申即用);
# - per_contract: application with a contract, one voucher per approved standard contract (Ningxia);
# - automatic: 免申即享, every eligible organisation gets its yearly quota (Urumqi);
# - membership: registration gives the right to use vouchers, the amount is fixed at redemption
#   (Liaocheng).
CLAIM = "claim"
PER_CONTRACT = "per_contract"
AUTOMATIC = "automatic"
MEMBERSHIP = "membership"


def issuance_route(version: PolicyVersion) -> str | None:
    """Which issuing route a policy version uses.

    The policy files have no explicit "one voucher per contract" parameter. A policy that issues
    on application *and* computes its subsidy on the contract amount (`base: contract_amount`,
    Ningxia: 「每份合同对应一张创新券」) issues one voucher per contract; an application policy
    computed on the amount paid (Shaoxing, Shanxi) issues one claimed yearly voucher.
    """
    issuance = version.process.get("issuance")
    if issuance is None:
        return None
    if issuance.value == "automatic":
        return AUTOMATIC
    if issuance.value == "membership":
        return MEMBERSHIP
    return PER_CONTRACT if version.base.value == "contract_amount" else CLAIM


def yearly_cap(version: PolicyVersion, kind: str) -> Cap | None:
    """The `applicant_year` cap for a holder of quote kind `kind` (a kinds-specific cap wins)."""
    caps = [
        c for c in version.caps if c.scope == "applicant_year" and (not c.kinds or kind in c.kinds)
    ]
    specific = [c for c in caps if c.kinds]
    return (specific or caps or [None])[0]


def valid_until(validity: dict | None, issued_on: dt.date) -> dt.date | None:
    """Last valid day of a voucher issued on `issued_on`; None when the policy sets no validity or
    counts it from the service's completion (known only at redemption: see `redeem_deadline`)."""
    if not validity or validity.get("from") != "issue":
        return None
    return window_end(issued_on, validity)


def redeem_deadline(
    validity_param: dict | None, completed_on: dt.date | None, issued_on: dt.date | None
) -> dt.date | None:
    """Last day on which a voucher can still be used for a service.

    `validity_param` is the policy's `process.validity` value, e.g. ``{"months": 6, "from":
    "completion"}`` (Liaocheng art. 17: 自科技创新服务完成之日起6个月内有效) or ``{"years": 1,
    "from": "issue"}`` (Ningxia). 以内 counts the last day. None when the policy sets no validity
    or the date it counts from is not known yet.
    """
    if not validity_param:
        return None
    start = completed_on if validity_param.get("from") == "completion" else issued_on
    return None if start is None else window_end(start, validity_param)


def derive_status(
    *, face_fen: int | None, reserved_fen: int, used_fen: int, redeemed_fen: int
) -> str:
    """The status a live voucher's amounts imply (see `vouchers.states`)."""
    if reserved_fen > 0:
        return RESERVED
    if face_fen is None or face_fen - used_fen > 0:
        return ISSUED
    if used_fen > 0 and redeemed_fen >= used_fen:
        return REDEEMED
    return USED


@dataclass(frozen=True)
class Committed:
    """Money of a holder's vouchers that counts against the yearly cap."""

    face_fen: int  # faces of live vouchers
    used_fen: int  # money actually used on vouchers that ended (expired / returned / revoked)

    @property
    def total(self) -> int:
        return self.face_fen + self.used_fen


def committed(vouchers: list[tuple[str, int | None, int]]) -> Committed:
    """What a holder's vouchers of one year already take from its yearly cap.

    `vouchers` are (status, face_fen, used_fen). A live voucher takes its whole face; one that
    expired, was returned or revoked takes only what was used of it before it ended.
    """
    live = sum(
        face or 0 for status, face, _ in vouchers if status in (ISSUED, RESERVED, USED, REDEEMED)
    )
    ended = sum(
        used for status, _, used in vouchers if status not in (ISSUED, RESERVED, USED, REDEEMED)
    )
    return Committed(live, ended)


def voucher_number(prefix: str, year: int, region: str, suffix: str) -> str:
    """券号/订单号/合同编号: prefix + year + region + a random suffix, e.g.
    KJQ2026640104-3F9A2C71."""
    return f"{prefix}{year}{region}-{suffix.upper()}"[:32]
