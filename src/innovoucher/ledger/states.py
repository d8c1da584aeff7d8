"""The ledger's three lifecycles: claims, payment batches and payment lines.

Statuses are `TextChoices` (the models' CHECK constraints name them); each table is a
`core.lifecycle` transition table. The executors live in `ledger.services.transitions`: pure
status moves go through `transition_apply`; a move that shares its transaction with balance
changes (reserving a claim, releasing it) keeps its own compare-and-swap and records through
`transition_record`. `TONES` colours the status badges (`{% status_badge %}`).

Who acts: `finance` is a finance officer of the paying region (export a batch, enter the
bank's result); `system` moves are made by the ledger services themselves, on behalf of the
voucher lifecycle that calls them (reserve, queue, reject, release, pay).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core.lifecycle import SYSTEM, Transition, transitions

FINANCE = "finance"


class ClaimStatus(models.TextChoices):
    QUEUED = "queued", _("排队待资金")
    RESERVED = "reserved", _("已预留")
    PAID = "paid", _("已支付")
    REJECTED = "rejected", _("未获兑付")
    RELEASED = "released", _("已释放")


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("待导出")
    EXPORTED = "exported", _("已导出待回执")
    RECONCILED = "reconciled", _("已对账")


class LineStatus(models.TextChoices):
    PENDING = "pending", _("待导出")
    EXPORTED = "exported", _("已导出")
    PAID = "paid", _("已到账")
    FAILED = "failed", _("支付失败")
    CANCELLED = "cancelled", _("已取消")
    HELD = "held", _("暂缓：收款账户未登记或未核验")


C, B, L = ClaimStatus, BatchStatus, LineStatus

# A claim is registered `queued` and tried at once: reserved, left waiting, or rejected.
CLAIM_TRANSITIONS = transitions(
    Transition("reserve", gettext_noop("预留资金"), {C.QUEUED}, C.RESERVED, SYSTEM),
    Transition(
        "wait", gettext_noop("排队等待资金（或结转下一年度）"), {C.QUEUED}, C.QUEUED, SYSTEM
    ),
    Transition(
        "reject", gettext_noop("不予兑付（兑完为止或超过年度上限）"), {C.QUEUED}, C.REJECTED, SYSTEM
    ),
    Transition("release", gettext_noop("释放资金"), {C.QUEUED, C.RESERVED}, C.RELEASED, SYSTEM),
    Transition("pay", gettext_noop("全部份额支付到账"), {C.RESERVED}, C.PAID, SYSTEM),
)

BATCH_TRANSITIONS = transitions(
    Transition("export", gettext_noop("导出银行支付文件"), {B.DRAFT}, B.EXPORTED, FINANCE),
    Transition(
        "reconcile", gettext_noop("全部明细有回执，对账完成"), {B.EXPORTED}, B.RECONCILED, SYSTEM
    ),
)

LINE_TRANSITIONS = transitions(
    Transition("export", gettext_noop("随批次导出"), {L.PENDING}, L.EXPORTED, SYSTEM),
    Transition("pay", gettext_noop("银行回执：到账"), {L.EXPORTED}, L.PAID, FINANCE),
    Transition("fail", gettext_noop("银行回执：失败"), {L.EXPORTED}, L.FAILED, FINANCE),
    Transition("cancel", gettext_noop("兑付申请释放，明细取消"), {L.PENDING}, L.CANCELLED, SYSTEM),
    Transition(
        "hold", gettext_noop("收款账户未登记或未核验，暂缓导出"), {L.PENDING}, L.HELD, SYSTEM
    ),
)

# Badge tones for every status of the three tables (a value means the same in each).
TONES = {
    C.QUEUED: "warn",
    C.RESERVED: "ok",
    C.PAID: "ok",
    C.REJECTED: "bad",
    C.RELEASED: "bad",
    B.DRAFT: "warn",
    B.EXPORTED: "warn",
    B.RECONCILED: "ok",
    L.PENDING: "warn",
    L.FAILED: "bad",
    L.CANCELLED: "bad",
    L.HELD: "bad",
}
