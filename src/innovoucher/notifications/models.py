"""In-app notifications. Fields only; written by `notifications.services.notify`."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("办理链接", max_length=300, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True)
    region_code = models.CharField("行政区划", max_length=6, blank=True)
    key = models.CharField("业务键", max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed = models.BooleanField("已发送邮件", default=False)
    # The e-mail's own little lifecycle, so a retried or duplicated task never sends it twice:
    # pending → sending (claimed by one task, with the wall-clock time) → sent | failed.
    email_state = models.CharField(
        "邮件状态",
        max_length=8,
        blank=True,
        choices=[
            ("pending", "待发送"),
            ("sending", "发送中"),
            ("sent", "已发送"),
            ("failed", "发送失败"),
        ],
    )
    email_claimed_at = models.DateTimeField("邮件认领时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "消息"
        verbose_name_plural = "消息"
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["email_state", "email_claimed_at"],
                condition=models.Q(email_state__in=["pending", "sending"]),
                name="notification_email_open",
            ),
        ]
        constraints = [
            # The same business event notifies a person once (tick may run twice).
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            ),
        ]
