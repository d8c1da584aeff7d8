"""Re-read a row after a write without forgetting the rows it points to.

Django's `refresh_from_db()` drops every cached foreign-key object, so a service that refreshes a
redemption after its compare-and-swap UPDATE reads its policy version, applicant and provider
again the next time it looks at them — three queries per refresh on the write path. The rows a
refresh keeps here are the ones whose key did not change (a redemption's applicant, provider,
pinned version never change once written); a changed key drops its cached object as Django does.

    refresh(obj)                                   # like obj.refresh_from_db(), relations kept
    refresh(obj, related=("applicant", "provider"))  # the same one query also loads these
"""

from __future__ import annotations

from collections.abc import Iterable


def _cached_relations(obj) -> dict:
    kept = {}
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.is_cached(obj):
            kept[field] = field.get_cached_value(obj)
    return kept


def refresh(obj, *, related: Iterable[str] = ()):
    """Reload every field of `obj` in place (one query) and return it."""
    kept = _cached_relations(obj)
    related = tuple(related)
    obj.refresh_from_db(
        from_queryset=type(obj)._base_manager.select_related(*related) if related else None
    )
    for field, value in kept.items():
        if field.is_cached(obj):
            continue
        key = getattr(obj, field.attname)
        if value is None and key is None:
            field.set_cached_value(obj, None)
        elif value is not None and key == getattr(value, field.target_field.attname):
            field.set_cached_value(obj, value)
    return obj
