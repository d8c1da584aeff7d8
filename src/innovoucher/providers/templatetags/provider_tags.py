from django import template

from innovoucher.core.money import fen_to_yuan_display

register = template.Library()


@register.filter
def fen_yuan(fen):
    """{{ price_fen|fen_yuan }} → ¥1,200.50"""
    return "—" if fen is None else fen_to_yuan_display(int(fen))
