"""Statuses and the transition table of a notice, applied by `core.lifecycle`.

notice: draft ─publish─► published ─withdraw─► withdrawn (an official of the region; withdrawing
        needs reasons, which the public page then shows in place of the text)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from innovoucher.core.lifecycle import Transition, transitions

OFFICIAL = "official"  # a reviewer or the operator of the notice's region


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("通知公告")
    NEWS = "news", _("新闻动态")


TONES = {
    NoticeStatus.DRAFT: "info",
    NoticeStatus.PUBLISHED: "ok",
    NoticeStatus.WITHDRAWN: "muted",
}

N = NoticeStatus
TRANSITIONS = transitions(
    Transition("publish", _("发布"), {N.DRAFT}, N.PUBLISHED, OFFICIAL),
    Transition("withdraw", _("撤回"), {N.PUBLISHED}, N.WITHDRAWN, OFFICIAL, needs_reasons=True),
)
