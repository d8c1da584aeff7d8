"""Reads of the portal pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from innovoucher.accounts.permissions import actor_assignments
from innovoucher.orders.models import Order
from innovoucher.providers.models import Instrument
from innovoucher.providers.selectors import provider_directory
from innovoucher.regions.domain import is_region_code, region_city, region_level, region_province
from innovoucher.regions.selectors import region_label
from innovoucher.registry.models import Organisation


def active_role_names(user) -> frozenset[str]:
    """The roles `user` holds anywhere (nothing for a visitor): the request's memo of the role
    assignments that every permission check of the page reads (`accounts.permissions`), so the
    menu costs no query of its own."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(str(a.role) for a in actor_assignments(user))


# --- the innovation map (创新地图) ----------------------------------------------------------------

# Regions with a vendored boundary file (portal/static/vendor/chinageo/<code>.json).
GEO_CODES = frozenset(
    {"100000", "640000", "370000", "140000", "330000", "650000"}
    | {"640100", "371500", "140100", "650100", "330600"}
)
COUNTRY = "100000"


def map_child_code(code: str, scope: str) -> str:
    """The child of `scope` (the country, a province or a city) that contains `code`."""
    if scope == COUNTRY:
        return region_province(code)
    if region_level(scope) == "province":
        return region_city(code) or code
    return code


def map_scope(region: str) -> str:
    region = (region or "").strip()
    return region if is_region_code(region) and region_level(region) != "county" else COUNTRY


def map_providers(*, q: str = "", region: str = "") -> QuerySet[Organisation]:
    """Admitted providers in `region` (the whole country when empty) matching `q` (name, pinyin
    or service, as in the directory), each with its open instruments and its orders (usage)."""
    scope = map_scope(region)
    instruments = (
        Instrument.objects.filter(provider=OuterRef("pk"), active=True)
        .order_by()
        .values("provider")
        .annotate(n=Count("id"))
        .values("n")
    )
    orders = (
        Order.objects.filter(provider=OuterRef("pk"))
        .order_by()
        .values("provider")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = provider_directory(q=q, region="" if scope == COUNTRY else scope)
    return qs.annotate(
        n_instruments=Coalesce(Subquery(instruments), 0),
        n_orders=Coalesce(Subquery(orders), 0),
    )


@dataclass
class MapArea:
    code: str
    name: str
    providers: int = 0
    instruments: int = 0
    orders: int = 0
    drillable: bool = False


def map_areas(providers, scope: str) -> list[MapArea]:
    """The children of `scope` holding providers, with their totals (busiest first)."""
    areas: dict[str, MapArea] = {}
    for p in providers:
        code = map_child_code(p.region_code, scope)
        area = areas.get(code)
        if area is None:
            area = areas[code] = MapArea(
                code=code, name=region_label(code), drillable=code in GEO_CODES
            )
        area.providers += 1
        area.instruments += p.n_instruments
        area.orders += p.n_orders
    return sorted(areas.values(), key=lambda a: (-a.providers, a.code))


def map_trail(scope: str) -> list[tuple[str, str]]:
    """The way back up: (code, name) from the country down to `scope`."""
    trail = [(COUNTRY, "全国")]
    if scope == COUNTRY:
        return trail
    province = region_province(scope)
    trail.append((province, region_label(province)))
    if region_level(scope) == "city":
        trail.append((scope, region_label(scope)))
    return trail
