"""The committed GB/T 2260 table: the seed regions are there, counts are plausible, chains are
valid."""

from collections import Counter

import pytest

from innovoucher.regions.domain import region_level, region_within
from innovoucher.regions.services import read_region_file

ROWS = read_region_file()
BY_CODE = {r.code: r for r in ROWS}


@pytest.mark.parametrize(
    ("code", "name", "parent", "full_name"),
    [
        ("140000", "山西省", None, "山西省"),
        ("330600", "绍兴市", "330000", "浙江省绍兴市"),
        ("330602", "越城区", "330600", "浙江省绍兴市越城区"),
        ("371500", "聊城市", "370000", "山东省聊城市"),
        ("371502", "东昌府区", "371500", "山东省聊城市东昌府区"),
        ("640000", "宁夏回族自治区", None, "宁夏回族自治区"),
        ("640100", "银川市", "640000", "宁夏回族自治区银川市"),
        ("640104", "兴庆区", "640100", "宁夏回族自治区银川市兴庆区"),
        ("650100", "乌鲁木齐市", "650000", "新疆维吾尔自治区乌鲁木齐市"),
        # Municipalities: districts hang directly under the municipality.
        ("110101", "东城区", "110000", "北京市东城区"),
        ("500229", "城口县", "500000", "重庆市城口县"),
        # Province-administered county-level divisions.
        ("419001", "济源市", "410000", "河南省济源市"),
        ("659001", "石河子市", "650000", "新疆维吾尔自治区石河子市"),
    ],
)
def test_seed_regions(code, name, parent, full_name):
    row = BY_CODE[code]
    assert (row.name, row.parent_code, row.full_name) == (name, parent, full_name)


def test_counts_per_level_are_plausible():
    counts = Counter(r.level for r in ROWS)
    assert 31 <= counts["province"] <= 34
    assert 330 <= counts["city"] <= 345
    assert 2800 <= counts["county"] <= 2900
    assert len(BY_CODE) == len(ROWS)


def test_no_pseudo_regions():
    names = {r.name for r in ROWS}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    assert not [r.code for r in ROWS if "71" <= r.code[4:] <= "80"]  # statistical development zones


def test_every_parent_chain_is_valid():
    rank = {"province": 0, "city": 1, "county": 2}
    for row in ROWS:
        assert row.level == region_level(row.code), row
        if row.level == "province":
            assert row.parent_code is None
            continue
        parent = BY_CODE[row.parent_code]
        assert rank[parent.level] < rank[row.level], row
        assert region_within(row.code, parent.code), row
        assert row.full_name == parent.full_name + row.name
