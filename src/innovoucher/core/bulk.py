"""Set-based writes: many rows in a fixed number of statements.

A statement carrying one value per row (`pk IN (…)`, a `CASE WHEN pk = … THEN …` per row, a
multi-row INSERT) is cut into chunks of `CHUNK` rows: SQLite refuses more than 32,766 bound
parameters in one statement, and a CASE is evaluated branch by branch, so a very long one costs
more than several short ones. Up to `CHUNK` rows a write is therefore one statement whatever the
number of rows; beyond, one statement per further `CHUNK` rows.

    for part in chunked(ids): Model.objects.filter(pk__in=part, status=…).update(…)
    update_each(Model, {pk: {"field": value}}, where={"status": "exported"}, common={...})
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from django.db import connection
from django.db.models import Case, F, Value, When

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
    where: Mapping[str, object] | None = None,
    common: Mapping[str, object] | None = None,
) -> int:
    """UPDATE the rows `rows` (pk → its own values) and set `common` on all of them, only where
    every `where` field still has its value (a compare-and-swap); returns how many rows were
    updated. On PostgreSQL one statement joins the values as arrays (`unnest`), whatever the
    number of rows; elsewhere a CASE per field, `CHUNK` rows a statement."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _update_unnest(model, rows, where or {}, common or {})
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
        updated += model.objects.filter(pk__in=part, **(where or {})).update(**update)
    return updated


def _update_unnest(model, rows, where, common) -> int:
    names = sorted({name for values in rows.values() for name in values})
    if any(set(values) != set(names) for values in rows.values()):
        raise ValueError("update_each on PostgreSQL needs the same fields for every row")
    meta, q = model._meta, connection.ops.quote_name
    table = q(meta.db_table)
    sets, params = [], []
    for name, value in common.items():
        field = meta.get_field(name)
        sets.append(f"{q(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    arrays = [f"%s::{meta.pk.db_type(connection)}[]"]
    params.append(list(rows))
    for name in names:
        field = meta.get_field(name)
        sets.append(f"{q(field.column)} = v.{q(field.column)}")
        arrays.append(f"%s::{field.db_type(connection)}[]")
        params.append([field.get_db_prep_save(rows[pk][name], connection) for pk in rows])
    conditions = [f"{table}.{q(meta.pk.column)} = v.{q(meta.pk.column)}"]
    for name, value in where.items():
        field = meta.get_field(name)
        conditions.append(f"{table}.{q(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    columns = ", ".join(q(c) for c in [meta.pk.column, *(meta.get_field(n).column for n in names)])
    sql = (
        f"UPDATE {table} SET {', '.join(sets)} FROM unnest({', '.join(arrays)}) "
        f"AS v({columns}) WHERE {' AND '.join(conditions)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
