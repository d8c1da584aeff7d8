"""Statuses and transition tables of evaluation, applied by `core.lifecycle`.

round:  open ─decide─► decided ─publish─► published      (an official of the round's region)
        decided ─reopen─► open                             (with reasons, before publishing)
award:  proposed ─approve─► approved   (the ledger claim is registered: reserved or queued)
        proposed ─withdraw─► withdrawn (with reasons)

The payment of an approved award is the ledger's: its claim is reserved against the funders'
服务机构补助 budgets and paid in a payment batch like any claim (see services/awards.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core.lifecycle import Transition, transitions

OFFICIAL = "official"  # a reviewer of the round's region


class RoundKind(models.TextChoices):
    PROVIDER = "provider", _("服务机构评价")
    COUNTY = "county", _("县（市、区）创新券工作评价")
    SCHEME = "scheme", _("创新券年度绩效评价")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("评价中")
    DECIDED = "decided", _("已评定")
    PUBLISHED = "published", _("已公布")


class Grade(models.TextChoices):
    A = "A", _("A（优秀）")
    B = "B", _("B（良好）")
    C = "C", _("C（合格）")
    D = "D", _("D（差）")


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审定拨付")
    APPROVED = "approved", _("已审定，进入资金拨付")
    WITHDRAWN = "withdrawn", _("已撤销")


TONES = {
    RoundStatus.OPEN: "info",
    RoundStatus.DECIDED: "warn",
    RoundStatus.PUBLISHED: "ok",
    AwardStatus.PROPOSED: "info",
    AwardStatus.APPROVED: "ok",
    AwardStatus.WITHDRAWN: "muted",
}

R, W = RoundStatus, AwardStatus

ROUND_TRANSITIONS = transitions(
    Transition("decide", gettext_noop("评定结果"), {R.OPEN}, R.DECIDED, OFFICIAL),
    Transition(
        "reopen", gettext_noop("退回重新评价"), {R.DECIDED}, R.OPEN, OFFICIAL, needs_reasons=True
    ),
    Transition("publish", gettext_noop("公布结果"), {R.DECIDED}, R.PUBLISHED, OFFICIAL),
)
AWARD_TRANSITIONS = transitions(
    Transition("approve", gettext_noop("审定拨付"), {W.PROPOSED}, W.APPROVED, OFFICIAL),
    Transition(
        "withdraw",
        gettext_noop("撤销奖补"),
        {W.PROPOSED},
        W.WITHDRAWN,
        OFFICIAL,
        needs_reasons=True,
    ),
)
