"""Reads of the region table. Regions are public reference data, so these are not actor-scoped."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from django.db.models import QuerySet

from innovoucher.core.errors import NotFound
from innovoucher.regions.models import Region

_labels: dict[str, str] = {}


def region_get(code: str) -> Region:
    region = Region.objects.filter(pk=str(code)).first()
    if region is None:
        raise NotFound(
            f"行政区划代码「{code}」不存在，请填写6位国家标准（GB/T 2260）行政区划代码",
            details={"code": str(code)},
        )
    return region


def region_children(code: str) -> QuerySet[Region]:
    """Direct subdivisions, by code. Raises NotFound for an unknown code (an empty list means
    "none")."""
    region_get(code)
    return Region.objects.filter(parent_id=code).order_by("code")


def region_ancestors(code: str) -> list[Region]:
    """From the province down to the direct parent (the region itself not included)."""
    region = region_get(code)
    chain: list[Region] = []
    while region.parent_id:
        region = Region.objects.get(pk=region.parent_id)
        chain.append(region)
    return chain[::-1]


def region_list(*, level: str | None = None) -> QuerySet[Region]:
    qs = Region.objects.all()
    return qs.filter(level=level) if level else qs


def region_label_cache_clear() -> None:
    _labels.clear()


def region_label(code: str | None) -> str:
    """Full name such as 浙江省绍兴市越城区; the code itself when it is unknown (never raises)."""
    if not code:
        return ""
    code = str(code)
    if code not in _labels:
        full_name = Region.objects.filter(pk=code).values_list("full_name", flat=True).first()
        if full_name is None:
            return code
        _labels[code] = full_name
    return _labels[code]


# --- the table as a set of codes (validation) ----------------------------------------------------
# Validation reads the loaded table; before it is loaded (a fresh test database) it reads the same
# GB/T 2260 file the table is loaded from, so an unknown code is refused either way.
_DATA_FILE = Path(__file__).resolve().parent / "data" / "gbt2260.csv"


@functools.cache
def _file_table() -> tuple[frozenset[str], frozenset[str]]:
    with _DATA_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return frozenset(r["code"] for r in rows), frozenset(r["parent_code"] for r in rows)


def _table_loaded() -> bool:
    return Region.objects.exists()


def region_code_known(code: str) -> bool:
    """`code` is a division of the GB/T 2260 table."""
    code = str(code or "")
    if _table_loaded():
        return Region.objects.filter(pk=code).exists()
    return code in _file_table()[0]


def region_is_leaf(code: str) -> bool:
    """A division without subdivisions (a county, or a city that has no counties)."""
    code = str(code or "")
    if _table_loaded():
        return not Region.objects.filter(parent_id=code).exists()
    return code not in _file_table()[1]


def region_options(chain: list[str]) -> list[dict]:
    """The cascade of a region picker for the chosen `chain` (province, then lower codes): three
    levels, each {"options": [(code, name)], "chosen": code}. The second level lists the
    province's direct subdivisions (cities; the counties of a municipality), the third the
    chosen second level's subdivisions (empty when it has none)."""
    provinces = list(Region.objects.filter(parent__isnull=True).values_list("code", "name"))
    chosen = [c for c in chain if Region.objects.filter(pk=c).exists()]
    levels = [{"options": provinces, "chosen": chosen[0] if chosen else ""}]
    for depth in (1, 2):
        parent = chosen[depth - 1] if len(chosen) >= depth else ""
        options = (
            list(Region.objects.filter(parent_id=parent).values_list("code", "name"))
            if parent
            else []
        )
        pick = chosen[depth] if len(chosen) > depth else ""
        if pick and pick not in {code for code, _ in options}:
            # a municipality's county sits directly under the province: show it at level two
            pick = ""
        levels.append({"options": options, "chosen": pick})
    return levels
