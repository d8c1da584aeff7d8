"""Navigation entry of evaluation: 绩效评价 for officials, experts, operators, auditors, finance."""

from django.urls import reverse

from innovoucher.evaluation.permissions import is_reader


def evaluation_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not is_reader(user):
        return []
    return [{"url": reverse("evaluation:rounds"), "label": "绩效评价"}]
