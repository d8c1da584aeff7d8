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

from innovoucher.core.lifecycle import SYSTEM, Transition, transitions

FINANCE = "finance"


class ClaimStatus(models.TextChoices):
    QUEUED = "queued", "排队待资金"
    RESERVED = "reserved", "已预留"
    PAID = "paid", "已支付"
    REJECTED = "rejected", "未获兑付"
    RELEASED = "released", "已释放"


class BatchStatus(models.TextChoices):
    DRAFT = "draft", "待导出"
    EXPORTED = "exported", "已导出待回执"
    RECONCILED = "reconciled", "已对账"


class LineStatus(models.TextChoices):
    PENDING = "pending", "待导出"
    EXPORTED = "exported", "已导出"
    PAID = "paid", "已到账"
    FAILED = "failed", "支付失败"
    CANCELLED = "cancelled", "已取消"
    HELD = "held", "暂缓：收款账户未登记或未核验"


C, B, L = ClaimStatus, BatchStatus, LineStatus

# A claim is registered `queued` and tried at once: reserved, left waiting, or rejected.
CLAIM_TRANSITIONS = transitions(
    Transition("reserve", "预留资金", {C.QUEUED}, C.RESERVED, SYSTEM),
    Transition("wait", "排队等待资金（或结转下一年度）", {C.QUEUED}, C.QUEUED, SYSTEM),
    Transition("reject", "不予兑付（兑完为止或超过年度上限）", {C.QUEUED}, C.REJECTED, SYSTEM),
    Transition("release", "释放资金", {C.QUEUED, C.RESERVED}, C.RELEASED, SYSTEM),
    Transition("pay", "全部份额支付到账", {C.RESERVED}, C.PAID, SYSTEM),
)

BATCH_TRANSITIONS = transitions(
    Transition("export", "导出银行支付文件", {B.DRAFT}, B.EXPORTED, FINANCE),
    Transition("reconcile", "全部明细有回执，对账完成", {B.EXPORTED}, B.RECONCILED, SYSTEM),
)

LINE_TRANSITIONS = transitions(
    Transition("export", "随批次导出", {L.PENDING}, L.EXPORTED, SYSTEM),
    Transition("pay", "银行回执：到账", {L.EXPORTED}, L.PAID, FINANCE),
    Transition("fail", "银行回执：失败", {L.EXPORTED}, L.FAILED, FINANCE),
    Transition("cancel", "兑付申请释放，明细取消", {L.PENDING}, L.CANCELLED, SYSTEM),
    Transition("hold", "收款账户未登记或未核验，暂缓导出", {L.PENDING}, L.HELD, SYSTEM),
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
