"""The public statistics, cached (issue 12: ~7 s at a province's 1,000,000 orders uncached).

    public_statistics_cached(year=…, family=…)     # what the public page and the JSON API show
    public_processing_times_cached(year=…, family=…)
    public_changed(year)                           # called by the services that pay or recover

The paid figures read only redemptions of the year in `paid`. A redemption enters `paid` (the
ledger paid every share) and leaves it (recovered) through `redemptions.services.payment`, which
calls `public_changed(fiscal_year)` in the same transaction: a counter row is
incremented (`core.models.Generation`, named `redemptions.paid:<year>`). The cache key is
`stats:public:<year>:<generation>`, so
after the commit every process reads a new key and recomputes; before it, the old figures are
still the committed truth. One entry holds every cell of the year and the suppression pattern
computed over all of them (`disclosure.protect` across every family's tables at once), so each
family filter is cut from the same entry and the suppression stays applied. Entries also expire
after `INNOVOUCHER_PUBLIC_STATS_TTL` seconds (default 600): the bound for changes made outside
the services (a bulk load, a correction in the database), and for 平均办理时长, which is cached by
time only (an average over the year's decided steps; a decision moves it by a fraction).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from innovoucher.stats import disclosure, selectors
from innovoucher.stats.generation import generation, public_changed

__all__ = ["public_changed", "public_processing_times_cached", "public_statistics_cached"]

DEFAULT_TTL = 600


def ttl() -> int:
    return int(getattr(settings, "INNOVOUCHER_PUBLIC_STATS_TTL", DEFAULT_TTL))


def _tables(year: int, k: int) -> tuple[dict, dict]:
    key = f"stats:public:{int(year)}:k{k}:{generation(year)}"
    entry = cache.get(key)
    if entry is None:
        cells, constraints = selectors.public_tables(year=year)
        entry = (cells, disclosure.protect(cells, constraints, k=k))
        cache.set(key, entry, ttl())
    return entry


def public_statistics_cached(
    *, year: int, family: str = "", k: int = selectors.K_ANONYMITY
) -> dict:
    """`selectors.public_statistics` answered from the cache entry of the year."""
    cells, hidden = _tables(year, k)
    return selectors.public_statistics_from(cells, hidden, family=family, k=k)


def public_processing_times_cached(*, year: int, family: str = "") -> list[dict]:
    key = f"stats:public-times:{int(year)}:{family}:{generation(year)}"
    rows = cache.get(key)
    if rows is None:
        rows = selectors.public_processing_times(year=year, family=family)
        cache.set(key, rows, ttl())
    return rows
