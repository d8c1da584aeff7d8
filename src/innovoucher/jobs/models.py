from django.db import models


class Lease(models.Model):
    """A named lease: at most one holder until `expires_at` (wall-clock time, never the business
    clock).

    Taken and renewed only by conditional updates (`innovoucher.jobs.lease`), so it holds on SQLite
    and PostgreSQL alike; a crashed holder loses it when it expires.
    """

    name = models.CharField("名称", max_length=40, primary_key=True)
    holder = models.CharField("持有者", max_length=120)
    acquired_at = models.DateTimeField("取得时间")
    expires_at = models.DateTimeField("到期时间")
    note = models.JSONField("最近结果", default=dict, blank=True)

    class Meta:
        verbose_name = "租约"
        verbose_name_plural = "租约"

    def __str__(self) -> str:
        return f"{self.name} → {self.holder}"
