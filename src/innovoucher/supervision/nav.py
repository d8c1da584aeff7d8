"""The staff navigation entry for the supervision pages (监督检查)."""

from django.urls import reverse

from innovoucher.supervision.permissions import is_reader


def supervision_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not is_reader(user):
        return []
    return [{"url": reverse("supervision:overview"), "label": "监督检查"}]
