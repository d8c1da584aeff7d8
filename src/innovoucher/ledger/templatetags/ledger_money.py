from django import template

from innovoucher.core.money import fen_to_yuan_display

register = template.Library()


@register.filter
def yuan(fen):
    """{{ amount_fen|yuan }} → ¥1,234,560.00 (integer fen in, never a float)."""
    if fen is None or fen == "":
        return ""
    return fen_to_yuan_display(int(fen))


@register.filter
def share_of(part, whole):
    """Whole-percent share for progress bars: {{ spent|share_of:total }} → 42."""
    try:
        part, whole = int(part), int(whole)
    except (TypeError, ValueError):
        return 0
    if whole <= 0:
        return 0
    return max(0, min(100, part * 100 // whole))
