"""Benchmarks (run with `make bench`; not part of `make test`). Numbers are compared across commits,
never asserted: a timed unit test would be flaky, a benchmark history is not."""

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from innovoucher.policies.engine import load_family, parse_quote_request, quote

ROOT = Path(__file__).resolve().parent.parent
REQUEST = {
    "policy": "ningxia",
    "on": "2026-06-01",
    "applicant": {
        "kind": "enterprise",
        "region": "640104",
        "employees": 120,
        "annual_revenue": "150000000.00",
        "tech_sme": True,
    },
    "provider": {"region": "640104", "kind": "university", "admitted": True},
    "service": {
        "category": "testing",
        "contract_amount": "300000.00",
        "paid_amount": "300000.00",
        "completed_on": "2026-05-01",
        "via_platform": True,
    },
}


@pytest.fixture(scope="module")
def families():
    return {
        p.stem: load_family(yaml.safe_load(p.read_text(encoding="utf-8")), source=p.name)
        for p in (ROOT / "policies").glob("*.yaml")
    }


@pytest.mark.parametrize("slug", ["ningxia", "liaocheng", "shanxi"])
def test_bench_engine_quote(benchmark, families, slug):
    payload = copy.deepcopy(REQUEST)
    payload["policy"] = slug
    if slug == "liaocheng":  # its version lapsed on 2026-01-25
        payload["on"], payload["service"]["completed_on"] = "2025-06-01", "2025-05-01"
    result = benchmark(
        lambda: quote(families[slug], parse_quote_request(payload, today=dt.date(2026, 6, 1)))
    )
    assert result.version is not None


def test_bench_load_all_policies(benchmark):
    documents = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "policies").glob("*.yaml")
    ]
    benchmark(lambda: [load_family(d) for d in documents])
