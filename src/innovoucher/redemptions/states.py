"""Redemption (兑付/兑现) lifecycle: statuses and the transition table, plus the tables of the
review steps, publicity lists, listed items and objections. The one engine (`core.lifecycle`)
applies them (`redemptions.services.lifecycle` declares the `Lifecycle`s) with a compare-and-swap
update, a change row where the lifecycle keeps one, and an audit event.

    submit ─► awaiting_confirmation ─(provider confirms, Shanxi art. 19)─► in_review
    submit ─► in_review ─(each review step of the pinned policy's chain)─► …
    in_review ─return─► returned ─resubmit─► in_review          (history kept, new round)
    in_review ─reject─► rejected
    in_review ─(last step approves)─► publicity   (policy has publicity)
                                   └► approved    (no publicity, e.g. Ningxia)
    publicity ─objection─► in_review (re-deliberation) ; ─close─► approved (批复 issued)
        (shares the publicity does not gate — Liaocheng's province, art. 17 / 20 — are reserved
         as their own claim on entering publicity and paid meanwhile: ADR 0023)
    approved ─(ledger claim_reserve)─► payable | queued | rejected (兑完为止)
    queued ─(budget arrives)─► payable ─(payment batch pays)─► paid
    paid ─recover─► recovered (sanction: funds returned)
    in_review|returned ─(rejected or withdrawn while the early shares are paid or in the bank's
        hands: an upheld objection after the province paid)─► recovering ─recover─► recovered
        (the repayment recorded through the ledger's claim_recover); a payment that fails in the
        bank ─recovery_void─► rejected (nothing to return)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core.lifecycle import SYSTEM, Transition, transitions
from innovoucher.core.lifecycle import actions_from as _actions_from
from innovoucher.orders.states import OrderStatus


class RedemptionStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待服务机构确认")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回修改")
    PUBLICITY = "publicity", _("公示中")
    APPROVED = "approved", _("已审定")
    QUEUED = "queued", _("资金排队中")
    PAYABLE = "payable", _("待拨付")
    PAID = "paid", _("已拨付")
    REJECTED = "rejected", _("不予支持")
    WITHDRAWN = "withdrawn", _("已撤回")
    RECOVERED = "recovered", _("已追回")
    RECOVERING = "recovering", _("不予支持，待追回已拨付资金")


# A redemption in one of these holds its order: one party, one application per service.
ACTIVE = tuple(
    s for s in RedemptionStatus if s not in (RedemptionStatus.REJECTED, RedemptionStatus.WITHDRAWN)
)


class ClaimantKind(models.TextChoices):
    APPLICANT = "applicant", _("服务使用方（企业等）")
    PROVIDER = "provider", _("服务机构")


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("未开始")
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("通过")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("不予支持")
    CANCELLED = "cancelled", _("已取消")


class StepLevel(models.TextChoices):
    COUNTY = "county", _("区县科技部门")
    CITY = "city", _("市科技部门")
    PROVINCE = "province", _("省（区）科技部门")
    AGENCY = "agency", _("平台管理机构")
    EXPERT = "expert", _("专家评审")
    MEETING = "meeting", _("会议审议")


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", _("技术合同")
    INVOICE = "invoice", _("发票")
    PAYMENT_PROOF = "payment_proof", _("付款凭证")
    RESULT_REPORT = "result_report", _("服务结果报告")
    RELEVANCE_PROOF = "relevance_proof", _("检测与研发相关性证明")
    OTHER = "other", _("其他材料")


class CheckVerdict(models.TextChoices):
    PASS = "pass", _("通过")
    REFER = "refer", _("需人工核实")
    FAIL = "fail", _("不通过")


class PublicityStatus(models.TextChoices):
    OPEN = "open", _("公示中")
    CLOSED = "closed", _("已结束")


class ItemStatus(models.TextChoices):
    LISTED = "listed", _("公示中")
    OBJECTED = "objected", _("有异议，重新审议")
    CLEARED = "cleared", _("公示无异议")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


CLAIMANT = "claimant"  # a person acting for the claimant (or the incubator submitting for a team)
PROVIDER = "provider"  # staff of the provider
REVIEWER = "reviewer"  # the official of the pending review step
OFFICIAL = "official"  # a reviewer of the policy's region (publicity, recovery)
# SYSTEM (from core.lifecycle): the services themselves or `innovoucher tick`

# Orders a redemption may be filed for: the service was delivered (and perhaps settled).
REDEEMABLE_ORDER = (OrderStatus.DELIVERED, OrderStatus.SETTLED)

R = RedemptionStatus
TRANSITIONS = transitions(
    Transition(
        "confirm",
        gettext_noop("服务机构确认"),
        frozenset({R.AWAITING_CONFIRMATION}),
        R.IN_REVIEW,
        PROVIDER,
    ),
    Transition(
        "decline",
        gettext_noop("服务机构不予确认"),
        frozenset({R.AWAITING_CONFIRMATION}),
        R.RETURNED,
        PROVIDER,
        needs_reasons=True,
    ),
    Transition(
        "return",
        gettext_noop("退回修改"),
        frozenset({R.IN_REVIEW}),
        R.RETURNED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "resubmit", gettext_noop("修改后重新提交"), frozenset({R.RETURNED}), R.IN_REVIEW, CLAIMANT
    ),
    Transition(
        "reject",
        gettext_noop("不予支持"),
        frozenset({R.IN_REVIEW}),
        R.REJECTED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "withdraw",
        gettext_noop("撤回申请"),
        frozenset({R.AWAITING_CONFIRMATION, R.IN_REVIEW, R.RETURNED}),
        R.WITHDRAWN,
        CLAIMANT,
    ),
    Transition(
        "to_publicity",
        gettext_noop("审核通过，进入公示"),
        frozenset({R.IN_REVIEW}),
        R.PUBLICITY,
        SYSTEM,
    ),
    Transition("approve", gettext_noop("审核通过"), frozenset({R.IN_REVIEW}), R.APPROVED, SYSTEM),
    Transition(
        "reopen", gettext_noop("公示异议，重新审议"), frozenset({R.PUBLICITY}), R.IN_REVIEW, SYSTEM
    ),
    Transition(
        "publicity_pass",
        gettext_noop("公示期满无异议"),
        frozenset({R.PUBLICITY}),
        R.APPROVED,
        SYSTEM,
    ),
    Transition(
        "reserve",
        gettext_noop("资金已预留，待拨付"),
        frozenset({R.APPROVED, R.QUEUED}),
        R.PAYABLE,
        SYSTEM,
    ),
    Transition(
        "queue", gettext_noop("预算不足，排队等待"), frozenset({R.APPROVED}), R.QUEUED, SYSTEM
    ),
    Transition(
        "exhausted",
        gettext_noop("预算已兑完"),
        frozenset({R.APPROVED, R.QUEUED}),
        R.REJECTED,
        SYSTEM,
    ),
    Transition("pay", gettext_noop("已拨付"), frozenset({R.PAYABLE}), R.PAID, SYSTEM),
    Transition(
        "reject_recover",
        gettext_noop("不予支持，追回已拨付资金"),
        frozenset({R.IN_REVIEW}),
        R.RECOVERING,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "withdraw_recover",
        gettext_noop("撤回申请，缴回已拨付资金"),
        frozenset({R.IN_REVIEW, R.RETURNED}),
        R.RECOVERING,
        CLAIMANT,
    ),
    Transition(
        "recover",
        gettext_noop("追回资金"),
        frozenset({R.PAID, R.RECOVERING}),
        R.RECOVERED,
        OFFICIAL,
        needs_reasons=True,
    ),
    Transition(
        "recovery_void",
        gettext_noop("支付未成功，无需缴回"),
        frozenset({R.RECOVERING}),
        R.REJECTED,
        SYSTEM,
        needs_reasons=True,
    ),
)


def actions_from(status: str, by: str) -> list[Transition]:
    return _actions_from(TRANSITIONS, status, by)


# One review step of a round: the first is pending, the others wait; one pending at a time.
S = StepStatus
STEP_TRANSITIONS = transitions(
    Transition(
        "activate", gettext_noop("轮到本环节审核"), frozenset({S.WAITING}), S.PENDING, SYSTEM
    ),
    Transition("approve", gettext_noop("审核通过"), frozenset({S.PENDING}), S.APPROVED, REVIEWER),
    Transition(
        "return",
        gettext_noop("退回修改"),
        frozenset({S.PENDING}),
        S.RETURNED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "reject",
        gettext_noop("不予支持"),
        frozenset({S.PENDING}),
        S.REJECTED,
        REVIEWER,
        needs_reasons=True,
    ),
)

# A publicity list: open while it is prepared and runs; closed by the tick once no item is listed.
PUBLICITY_TRANSITIONS = transitions(
    Transition(
        "close",
        gettext_noop("公示期满，结束公示"),
        frozenset({PublicityStatus.OPEN}),
        PublicityStatus.CLOSED,
        SYSTEM,
    ),
)

# One listed redemption: an objection sends it back to review; the close of the period clears it.
ITEM_TRANSITIONS = transitions(
    Transition(
        "object",
        gettext_noop("收到异议，重新审议"),
        frozenset({ItemStatus.LISTED}),
        ItemStatus.OBJECTED,
        SYSTEM,
    ),
    Transition(
        "clear",
        gettext_noop("公示期满无异议"),
        frozenset({ItemStatus.LISTED}),
        ItemStatus.CLEARED,
        SYSTEM,
    ),
)

# An objection, decided by the official of the publishing body.
O = ObjectionStatus
OBJECTION_TRANSITIONS = transitions(
    Transition("uphold", gettext_noop("异议成立"), frozenset({O.OPEN}), O.UPHELD, OFFICIAL),
    Transition("dismiss", gettext_noop("异议不成立"), frozenset({O.OPEN}), O.DISMISSED, OFFICIAL),
)
OBJECTION_ACTION = {O.UPHELD: "uphold", O.DISMISSED: "dismiss"}

# The tone of each status's badge (`{% status_badge %}`): redemptions, steps, lists, items,
# objections and the automatic first check's verdicts (the values never clash in meaning).
TONES = {
    R.AWAITING_CONFIRMATION: "warn",
    R.IN_REVIEW: "info",
    R.RETURNED: "warn",
    R.PUBLICITY: "info",
    R.APPROVED: "ok",
    R.QUEUED: "warn",
    R.PAYABLE: "ok",
    R.PAID: "ok",
    R.REJECTED: "bad",
    R.WITHDRAWN: "muted",
    R.RECOVERED: "bad",
    R.RECOVERING: "bad",
    S.WAITING: "muted",
    S.PENDING: "warn",
    S.CANCELLED: "muted",
    PublicityStatus.OPEN: "warn",
    PublicityStatus.CLOSED: "muted",
    ItemStatus.LISTED: "warn",
    ItemStatus.OBJECTED: "bad",
    ItemStatus.CLEARED: "ok",
    O.UPHELD: "bad",
    O.DISMISSED: "ok",
    CheckVerdict.PASS: "ok",
    CheckVerdict.REFER: "warn",
    CheckVerdict.FAIL: "bad",
}
