"""Pure voucher rules, without a database."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from innovoucher.policies.engine import load_family
from innovoucher.vouchers import domain

POLICIES = Path(__file__).resolve().parents[4] / "policies"


def version(family: str):
    doc = yaml.safe_load((POLICIES / f"{family}.yaml").read_text(encoding="utf-8"))
    return load_family(doc, source=family).versions[-1]


@pytest.mark.parametrize(
    "family, route",
    [
        ("shaoxing", domain.CLAIM),
        ("shanxi", domain.CLAIM),
        ("ningxia", domain.PER_CONTRACT),
        ("urumqi", domain.AUTOMATIC),
        ("liaocheng", domain.MEMBERSHIP),
    ],
)
def test_issuance_route_of_each_seed_policy(family, route):
    assert domain.issuance_route(version(family)) == route


def test_yearly_cap_follows_the_holder_kind():
    ningxia = version("ningxia")
    assert domain.yearly_cap(ningxia, "enterprise").amount_fen == 200_000_00
    assert domain.yearly_cap(ningxia, "individual").amount_fen == 50_000_00
    assert domain.yearly_cap(version("shaoxing"), "enterprise").amount_fen == 200_000_00
    assert (
        domain.yearly_cap(version("liaocheng"), "enterprise") is None
    )  # only a controller-group cap


def test_valid_until_counts_from_issue_only():
    assert domain.valid_until({"years": 1, "from": "issue"}, dt.date(2026, 3, 2)) == dt.date(
        2027, 3, 2
    )
    assert domain.valid_until({"months": 6, "from": "completion"}, dt.date(2026, 3, 2)) is None
    assert domain.valid_until(None, dt.date(2026, 3, 2)) is None


def test_redeem_deadline_from_completion_includes_the_last_day():
    six_months = {"months": 6, "from": "completion"}
    assert domain.redeem_deadline(six_months, dt.date(2025, 8, 31), dt.date(2025, 1, 1)) == dt.date(
        2026, 2, 28
    )
    assert domain.redeem_deadline(six_months, None, dt.date(2025, 1, 1)) is None
    assert domain.redeem_deadline(
        {"years": 1, "from": "issue"}, dt.date(2026, 9, 1), dt.date(2026, 3, 2)
    ) == dt.date(2027, 3, 2)
    assert domain.redeem_deadline(None, dt.date(2026, 9, 1), dt.date(2026, 3, 2)) is None


@pytest.mark.parametrize(
    "face, reserved, used, redeemed, status",
    [
        (1000, 0, 0, 0, "issued"),
        (1000, 10, 0, 0, "reserved"),
        (1000, 10, 990, 0, "reserved"),
        (1000, 0, 400, 400, "issued"),  # a yearly quota with money left stays usable
        (1000, 0, 1000, 0, "used"),
        (1000, 0, 1000, 600, "used"),
        (1000, 0, 1000, 1000, "redeemed"),
        (None, 0, 5000, 5000, "issued"),  # a membership right never runs out
        (None, 30, 0, 0, "reserved"),
    ],
)
def test_derive_status(face, reserved, used, redeemed, status):
    assert (
        domain.derive_status(
            face_fen=face, reserved_fen=reserved, used_fen=used, redeemed_fen=redeemed
        )
        == status
    )


def test_committed_counts_live_faces_and_what_ended_vouchers_used():
    rows = [
        ("issued", 100, 0),
        ("used", 50, 50),
        ("expired", 80, 30),
        ("returned", 70, 0),
        ("revoked", 60, 10),
    ]
    assert domain.committed(rows).total == 100 + 50 + 30 + 0 + 10


def test_voucher_number_fits_the_column():
    number = domain.voucher_number("KJQ", 2026, "640104", "3f9a2c71")
    assert number == "KJQ2026640104-3F9A2C71" and len(number) <= 32
