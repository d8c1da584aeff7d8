"""Sortable lists: a view declares the columns a person may sort by, `Sorting.apply` orders the
queryset from `?sort=<key>` (`-<key>` descending) and the `{% sort_th %}` tag draws the heading
as a link that toggles the order, with `aria-sort` for screen readers.

    SORTS = Sorting(
        Sort("name", _("名称"), "name_pinyin"),          # Chinese names sort by their pinyin
        Sort("submitted", _("提交时间"), "submitted_at"),
        default="-submitted",
    )
    qs, sorting = SORTS.apply(request, qs)
    ... render(..., {"page_obj": paginate(request, qs), "sorting": sorting})

    {% load listing %}… <tr>{% sort_th sorting "name" %}<th>…</th></tr>

An unknown key falls back to the default (a typed URL never errors); every order ends with the
primary key so pages do not overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

PARAM = "sort"


@dataclass(frozen=True)
class Sort:
    key: str
    label: str
    fields: tuple[str, ...]

    def __init__(self, key: str, label, *fields: str):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "fields", tuple(fields) or (key,))


def _flip(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


@dataclass(frozen=True)
class SortState:
    """What the page needs: the sort in force and the query of each heading's link."""

    sorting: Sorting
    key: str
    descending: bool
    params: object  # the request's QueryDict (copied), for links that keep the filters
    param: str = PARAM
    page_param: str = "page"

    def link(self, key: str) -> str:
        params = self.params.copy()
        descending = not self.descending if key == self.key else False
        params[self.param] = f"-{key}" if descending else key
        params.pop(self.page_param, None)
        return "?" + params.urlencode()

    def aria(self, key: str) -> str:
        if key != self.key:
            return "none"
        return "descending" if self.descending else "ascending"

    def label(self, key: str):
        return self.sorting.by_key[key].label


class Sorting:
    def __init__(self, *sorts: Sort, default: str):
        self.by_key = {s.key: s for s in sorts}
        self.default = default
        if default.lstrip("-") not in self.by_key:
            raise ValueError(f"default sort {default!r} is not one of the columns")

    def parse(self, value: str | None) -> tuple[str, bool]:
        value = (value or "").strip()
        if value.removeprefix("-") not in self.by_key:
            value = self.default
        return value.removeprefix("-"), value.startswith("-")

    def order(self, key: str, descending: bool) -> list[str]:
        fields = list(self.by_key[key].fields)
        if descending:
            fields = [_flip(f) for f in fields]
        return [*fields, "-pk" if descending else "pk"]

    def apply(self, request, queryset, *, param: str = PARAM, page_param: str = "page"):
        """Order `queryset` by `?<param>=`; two lists on one page use their own `param` and
        `page_param` (a heading link goes back to that list's first page)."""
        key, descending = self.parse(request.GET.get(param))
        state = SortState(self, key, descending, request.GET.copy(), param, page_param)
        return queryset.order_by(*self.order(key, descending)), state


# --- filters ------------------------------------------------------------------------------------
# A list's filters read the query string leniently: a value that does not parse is no filter (a
# typed or stale URL shows the whole list with a 200, never an error page).


def name_q(text: str, path: str = "") -> Q:
    """Rows whose name at `path` matches `text`: a Chinese substring, or the pinyin initials or
    full pinyin kept next to the name (`name_initials`, `name_pinyin`; 绍兴检测 by 检测, sxjc or
    shaoxing). `registry.selectors.name_q` is this for organisations; apps below the registry
    (accounts) use it directly with a string path."""
    text = (text or "").strip()
    p = f"{path}__" if path else ""
    match = Q(**{f"{p}name__icontains": text})
    key = text.lower().replace(" ", "")
    if key.isascii() and key.isalnum():
        match |= Q(**{f"{p}name_initials__contains": key})
        match |= Q(**{f"{p}name_pinyin__contains": key})
    return match


def choice(value: str | None, choices) -> str:
    """`value` if it is one of `choices` (values or (value, label) pairs), else ""."""
    values = {c[0] if isinstance(c, (tuple, list)) else c for c in choices}
    value = (value or "").strip()
    return value if value in values else ""


def year(value: str | None) -> int | None:
    """A four-digit year, or None."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) == 4 else None


def day(value: str | None) -> dt.date | None:
    """An ISO date (YYYY-MM-DD, as `<input type="date">` sends it), or None."""
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def date_range_q(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    """`field` between `start` and `end`, both included; an open end is no bound. For a datetime
    pass `"<name>__date"` (the day in the site's time zone)."""
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": start})
    if end:
        q &= Q(**{f"{field}__lte": end})
    return q
