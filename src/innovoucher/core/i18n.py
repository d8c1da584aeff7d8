"""Language helpers of the English interface (issue 15).

`chinese` runs a function in Simplified Chinese whatever the person's language: services that
store text built from translatable labels (notification subjects and bodies, audit notes) keep
it Chinese, since stored data is never translated.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils import translation


def chinese(func):
    """Decorator: call `func` with the platform's language (Simplified Chinese) active; a fresh
    `translation.override` per call, so concurrent and nested calls do not share state."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper
