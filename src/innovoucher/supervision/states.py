"""Statuses and transition tables of supervision, applied by `core.lifecycle`.

sanction:   active ─lift─► lifted (an official, with reasons)
            active ─expire─► expired (the schedule, the day after `ends_on`)
spot check: planned ─start─► in_progress ─report─► findings ─conclude─► concluded
            (in_progress ─conclude─► concluded when nothing was found: outcome no_issue)
clawback:   issued ─repay─► repaid; issued ─flag_overdue─► overdue (schedule) ─repay─► repaid
complaint:  received ─accept─► handling ─answer─► answered
credit import: queued ─start─► running ─finish─► done; ─reject─► rejected (bad rows, nothing kept)
measure:    rectifying ─report─► reported ─accept─► closed; reported ─reject─► rectifying;
            rectifying ─flag_overdue─► overdue (schedule: deadline passed unanswered) ─report─►
            reported;
            rectifying|reported|overdue ─stop─► stopped (deadline passed) ─disqualify─► disqualified
            (a 限期整改 of a spot check is a measure too, on the party the official named)
bulletin:   draft ─publish─► published
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core.lifecycle import SYSTEM, Transition, transitions
from innovoucher.registry.fitness import Scope as Scope  # declared with the hooks it answers

OFFICIAL = "official"  # a reviewer of the region the record belongs to


class SanctionStatus(models.TextChoices):
    ACTIVE = "active", _("执行中")
    LIFTED = "lifted", _("已撤销")
    EXPIRED = "expired", _("已期满")


class CheckStatus(models.TextChoices):
    PLANNED = "planned", _("待检查")
    IN_PROGRESS = "in_progress", _("检查中")
    FINDINGS = "findings", _("已形成检查发现")
    CONCLUDED = "concluded", _("已办结")


class Outcome(models.TextChoices):
    NO_ISSUE = "no_issue", _("未发现问题")
    RECTIFY = "rectify", _("限期整改")
    RECOVER = "recover", _("追回资金")
    REFER = "refer", _("移送处理")


class SampleMethod(models.TextChoices):
    RANDOM = "random", _("随机抽取")
    RISK = "risk", _("按风险抽取")
    BOTH = "both", _("风险与随机结合")


class ClawbackStatus(models.TextChoices):
    ISSUED = "issued", _("待缴回")
    OVERDUE = "overdue", _("逾期未缴回")
    REPAID = "repaid", _("已缴回")


class ComplaintKind(models.TextChoices):
    QUALITY = "quality", _("服务质量投诉")
    FRAUD = "fraud", _("违规线索举报")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已受理登记")
    HANDLING = "handling", _("办理中")
    ANSWERED = "answered", _("已答复")


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", _("属实")
    PARTLY = "partly", _("部分属实")
    NOT_UPHELD = "not_upheld", _("不属实")


class ListKind(models.TextChoices):
    DISHONEST = "dishonest", _("失信主体名单（信用中国）")
    ABNORMAL = "abnormal", _("经营异常名录")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已导入")
    REJECTED = "rejected", _("未导入（数据有误）")


class MeasureStatus(models.TextChoices):
    RECTIFYING = "rectifying", _("限期整改中")
    REPORTED = "reported", _("整改报告待审")
    OVERDUE = "overdue", _("逾期未整改")
    CLOSED = "closed", _("整改完成")
    STOPPED = "stopped", _("已停止服务")
    DISQUALIFIED = "disqualified", _("已取消资格")


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


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
    ImportStatus.QUEUED: "info",
    ImportStatus.RUNNING: "warn",
    ImportStatus.DONE: "ok",
    ImportStatus.REJECTED: "bad",
    MeasureStatus.RECTIFYING: "warn",
    MeasureStatus.REPORTED: "info",
    MeasureStatus.OVERDUE: "bad",
    MeasureStatus.CLOSED: "ok",
    MeasureStatus.STOPPED: "bad",
    MeasureStatus.DISQUALIFIED: "bad",
    BulletinStatus.DRAFT: "info",
    BulletinStatus.PUBLISHED: "ok",
}
PROVIDER = "provider"  # the staff of the provider a supervision measure concerns

S, C, K, P = SanctionStatus, CheckStatus, ClawbackStatus, ComplaintStatus
I, M, B = ImportStatus, MeasureStatus, BulletinStatus

SANCTION_TRANSITIONS = transitions(
    Transition(
        "lift", gettext_noop("撤销惩戒"), {S.ACTIVE}, S.LIFTED, OFFICIAL, needs_reasons=True
    ),
    Transition("expire", gettext_noop("期满解除"), {S.ACTIVE}, S.EXPIRED, SYSTEM),
)
CHECK_TRANSITIONS = transitions(
    Transition("start", gettext_noop("开始检查"), {C.PLANNED}, C.IN_PROGRESS, OFFICIAL),
    Transition(
        "report", gettext_noop("形成检查发现"), {C.IN_PROGRESS, C.FINDINGS}, C.FINDINGS, OFFICIAL
    ),
    Transition(
        "conclude", gettext_noop("作出处理结论"), {C.IN_PROGRESS, C.FINDINGS}, C.CONCLUDED, OFFICIAL
    ),
)
CLAWBACK_TRANSITIONS = transitions(
    Transition("repay", gettext_noop("登记缴回"), {K.ISSUED, K.OVERDUE}, K.REPAID, OFFICIAL),
    Transition("flag_overdue", gettext_noop("逾期提示"), {K.ISSUED}, K.OVERDUE, SYSTEM),
)
COMPLAINT_TRANSITIONS = transitions(
    Transition("accept", gettext_noop("受理办理"), {P.RECEIVED}, P.HANDLING, OFFICIAL),
    Transition("answer", gettext_noop("答复办结"), {P.RECEIVED, P.HANDLING}, P.ANSWERED, OFFICIAL),
)
IMPORT_TRANSITIONS = transitions(
    Transition("start", gettext_noop("开始导入"), {I.QUEUED}, I.RUNNING, SYSTEM),
    Transition("finish", gettext_noop("导入完成"), {I.RUNNING}, I.DONE, SYSTEM),
    Transition(
        "reject", gettext_noop("数据有误未导入"), {I.QUEUED, I.RUNNING}, I.REJECTED, SYSTEM, True
    ),
)
MEASURE_TRANSITIONS = transitions(
    Transition(
        "report", gettext_noop("提交整改报告"), {M.RECTIFYING, M.OVERDUE}, M.REPORTED, PROVIDER
    ),
    Transition("accept", gettext_noop("整改验收通过"), {M.REPORTED}, M.CLOSED, OFFICIAL),
    Transition(
        "reject",
        gettext_noop("整改不到位"),
        {M.REPORTED},
        M.RECTIFYING,
        OFFICIAL,
        needs_reasons=True,
    ),
    Transition("flag_overdue", gettext_noop("逾期提示"), {M.RECTIFYING}, M.OVERDUE, SYSTEM),
    Transition(
        "stop",
        gettext_noop("拒不整改，停止服务"),
        {M.RECTIFYING, M.REPORTED, M.OVERDUE},
        M.STOPPED,
        OFFICIAL,
        True,
    ),
    Transition(
        "disqualify", gettext_noop("取消服务机构资格"), {M.STOPPED}, M.DISQUALIFIED, OFFICIAL, True
    ),
)
BULLETIN_TRANSITIONS = transitions(
    Transition("publish", gettext_noop("发布通报"), {B.DRAFT}, B.PUBLISHED, OFFICIAL),
)
