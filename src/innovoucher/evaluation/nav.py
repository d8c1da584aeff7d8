"""Navigation entry of evaluation: 绩效评价 for officials, experts, operators, auditors, finance."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovoucher.core.nav import entry
from innovoucher.evaluation.permissions import READER_ROLES, is_reader


def evaluation_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not is_reader(user):
        return []
    return [{"url": reverse("evaluation:rounds"), "label": _("绩效评价")}]


# The role-shaped menu (portal/navigation.py).
NAV_ENTRIES = [entry("evaluation:rounds", _("绩效评价"), *READER_ROLES)]
