"""An export the background worker produces for one person (Excel, PDF): what was asked, its
progress, the file and when the file is deleted. Fields and constraints only."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from innovoucher.core import clock
from innovoucher.core.models import StatusChange, StatusFlags
from innovoucher.exports.states import ExportStatus


def export_path(filename: str, now: dt.datetime) -> str:
    """A random stored name (the download name may carry a region or a person's filter)."""
    return f"exports/{now:%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def upload_path(instance, filename: str) -> str:
    return export_path(filename, clock.now())


class Export(StatusFlags, models.Model):
    """One export asked for by `requested_by`: its kind (a registered exporter, `registry.py`),
    the cleaned parameters, the region whose data it holds, and — once done — the file, stored
    under a random name in MEDIA_ROOT (`var/media/exports/`) and served only by the download
    view. Moves through `states.TRANSITIONS`; progress is rows done of rows in total."""

    kind = models.CharField("导出类型", max_length=40)
    parameters = models.JSONField("导出条件", default=dict, blank=True)
    title = models.CharField("说明", max_length=200)
    region_code = models.CharField("数据所属地区", max_length=6, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    done_rows = models.PositiveIntegerField("已处理", default=0)
    total_rows = models.PositiveIntegerField("共计", default=0)
    file = models.FileField("文件", max_length=200, blank=True, upload_to=upload_path)
    filename = models.CharField("文件名", max_length=120)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    error = models.CharField("失败原因", max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField("生成次数", default=0)
    created_at = models.DateTimeField("申请时间")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    progress_at = models.DateTimeField("最近进度时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    expires_at = models.DateTimeField("文件删除时间", null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "导出"
        indexes = [models.Index(fields=["requested_by", "-id"], name="export_mine_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="export_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(done_rows__lte=F("total_rows")), name="export_progress_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.is_done:
            return 100
        return self.done_rows * 100 // self.total_rows if self.total_rows else 0

    @property
    def waiting(self) -> bool:
        return self.is_queued or self.is_running


class ExportChange(StatusChange):
    export = models.ForeignKey(Export, on_delete=models.CASCADE, related_name="changes")
