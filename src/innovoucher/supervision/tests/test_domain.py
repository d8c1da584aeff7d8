"""Pure supervision arithmetic: ban windows, sample sizes, reproducible samples, risk, spread."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from innovoucher.supervision import domain

D = dt.date


def test_ban_window_ends_the_day_before_the_anniversary():
    assert domain.ban_window(D(2026, 3, 2), 3) == (D(2026, 3, 2), D(2029, 3, 1))
    assert domain.ban_window(D(2028, 2, 29), 1) == (D(2028, 2, 29), D(2029, 2, 27))
    assert domain.in_force(D(2026, 3, 2), D(2029, 3, 1), D(2029, 3, 1))
    assert not domain.in_force(D(2026, 3, 2), D(2029, 3, 1), D(2029, 3, 2))
    with pytest.raises(ValueError):
        domain.ban_window(D(2026, 3, 2), 0)


@pytest.mark.parametrize(
    ("population", "confidence", "margin", "expected"),
    [
        (1000, "0.95", "0.05", 278),  # n0 = 384.16 → 384.16 / (1 + 383.16/1000) = 277.7
        (100, "0.95", "0.05", 80),
        (10_000, "0.99", "0.05", 623),
        (500, "0.90", "0.10", 60),
        (5, "0.95", "0.05", 5),  # never more than the frame
        (0, "0.95", "0.05", 0),
    ],
)
def test_sample_size_with_finite_population_correction(population, confidence, margin, expected):
    assert domain.sample_size(population, Decimal(confidence), Decimal(margin)) == expected


def test_sample_size_refuses_unknown_confidence_and_bad_margin():
    with pytest.raises(ValueError):
        domain.sample_size(100, Decimal("0.80"), Decimal("0.05"))
    with pytest.raises(ValueError):
        domain.sample_size(100, Decimal("0.95"), Decimal("0"))


def test_same_seed_same_sample_other_seed_other_sample():
    ids = list(range(1, 201))
    first = domain.random_sample(ids, 20, seed=20260302)
    assert first == domain.random_sample(reversed(ids), 20, seed=20260302)
    assert len(first) == 20 and set(first) <= set(ids)
    assert first != domain.random_sample(ids, 20, seed=7)


def test_risk_sample_takes_the_riskiest_and_combined_mixes_in_random():
    scores = {1: 0, 2: 50, 3: 30, 4: 0, 5: 80, 6: 0}
    assert domain.risk_sample(scores, 2) == [2, 5]
    both = domain.combined_sample(scores, 4, seed=1)
    assert {2, 5} <= set(both) and len(both) == 4
    assert both == domain.combined_sample(scores, 4, seed=1)


DAY = D(2026, 3, 1)


def _item(pk, applicant="a", provider="p", fen=5_000_000, day=DAY, **kw):
    return domain.RiskItem(pk, applicant, provider, fen, day, **kw)


def test_risk_factors_from_the_automatic_checks():
    items = [
        _item(1, related=True, invoice_keys=("no:1",)),
        _item(2, invoice_keys=("no:1",), day=D(2026, 3, 20)),
        _item(3, fen=9_800_000, limits_fen=(10_000_000,), day=D(2026, 6, 1)),
        _item(4, applicant="b", provider="q", day=D(2026, 9, 1)),
    ]
    risks = domain.score_frame(items)
    codes = {pk: {f["code"] for f in r.factors} for pk, r in risks.items()}
    assert codes[1] == {"related_parties", "duplicate_invoice", "split_contract", "recurring_pair"}
    assert "just_under_limit" in codes[3] and "recurring_pair" in codes[3]
    assert codes[4] == set() and risks[4].score == 0
    assert risks[1].score == 30 + 30 + 20 + 10


def test_spread_follows_control_two_hops_with_the_path():
    children = {
        "person:p": [("uscc:H", "控股公司", "控股 60.00%")],
        "uscc:H": [("uscc:B", "姊妹公司", "控股 80.00%"), ("uscc:A", "违规公司", "控股 51%")],
    }
    found = domain.spread(
        "uscc:A",
        "违规公司",
        [("person:p", "王五", "实际控制人")],
        lambda keys: {k: children.get(k, []) for k in keys},
    )
    assert set(found) == {"uscc:H", "uscc:B"}
    assert [h.as_dict() for h in found["uscc:B"]] == [
        {"from": "王五", "relation": "实际控制人", "to": "违规公司"},
        {"from": "王五", "relation": "控股 60.00%", "to": "控股公司"},
        {"from": "控股公司", "relation": "控股 80.00%", "to": "姊妹公司"},
    ]
