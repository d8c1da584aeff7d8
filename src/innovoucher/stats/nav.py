"""Navigation entries of statistics: 统计分析 for officials, finance, operators and auditors."""

from django.urls import reverse

from innovoucher.stats.selectors import can_read


def stats_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not can_read(user):
        return []
    return [{"url": reverse("stats:dashboard"), "label": "统计分析"}]
