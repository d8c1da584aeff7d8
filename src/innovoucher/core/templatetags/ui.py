"""The platform's shared template vocabulary: `{% load ui %}`.

- `{{ amount_fen|yuan }}` → ¥1,234,560.00 (integer fen in; the one money filter of the pages);
- `{% status_badge obj %}` (or `{% status_badge obj "field" %}`) → the status label in a tag whose
  tone comes from the record's app's `states.TONES` (`ok`, `warn`, `bad`, `info`, `muted`);
  `{% status_badge_value "app" value label %}` does the same for a row that is not a model;
- `{{ date|cn_date }}` → 2026年11月21日 (21 Nov 2026 on English pages);
- `{% querystring_page page_number %}` keeps the other GET parameters on a pagination link.
"""

from __future__ import annotations

import importlib
from functools import cache

from django import template
from django.utils.html import format_html

from innovoucher.core.i18n import date_label
from innovoucher.core.money import fen_to_yuan_display

register = template.Library()

TONES = ("ok", "warn", "bad", "info", "muted")


@register.filter
def yuan(fen):
    """{{ amount_fen|yuan }} → ¥1,234,560.00; empty for None (never a float)."""
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


@register.filter
def cn_date(value):
    """{{ d|cn_date }} → 2026年11月21日, 21 Nov 2026 in English (a datetime shows its local
    date)."""
    return date_label(value)


@cache
def app_tones(app_label: str) -> dict[str, str]:
    """`states.TONES` of an app ({status value: tone}); empty when the app declares none."""
    try:
        module = importlib.import_module(f"innovoucher.{app_label}.states")
    except ModuleNotFoundError:
        return {}
    return {str(k): v for k, v in getattr(module, "TONES", {}).items()}


def tone_of(app_label: str, value) -> str:
    tone = app_tones(app_label).get(str(value), "info")
    return tone if tone in TONES else "info"


def _badge(tone: str, value, label) -> str:
    # Built here rather than by an inclusion template: a list shows one badge per row, and a
    # template rendered per row cost more than the rest of the row.
    return format_html('<span class="tag {}" data-status="{}">{}</span>', tone, value, label)


@register.simple_tag
def status_badge(obj, field: str = "status"):
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    return _badge(tone_of(obj._meta.app_label, value), value, label)


@register.simple_tag
def status_badge_value(app_label: str, value, label=""):
    return _badge(tone_of(app_label, value), value, label or value)


@register.simple_tag(takes_context=True)
def querystring_page(context, number):
    """`?a=1&b=2&page=N`: the current query with `page` replaced (for the pagination partial)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        return f"?page={number}"
    params[context.get("page_param", "page")] = number
    return "?" + params.urlencode()
