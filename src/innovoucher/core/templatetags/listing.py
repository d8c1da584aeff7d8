"""`{% sort_th sorting "key" %}`: a sortable column heading, the whole `<th>` (see
core/listing.py)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("core/_sort_th.html")
def sort_th(state, key: str, label="", cls=""):
    return {
        "cls": cls,
        "href": state.link(key),
        "label": label or state.label(key),
        "aria": state.aria(key),
    }
