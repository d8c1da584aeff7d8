"""Navigation entries of statistics: 统计分析 for officials, finance, operators and auditors."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovoucher.core.nav import PORTAL, PUBLIC, entry
from innovoucher.stats.selectors import READER_ROLES, can_read


def stats_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not can_read(user):
        return []
    return [{"url": reverse("stats:dashboard"), "label": _("统计分析")}]


# The role-shaped menu (portal/navigation.py): the dashboard for readers, the public statistics
# for everyone.
NAV_ENTRIES = [
    entry("stats:dashboard", _("统计分析"), *READER_ROLES),
    entry("stats:public", _("公开统计"), audience=PUBLIC, group=PORTAL),
]
