"""Voucher lifecycle: statuses and the transition table (`core.lifecycle`). One executor
(`vouchers.services.transition.apply_transition`) applies it with a compare-and-swap update.

A voucher is an entitlement of one holder under one policy: `face_fen` is what it is worth
(NULL for a membership right whose amount is decided at redemption), and its money moves
through `VoucherUse` rows (reserved by an order → used at settlement or redemption →
redeemed when paid, or released). The voucher's own status says where the whole voucher is.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core.lifecycle import SYSTEM, Transition, transitions


class IssuanceMode(models.TextChoices):
    APPLICATION = "application", _("申领发放")
    AUTOMATIC = "automatic", _("免申即享")
    MEMBERSHIP = "membership", _("注册即获使用资格")


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", _("已发放")
    RESERVED = "reserved", _("订单占用中")
    USED = "used", _("已使用")
    REDEEMED = "redeemed", _("已兑付")
    EXPIRED = "expired", _("已过期")
    RETURNED = "returned", _("已退券")
    REVOKED = "revoked", _("已收回")


# A voucher in one of these can still be applied to an order.
SPENDABLE = (VoucherStatus.ISSUED, VoucherStatus.RESERVED)
FINAL = (
    VoucherStatus.REDEEMED,
    VoucherStatus.EXPIRED,
    VoucherStatus.RETURNED,
    VoucherStatus.REVOKED,
)


class UseStatus(models.TextChoices):
    RESERVED = "reserved", _("已占用")
    USED = "used", _("已抵扣/已使用")
    REDEEMED = "redeemed", _("已兑付")
    RELEASED = "released", _("已释放")


HOLDER = "holder"  # a person acting for the holder organisation
OFFICIAL = "official"  # a reviewer / operator of the policy's region
# SYSTEM (core.lifecycle): the service itself or `innovoucher tick`


S = VoucherStatus
# Money moves marked `derived` land on the status the amounts say: a yearly quota used for one
# order of several stays `issued` while money remains; it is `used` once its face is spent and
# `redeemed` once every use of it is paid.
LIVE = (S.ISSUED, S.RESERVED, S.USED, S.REDEEMED)
# A use made while the voucher was valid can still be undone or paid after the voucher ended:
# these money moves are also allowed from the ended statuses below, and leave the status as it is.
AFTER_END: dict[str, frozenset[str]] = {
    "release": frozenset({S.EXPIRED, S.RETURNED, S.REVOKED}),
    "unuse": frozenset({S.EXPIRED, S.RETURNED, S.REVOKED}),
    "redeem": frozenset({S.EXPIRED, S.RETURNED}),
}
TRANSITIONS: dict[str, Transition] = transitions(
    Transition(
        "reserve", gettext_noop("下单占用"), frozenset({S.ISSUED, S.RESERVED}), S.RESERVED, SYSTEM
    ),
    Transition(
        "release",
        gettext_noop("取消订单释放"),
        frozenset({S.RESERVED}),
        S.ISSUED,
        SYSTEM,
        derived=True,
    ),
    Transition(
        "use",
        gettext_noop("使用（抵扣或申请兑付）"),
        frozenset({S.ISSUED, S.RESERVED}),
        S.USED,
        SYSTEM,
        derived=True,
    ),
    Transition(
        "unuse",
        gettext_noop("兑付未通过恢复可用"),
        frozenset({S.ISSUED, S.RESERVED, S.USED}),
        S.ISSUED,
        SYSTEM,
        derived=True,
    ),
    Transition(
        "redeem",
        gettext_noop("兑付完成"),
        frozenset({S.ISSUED, S.RESERVED, S.USED}),
        S.REDEEMED,
        SYSTEM,
        derived=True,
    ),
    Transition("expire", gettext_noop("到期失效"), frozenset({S.ISSUED}), S.EXPIRED, SYSTEM),
    Transition("return", gettext_noop("退券"), frozenset({S.ISSUED}), S.RETURNED, HOLDER),
    Transition(
        "revoke",
        gettext_noop("收回"),
        frozenset({S.ISSUED, S.RESERVED, S.USED}),
        S.REVOKED,
        OFFICIAL,
        needs_reasons=True,
    ),
)


# The tone of each status's badge (`{% status_badge %}`): ok / warn / bad / info / muted.
TONES = {
    S.ISSUED: "ok",
    S.RESERVED: "warn",
    S.USED: "warn",
    S.REDEEMED: "info",
    S.EXPIRED: "bad",
    S.RETURNED: "muted",
    S.REVOKED: "bad",
}
