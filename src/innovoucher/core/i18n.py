"""Language helpers of the English interface (issue 15).

`chinese` runs a function in Simplified Chinese whatever the person's language: services that
store text built from translatable labels (notification subjects and bodies, audit notes) keep
it Chinese, since stored data is never translated. `date_label` and `day_time_label` write
dates the way the active language does (for text built in Python, such as to-do details).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.utils import timezone, translation


def chinese(func):
    """Decorator: call `func` with the platform's language (Simplified Chinese) active; a fresh
    `translation.override` per call, so concurrent and nested calls do not share state."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


_EN_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date_label(value) -> str:
    """A date as the page's language writes it: 2026年11月21日, or 21 Nov 2026 in English (a
    datetime shows its local date). `{{ d|cn_date }}` in templates; empty for None."""
    if not value:
        return ""
    value = _local(value)
    if _english():
        return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def day_time_label(value) -> str:
    """Day and local time of a datetime within the year: 12月11日 09:00, or 11 Dec 09:00."""
    value = _local(value)
    if _english():
        return f"{value.day} {_EN_MONTHS[value.month - 1]} {value:%H:%M}"
    return f"{value.month}月{value.day}日 {value:%H:%M}"
