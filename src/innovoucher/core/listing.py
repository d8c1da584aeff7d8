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

from dataclasses import dataclass

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
