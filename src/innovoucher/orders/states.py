"""Order and standard-contract lifecycles: statuses and transition tables (`core.lifecycle`);
`orders.services.transition` declares their `Lifecycle`s and applies them with the one engine."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core.lifecycle import SYSTEM as SYSTEM
from innovoucher.core.lifecycle import Transition, transitions


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("待服务机构确认")
    ACCEPTED = "accepted", _("服务中")
    DELIVERED = "delivered", _("服务已完成，待结算")
    SETTLED = "settled", _("已结算")
    CANCELLED = "cancelled", _("已取消")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审核通过（已生成创新券）")
    REJECTED = "rejected", _("不予通过")


class ContractType(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发（委托/合作）")
    TRANSFER = "transfer", _("技术转让（许可）")
    SERVICE = "service", _("技术服务")
    CONSULTING = "consulting", _("技术咨询")


class AttachmentKind(models.TextChoices):
    SIGNED_CONTRACT = "signed_contract", _("签章合同扫描件")
    REGISTRATION = "registration", _("技术合同登记证明")
    OTHER = "other", _("其他附件")


# A contract the client may still change (and submit).
EDITABLE = (ContractStatus.DRAFT, ContractStatus.RETURNED)

CLIENT = "client"  # a person acting for the ordering party
PROVIDER = "provider"  # staff of the provider
REVIEWER = "reviewer"  # the official the policy's review chain names for contracts
# SYSTEM (core.lifecycle): applied by the services themselves

O = OrderStatus
ORDER_TRANSITIONS: dict[str, Transition] = transitions(
    Transition("accept", gettext_noop("确认接单"), frozenset({O.PLACED}), O.ACCEPTED, PROVIDER),
    Transition("deliver", gettext_noop("服务完成"), frozenset({O.ACCEPTED}), O.DELIVERED, PROVIDER),
    Transition("settle", gettext_noop("结算付款"), frozenset({O.DELIVERED}), O.SETTLED, CLIENT),
    Transition(
        "cancel",
        gettext_noop("取消订单"),
        frozenset({O.PLACED, O.ACCEPTED}),
        O.CANCELLED,
        CLIENT,
        needs_reasons=True,
    ),
    Transition(
        "decline",
        gettext_noop("服务机构取消"),
        frozenset({O.PLACED, O.ACCEPTED}),
        O.CANCELLED,
        PROVIDER,
        needs_reasons=True,
    ),
)

C = ContractStatus
CONTRACT_TRANSITIONS: dict[str, Transition] = transitions(
    Transition(
        "submit", gettext_noop("提交审核"), frozenset({C.DRAFT, C.RETURNED}), C.SUBMITTED, CLIENT
    ),
    Transition(
        "approve",
        gettext_noop("审核通过并生成创新券"),
        frozenset({C.SUBMITTED}),
        C.APPROVED,
        REVIEWER,
    ),
    Transition(
        "return",
        gettext_noop("退回修改"),
        frozenset({C.SUBMITTED}),
        C.RETURNED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "reject",
        gettext_noop("不予通过"),
        frozenset({C.SUBMITTED}),
        C.REJECTED,
        REVIEWER,
        needs_reasons=True,
    ),
)

# The tone of each status's badge (`{% status_badge %}`): ok / warn / bad / info / muted.
TONES = {
    O.PLACED: "warn",
    O.ACCEPTED: "info",
    O.DELIVERED: "warn",
    O.SETTLED: "ok",
    O.CANCELLED: "bad",
    C.DRAFT: "muted",
    C.SUBMITTED: "warn",
    C.RETURNED: "warn",
    C.APPROVED: "ok",
    C.REJECTED: "bad",
}
