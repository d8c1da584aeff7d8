"""Notices and news (通知公告) that officials publish for their region, with attachments."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models

from innovoucher.core.models import StatusChange
from innovoucher.notices.states import NoticeKind, NoticeStatus


def attachment_path(instance, filename: str) -> str:
    # Random names (the label is kept in `name` and names the download).
    return f"notices/{instance.notice_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Notice(models.Model):
    kind = models.CharField("类别", max_length=12, choices=NoticeKind.choices)
    region_code = models.CharField("发布地区", max_length=6, db_index=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    issuer = models.CharField("发布单位", max_length=120)
    status = models.CharField(
        "状态", max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    reasons = models.JSONField("撤回理由", default=list, blank=True)
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == NoticeStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == NoticeStatus.WITHDRAWN


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("附件名称", max_length=200)
    file = models.FileField("文件", upload_to=attachment_path)
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        ordering = ["id"]


class NoticeChange(StatusChange):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="changes")
