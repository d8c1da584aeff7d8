"""Properties of the provider-award calculation over random requests for all seed policies.

The oracle is written from the seed texts, independently of the YAML and the engine: which amount
each
article rates, the rate, the yearly ceilings and who pays. On every request the shares and the
awards add up
to the total, the total never exceeds the texts' ceilings, and more redeemed vouchers never lower
the award.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovoucher.policies.engine.awards import AwardInputError, award_quote, parse_award_request

from ._support import FAMILIES, TODAY, family, yuan_to_fen_str

SETTINGS = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
D = Decimal
WAN = 1_000_000  # 1万元 in fen


def floor_fen(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_DOWN))


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


# Years whose 31 December falls inside each text's period (declared assumptions where the text has
# none).
YEARS = {
    "shanxi": range(2024, 2029),
    "shaoxing": range(2022, 2032),
    "urumqi": range(2026, 2029),
    "liaocheng": range(2023, 2026),
    "ningxia": range(2019, 2032),
}
REGIONS = [
    "371502",
    "371521",
    "370102",
    "370203",
    "330602",
    "640104",
    "140105",
    "650102",
    "410105",
    "110108",
    "",
]
LIAOCHENG_RATES = {"A": D("0.3"), "B": D("0.2"), "C": D("0.1")}


def oracle(fam: str, f: dict) -> dict[str, int]:
    """Expected shares in fen (funder -> amount), from the texts."""
    r, v, q, n = f["redeemed"], f["via"], f["qualifying"], f["contracts"]
    if fam == "liaocheng":
        # 第十二条: city providers 5% of qualifying contracts, ≤ 50万 (city); 第十九条: Shandong
        # providers,
        # 30/20/10 % of last year's vouchers by grade, ≤ 200万 (province), city matches 1 : 1.
        local = min(floor_fen(D(q) * D("0.05")), 50 * WAN) if f["region"].startswith("3715") else 0
        rate = LIAOCHENG_RATES.get(f["grade"]) if f["region"].startswith("37") else None
        province = min(floor_fen(D(r) * rate), 200 * WAN) if rate is not None else 0
        return {"province": province, "city": local + province}
    if fam == "ningxia":
        # 「科技服务机构评价和补贴」: 50% public institutions / 20% others, 200 yuan per
        # public-interest contract, ≤ 30万 in all.
        rate = D("0.5") if f["public"] else D("0.2")
        return {"province": min(floor_fen(D(r) * rate) + 20_000 * n, 30 * WAN)}
    if fam == "shaoxing":
        # 三（三）1: ≥ 50万 redeemed → ≤ 30% of it, and "再给予" 10% of the platform part; paid by
        # the district/county.
        return {
            "county": floor_fen(D(r) * D("0.3")) + floor_fen(D(v) * D("0.1"))
            if r >= 50 * WAN
            else 0
        }
    return {}  # shanxi, urumqi: no provider awards


@st.composite
def award_inputs(draw, families=tuple(FAMILIES)):
    fam = draw(st.sampled_from(families))
    year = draw(st.sampled_from(list(YEARS[fam])))
    redeemed = draw(
        st.one_of(
            st.integers(0, 2_000 * WAN),
            st.sampled_from(
                [0, 1, 50 * WAN - 1, 50 * WAN, 60 * WAN, 600 * WAN, 667 * WAN, 1500 * WAN]
            ),
        )
    )
    via = draw(st.one_of(st.just(redeemed), st.integers(0, redeemed)))
    qualifying = draw(
        st.one_of(
            st.integers(0, 2_000 * WAN),
            st.sampled_from([0, 1_000 * WAN, 1_000 * WAN + 1, 1_000 * WAN + 20]),
        )
    )
    facts = {
        "redeemed": redeemed,
        "via": via,
        "qualifying": qualifying,
        "contracts": draw(st.integers(0, 3_000)),
        "region": draw(st.sampled_from(REGIONS)),
        "public": draw(st.booleans()),
        "grade": draw(st.sampled_from("ABCD")),
    }
    provider = {
        "public_institution": facts["public"],
        **({"region": facts["region"]} if facts["region"] else {}),
    }
    payload = {
        "policy": fam,
        "year": year,
        "provider": provider,
        "services": {
            "redeemed_total": yuan(redeemed),
            "via_platform_total": yuan(via),
            "qualifying_contract_total": yuan(qualifying),
            "public_interest_contracts": facts["contracts"],
        },
        "evaluation": {"grade": facts["grade"]},
    }
    return fam, payload, facts


def run(payload: dict) -> dict:
    request = parse_award_request(payload, today=TODAY)
    return award_quote(family(request.policy), request).as_contract()


@SETTINGS
@given(award_inputs())
def test_shares_and_awards_add_up_to_the_total(data):
    _, payload, _ = data
    result = run(payload)
    total = yuan_to_fen_str(result["total"])
    assert sum(yuan_to_fen_str(v) for v in result["shares"].values()) == total
    assert sum(yuan_to_fen_str(a["amount"]) for a in result["awards"]) == total
    assert {a["funder"] for a in result["awards"]} <= set(result["shares"])
    assert result["eligible"] is (total > 0)


@SETTINGS
@given(award_inputs())
def test_the_total_is_what_the_texts_give_and_never_above_their_ceilings(data):
    fam, payload, facts = data
    result = run(payload)
    shares = {k: yuan_to_fen_str(v) for k, v in result["shares"].items()}
    expected = oracle(fam, facts)
    assert shares == expected, (fam, payload, result["trace"])
    total = yuan_to_fen_str(result["total"])
    ceilings = {
        "liaocheng": (50 + 2 * 200) * WAN,
        "ningxia": 30 * WAN,
        "shaoxing": floor_fen(D(facts["redeemed"]) * D("0.3"))
        + floor_fen(D(facts["via"]) * D("0.1")),
        "shanxi": 0,
        "urumqi": 0,
    }
    assert total <= ceilings[fam]
    if fam == "liaocheng":
        assert shares["province"] <= 200 * WAN and shares["city"] <= 250 * WAN


@SETTINGS
@given(award_inputs(), st.integers(1, 500 * WAN))
def test_more_redeemed_vouchers_never_lower_the_award(data, extra):
    _, payload, _ = data
    more = {
        **payload,
        "services": {
            **payload["services"],
            "redeemed_total": yuan(yuan_to_fen_str(payload["services"]["redeemed_total"]) + extra),
        },
    }
    assert yuan_to_fen_str(run(more)["total"]) >= yuan_to_fen_str(run(payload)["total"])


@SETTINGS
@given(st.sampled_from(FAMILIES), st.integers(2000, 2100))
def test_a_year_outside_every_version_is_an_answer_not_an_error(fam, year):
    result = run({"policy": fam, "year": year, "services": {"redeemed_total": "800000.00"}})
    day = dt.date(year, 12, 31)
    in_force = family(fam).version_on(day) is not None
    assert (result["version"] is not None) is in_force
    if not in_force:
        assert (
            result["total"] == "0.00"
            and result["reasons"][0]["code"] == "no_version_in_force"
            and result["reasons"][0]["article"]
        )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
SECTION_KEYS = {
    "provider": ["region", "kind", "public_institution", "x"],
    "services": [
        "redeemed_total",
        "via_platform_total",
        "qualifying_contract_total",
        "public_interest_contracts",
        "x",
    ],
    "evaluation": ["grade", "x"],
}


@st.composite
def near_valid_payloads(draw):
    payload = {"policy": draw(st.sampled_from([*FAMILIES, "", "atlantis"]) | JSON)}
    if draw(st.booleans()):
        payload["year"] = draw(st.integers(1990, 2110) | JSON)
    for section, keys in SECTION_KEYS.items():
        if draw(st.booleans()):
            payload[section] = draw(st.dictionaries(st.sampled_from(keys), JSON, max_size=3) | JSON)
    return payload


@SETTINGS
@given(near_valid_payloads() | JSON)
def test_any_input_is_a_result_or_a_clear_input_error(payload):
    try:
        request = parse_award_request(payload, today=TODAY)
    except AwardInputError as exc:
        assert exc.code == "invalid_award_request" and any(
            "\u4e00" <= ch <= "\u9fff" for ch in exc.message
        )
        return
    if request.policy in FAMILIES:
        award_quote(family(request.policy), request).as_contract()
