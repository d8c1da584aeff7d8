"""Loading the GB/T 2260 table (reference data: bulk-loaded, idempotent, one audit event per
change)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from innovoucher.core import audit
from innovoucher.core.steps import Progress
from innovoucher.regions.models import Region, RegionLevel
from innovoucher.regions.selectors import region_label_cache_clear

DATA_FILE = Path(__file__).resolve().parent / "data" / "gbt2260.csv"
_LEVEL_ORDER = {RegionLevel.PROVINCE: 0, RegionLevel.CITY: 1, RegionLevel.COUNTY: 2}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    full_name: str


def read_region_file(path: Path = DATA_FILE) -> list[RegionRow]:
    """Rows in load order (provinces, cities, counties) with their full names worked out."""
    with path.open(encoding="utf-8", newline="") as fh:
        raw = sorted(csv.DictReader(fh), key=lambda r: (_LEVEL_ORDER[r["level"]], r["code"]))
    full: dict[str, str] = {}
    rows: list[RegionRow] = []
    for r in raw:
        parent = r["parent_code"] or None
        full[r["code"]] = (full[parent] if parent else "") + r["name"]
        rows.append(RegionRow(r["code"], r["name"], r["level"], parent, full[r["code"]]))
    return rows


def region_table_load(
    *, actor=None, progress: Progress | None = None, path: Path = DATA_FILE, batch: int = 500
) -> dict[str, int]:
    """Insert missing regions and correct changed ones; never deletes (old codes stay for
    history)."""
    progress = progress or Progress()
    rows = read_region_file(path)
    progress.total(len(rows))
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = 0
    with transaction.atomic():
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            new = [
                Region(
                    code=r.code,
                    name=r.name,
                    level=r.level,
                    parent_id=r.parent_code,
                    full_name=r.full_name,
                )
                for r in chunk
                if r.code not in existing
            ]
            changed = [_changed(existing[r.code], r) for r in chunk if r.code in existing]
            changed = [c for c in changed if c is not None]
            Region.objects.bulk_create(new)
            Region.objects.bulk_update(changed, ["name", "level", "parent", "full_name"])
            created, updated = created + len(new), updated + len(changed)
            progress.advance(len(chunk))
        if created or updated:
            region_label_cache_clear()
            audit.record(
                actor=actor,
                action="regions.region.load",
                object_type="regions.region",
                data={"created": created, "updated": updated, "source": path.name},
            )
    return {"created": created, "updated": updated, "total": len(rows)}


def _changed(region: Region, row: RegionRow) -> Region | None:
    new = (row.name, row.level, row.parent_code, row.full_name)
    if (region.name, region.level, region.parent_id, region.full_name) == new:
        return None
    region.name, region.level, region.parent_id, region.full_name = new
    return region
