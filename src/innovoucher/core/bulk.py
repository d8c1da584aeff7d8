"""Set-based writes: many rows in a fixed number of statements.

A statement carrying one value per row (`pk IN (…)`, a `CASE WHEN pk = … THEN …` per row, a
multi-row INSERT) is cut into chunks of `CHUNK` rows: SQLite refuses more than 32,766 bound
parameters in one statement, and a CASE is evaluated branch by branch, so a very long one costs
more than several short ones. Up to `CHUNK` rows a write is therefore one statement whatever the
number of rows; beyond, one statement per further `CHUNK` rows.

    for part in chunked(ids): Model.objects.filter(pk__in=part, status=…).update(…)
    update_each(Model, {pk: {"field": value}}, guard=Q(status="exported"), common={...})
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from django.db.models import Case, F, Q, Value, When

CHUNK = 1000


def chunked[T](items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    part: list[T] = []
    for item in items:
        part.append(item)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part


def update_each(
    model,
    rows: Mapping[int, Mapping[str, object]],
    *,
    guard: Q | None = None,
    common: Mapping[str, object] | None = None,
) -> int:
    """UPDATE the rows `rows` (pk → its own values) and set `common` on all of them, only where
    `guard` still holds (a compare-and-swap); returns how many rows were updated."""
    names = sorted({name for values in rows.values() for name in values})
    updated = 0
    for part in chunked(list(rows)):
        update = dict(common or {})
        for name in names:
            field = model._meta.get_field(name)
            whens = [
                When(pk=pk, then=Value(rows[pk][name], output_field=field))
                for pk in part
                if name in rows[pk]
            ]
            update[name] = Case(*whens, default=F(name), output_field=field)
        qs = model.objects.filter(pk__in=part)
        if guard is not None:
            qs = qs.filter(guard)
        updated += qs.update(**update)
    return updated
