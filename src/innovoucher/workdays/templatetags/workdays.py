from django import template
from django.utils.translation import get_language

register = template.Library()

_EN_WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


@register.filter
def cn_weekday(value):
    """2026-10-01 → 周四 (Thu in English)."""
    if not value:
        return ""
    if (get_language() or "").startswith("en"):
        return _EN_WEEKDAYS[value.weekday()]
    return "周" + "一二三四五六日"[value.weekday()]
