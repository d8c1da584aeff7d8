"""Statuses and transition tables of supervision, applied by `core.lifecycle`.

sanction:   active ─lift─► lifted (an official, with reasons)
            active ─expire─► expired (the schedule, the day after `ends_on`)
spot check: planned ─start─► in_progress ─report─► findings ─conclude─► concluded
            (in_progress ─conclude─► concluded when nothing was found: outcome no_issue)
clawback:   issued ─repay─► repaid; issued ─flag_overdue─► overdue (schedule) ─repay─► repaid
complaint:  received ─accept─► handling ─answer─► answered
"""

from __future__ import annotations

from django.db import models

from innovoucher.core.lifecycle import SYSTEM, Transition, transitions

OFFICIAL = "official"  # a reviewer of the region the record belongs to


class Scope(models.TextChoices):
    VOUCHERS = "vouchers", "申请使用创新券"
    OTHER_SUPPORT = "other_support", "申报其他科技计划项目和资金支持"
    PROVIDER_ADMISSION = "provider_admission", "服务机构入库"


class SanctionStatus(models.TextChoices):
    ACTIVE = "active", "执行中"
    LIFTED = "lifted", "已撤销"
    EXPIRED = "expired", "已期满"


class CheckStatus(models.TextChoices):
    PLANNED = "planned", "待检查"
    IN_PROGRESS = "in_progress", "检查中"
    FINDINGS = "findings", "已形成检查发现"
    CONCLUDED = "concluded", "已办结"


class Outcome(models.TextChoices):
    NO_ISSUE = "no_issue", "未发现问题"
    RECTIFY = "rectify", "限期整改"
    RECOVER = "recover", "追回资金"
    REFER = "refer", "移送处理"


class SampleMethod(models.TextChoices):
    RANDOM = "random", "随机抽取"
    RISK = "risk", "按风险抽取"
    BOTH = "both", "风险与随机结合"


class ClawbackStatus(models.TextChoices):
    ISSUED = "issued", "待缴回"
    OVERDUE = "overdue", "逾期未缴回"
    REPAID = "repaid", "已缴回"


class ComplaintKind(models.TextChoices):
    QUALITY = "quality", "服务质量投诉"
    FRAUD = "fraud", "违规线索举报"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "已受理登记"
    HANDLING = "handling", "办理中"
    ANSWERED = "answered", "已答复"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "属实"
    PARTLY = "partly", "部分属实"
    NOT_UPHELD = "not_upheld", "不属实"


TONES = {
    SanctionStatus.ACTIVE: "bad",
    SanctionStatus.LIFTED: "muted",
    SanctionStatus.EXPIRED: "muted",
    CheckStatus.PLANNED: "info",
    CheckStatus.IN_PROGRESS: "warn",
    CheckStatus.FINDINGS: "warn",
    CheckStatus.CONCLUDED: "ok",
    ClawbackStatus.ISSUED: "warn",
    ClawbackStatus.OVERDUE: "bad",
    ClawbackStatus.REPAID: "ok",
    ComplaintStatus.RECEIVED: "info",
    ComplaintStatus.HANDLING: "warn",
    ComplaintStatus.ANSWERED: "ok",
}

S, C, K, P = SanctionStatus, CheckStatus, ClawbackStatus, ComplaintStatus

SANCTION_TRANSITIONS = transitions(
    Transition("lift", "撤销惩戒", {S.ACTIVE}, S.LIFTED, OFFICIAL, needs_reasons=True),
    Transition("expire", "期满解除", {S.ACTIVE}, S.EXPIRED, SYSTEM),
)
CHECK_TRANSITIONS = transitions(
    Transition("start", "开始检查", {C.PLANNED}, C.IN_PROGRESS, OFFICIAL),
    Transition("report", "形成检查发现", {C.IN_PROGRESS, C.FINDINGS}, C.FINDINGS, OFFICIAL),
    Transition("conclude", "作出处理结论", {C.IN_PROGRESS, C.FINDINGS}, C.CONCLUDED, OFFICIAL),
)
CLAWBACK_TRANSITIONS = transitions(
    Transition("repay", "登记缴回", {K.ISSUED, K.OVERDUE}, K.REPAID, OFFICIAL),
    Transition("flag_overdue", "逾期提示", {K.ISSUED}, K.OVERDUE, SYSTEM),
)
COMPLAINT_TRANSITIONS = transitions(
    Transition("accept", "受理办理", {P.RECEIVED}, P.HANDLING, OFFICIAL),
    Transition("answer", "答复办结", {P.RECEIVED, P.HANDLING}, P.ANSWERED, OFFICIAL),
)
