"""Statuses and the transition table of an export (排队中 → 生成中 → 已完成 | 失败 → 已过期)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core.lifecycle import SYSTEM, Transition, transitions

REQUESTER = "requester"  # the person who asked for the export


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    EXPIRED = "expired", _("已过期")


E = ExportStatus
TRANSITIONS = transitions(
    Transition("start", gettext_noop("开始生成"), {E.QUEUED}, E.RUNNING, SYSTEM),
    Transition("finish", gettext_noop("生成完成"), {E.RUNNING}, E.DONE, SYSTEM),
    Transition("fail", gettext_noop("生成失败"), {E.QUEUED, E.RUNNING}, E.FAILED, SYSTEM),
    Transition("retry", gettext_noop("重新导出"), {E.FAILED}, E.QUEUED, REQUESTER),
    Transition("expire", gettext_noop("文件过期删除"), {E.DONE, E.FAILED}, E.EXPIRED, SYSTEM),
)
WAITING = (E.QUEUED, E.RUNNING)
TONES = {E.QUEUED: "info", E.RUNNING: "warn", E.DONE: "ok", E.FAILED: "bad", E.EXPIRED: "muted"}
