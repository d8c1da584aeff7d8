from django import template

register = template.Library()


@register.filter
def cn_weekday(value):
    """2026-10-01 → 周四 (independent of the page language, like the notices themselves)."""
    return "周" + "一二三四五六日"[value.weekday()] if value else ""
