"""GB/T 2260 codes as plain Python: levels and containment. No Django import."""

from __future__ import annotations

import re

_CODE = re.compile(r"^\d{6}$")
# 全国: the national code, no division of the table (GB/T 2260 lists provinces and below). The
# platform-wide roles are bound to it (accounts.roles.PLATFORM_REGION); a region picker offers it
# only where a form takes it (RegionPicker(national=True)).
NATIONAL = "100000"


def is_region_code(code: str) -> bool:
    return bool(code) and bool(_CODE.match(code))


def region_level(code: str) -> str:
    """province (xx0000), city (xxxx00), or county (anything else)."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def region_prefix(code: str) -> str:
    level = region_level(code)
    return code[:2] if level == "province" else code[:4] if level == "city" else code


def region_within(code: str, ancestor: str) -> bool:
    """True when `code` is `ancestor` or lies inside it (province ⊃ city ⊃ county)."""
    if not (is_region_code(code) and is_region_code(ancestor)):
        return False
    return code.startswith(region_prefix(ancestor))


def region_province(code: str) -> str:
    return code[:2] + "0000"


def region_city(code: str) -> str | None:
    return None if region_level(code) == "province" else code[:4] + "00"
