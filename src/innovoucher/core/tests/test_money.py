from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innovoucher.core.money import (
    MoneyError,
    apply_rate_floor,
    fen_to_yuan,
    fen_to_yuan_display,
    split_largest_remainder,
    yuan_to_fen,
)


@pytest.mark.parametrize(
    "text,fen",
    [
        ("12345.60", 1234560),
        ("0.01", 1),
        ("100", 10000),
        (" 1,000.5 ", 100050),
        (7, 700),
        (Decimal("2.30"), 230),
    ],
)
def test_yuan_to_fen_parses_exactly(text, fen):
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize("bad", [1.5, "1.234", "abc", "", "1e5", True, None, "¥100"])
def test_yuan_to_fen_refuses_floats_and_junk(bad):
    with pytest.raises(MoneyError):
        yuan_to_fen(bad)


def test_formatting():
    assert fen_to_yuan(1234560) == "12345.60"
    assert fen_to_yuan(-5) == "-0.05"
    assert fen_to_yuan_display(123456789) == "¥1,234,567.89"


def test_rate_floor_never_rounds_up():
    assert apply_rate_floor(12345, Decimal("0.5")) == 6172  # 6172.5 fen -> 6172
    assert apply_rate_floor(1, Decimal("0.99")) == 0


def test_split_odd_amount_one_to_one_gives_extra_fen_to_first():
    assert split_largest_remainder(617283, [("province", 1), ("city", 1)]) == {
        "province": 308642,
        "city": 308641,
    }


@given(
    st.integers(min_value=0, max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=5),
)
def test_split_always_adds_up_and_is_fair(total, weights):
    named = [(f"k{i}", w) for i, w in enumerate(weights)]
    parts = split_largest_remainder(total, named)
    assert sum(parts.values()) == total
    if sum(weights):
        for key, w in named:  # each part within one fen of its exact share
            exact = Decimal(total) * w / sum(weights)
            assert abs(parts[key] - exact) < 1


@given(st.integers(min_value=0, max_value=10**13))
def test_round_trip(fen):
    assert yuan_to_fen(fen_to_yuan(fen)) == fen
