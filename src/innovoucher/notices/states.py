"""Statuses and the transition table of a notice, applied by `core.lifecycle`.

notice: draft ─publish─► published ─withdraw─► withdrawn (an official of the region; withdrawing
        needs reasons, which the public page then shows in place of the text)
"""

from __future__ import annotations

from django.db import models

from innovoucher.core.lifecycle import Transition, transitions

OFFICIAL = "official"  # a reviewer or the operator of the notice's region


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class NoticeKind(models.TextChoices):
    NOTICE = "notice", "通知公告"
    NEWS = "news", "新闻动态"


TONES = {
    NoticeStatus.DRAFT: "info",
    NoticeStatus.PUBLISHED: "ok",
    NoticeStatus.WITHDRAWN: "muted",
}

N = NoticeStatus
TRANSITIONS = transitions(
    Transition("publish", "发布", {N.DRAFT}, N.PUBLISHED, OFFICIAL),
    Transition("withdraw", "撤回", {N.PUBLISHED}, N.WITHDRAWN, OFFICIAL, needs_reasons=True),
)
