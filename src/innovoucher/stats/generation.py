"""The generation of the cached public statistics of a year (`stats.cache`): the counter
`redemptions.paid:<year>` that the redemption services bump in the same transaction as every move
into or out of `paid` (`core.generation`)."""

from __future__ import annotations

from innovoucher.core import generation as counters
from innovoucher.redemptions.domain import paid_generation_name


def generation(year: int) -> str:
    """The cache-key part of `year`: the counter row's token and its value."""
    return counters.current(paid_generation_name(year))


def public_changed(year: int) -> None:
    """The paid redemptions of `year` changed (what the services do; also for tests and imports)."""
    counters.bump(paid_generation_name(year))
