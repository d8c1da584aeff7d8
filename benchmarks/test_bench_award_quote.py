"""Benchmark of the provider-award engine (run with `make bench`; numbers compared across
commits, never asserted)."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from innovoucher.policies.engine import load_family
from innovoucher.policies.engine.awards import award_quote, parse_award_request

ROOT = Path(__file__).resolve().parent.parent
REQUEST = {
    "policy": "liaocheng",
    "year": 2025,
    "provider": {"region": "371502", "kind": "university", "public_institution": True},
    "services": {
        "redeemed_total": "800000.00",
        "via_platform_total": "600000.00",
        "qualifying_contract_total": "1000000.00",
        "public_interest_contracts": 12,
    },
    "evaluation": {"grade": "A"},
}


@pytest.fixture(scope="module")
def families():
    return {
        p.stem: load_family(yaml.safe_load(p.read_text(encoding="utf-8")), source=p.name)
        for p in (ROOT / "policies").glob("*.yaml")
    }


@pytest.mark.parametrize("slug", ["liaocheng", "ningxia", "shaoxing"])
def test_bench_engine_award_quote(benchmark, families, slug):
    payload = {**REQUEST, "policy": slug}
    result = benchmark(
        lambda: award_quote(families[slug], parse_award_request(payload, today=dt.date(2026, 6, 1)))
    )
    assert result.total_fen > 0
