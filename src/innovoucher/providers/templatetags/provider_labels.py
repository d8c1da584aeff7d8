"""Labels of the provider pages that follow the language: a policy's name for its code, a day
of the month without the year (3月2日 / 2 Mar)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from innovoucher.policies.models import PolicyFamily

register = template.Library()

_EN_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@register.filter
def month_day(value):
    """{{ d|month_day }} → 3月2日 (2 Mar in English); a datetime shows its local day."""
    if not value:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if (get_language() or "").startswith("en"):
        return f"{value.day} {_EN_MONTHS[value.month - 1]}"
    return f"{value.month}月{value.day}日"


@register.simple_tag(takes_context=True)
def policy_name(context, slug):
    """{% policy_name adm.family_slug %} → the policy's name (its code when unknown); the names
    of every policy are read once per request."""
    request = context.get("request")
    names = getattr(request, "_policy_names", None) if request is not None else None
    if names is None:
        names = dict(PolicyFamily.objects.values_list("slug", "name"))
        if request is not None:
            request._policy_names = names
    return names.get(slug, slug)
