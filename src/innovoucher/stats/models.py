"""Generation counters of the cached public statistics (`stats.cache`)."""

from __future__ import annotations

from django.db import models


class Generation(models.Model):
    """A counter per name (``public:<year>``), bumped in the same transaction as a change of the
    data a cached statistic reads; the cache key carries it, so a committed change is never
    answered from an older entry, in any process."""

    name = models.CharField("名称", max_length=40, primary_key=True)
    value = models.BigIntegerField("代数", default=0)
    # Drawn when the row is created: a database rebuilt (or a test's rolled-back one) never meets
    # the cache entries of the old one under the same generation number.
    token = models.CharField("标识", max_length=32)

    class Meta:
        verbose_name = verbose_name_plural = "统计缓存代数"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
