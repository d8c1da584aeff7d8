"""Properties of the engine over all five seed policies and random valid quote requests.

The oracle below is written from the seed texts, independently of the policy YAML and the engine:
which amount is the base, what rate (or marginal tiers) the text allows, and which yearly caps
apply.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from decimal import ROUND_DOWN, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovoucher.policies.engine.vocabulary import APPLICANT_KINDS, SERVICE_CATEGORIES

from ._support import ENGINE_DIR, FAMILIES, ROOT, run_quote, yuan_to_fen_str

SETTINGS = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
AMOUNT = re.compile(r"^\d+\.\d{2}$")
D = Decimal


def floor_fen(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_DOWN))


def ningxia_tiers(contract: int) -> int:
    """「创新券补贴抵用比例与额度」: ≤10万 50%, 10万–50万 30%, >50万 15%, on the contract amount,
    exact sum rounded down."""
    a = min(contract, 10_000_000)
    b = min(max(contract - 10_000_000, 0), 40_000_000)
    c = max(contract - 50_000_000, 0)
    return floor_fen(D(a) * D("0.5") + D(b) * D("0.3") + D(c) * D("0.15"))


def liaocheng_local_testing(facts: dict) -> bool:
    # 委托实验 (animal_experiment) is testing too (assumption in policies/liaocheng.yaml).
    return facts["category"] in (
        "testing",
        "computing",
        "animal_experiment",
    ) and facts["provider_region"].startswith("3715")


# family -> (base, formula(base fen, facts) -> fen, caps(facts) -> [remaining fen])
ORACLE = {
    # 第二十一条: ≤ 50% of the fee actually paid; ≤ 500,000 per enterprise per year.
    "shanxi": (
        "paid",
        lambda base, f: floor_fen(D(base) * D("0.5")),
        lambda f: [50_000_000 - f["received"]],
    ),
    # 三（一）1 defers to 现行文件: the policy file's declared assumption, 50% of the settled order,
    # ≤ 200,000 a year.
    "shaoxing": (
        "paid",
        lambda base, f: floor_fen(D(base) * D("0.5")),
        lambda f: [20_000_000 - f["received"]],
    ),
    # 第十四条: ≤ 50% of the contract amount; ≤ 100,000 per enterprise per year.
    "urumqi": (
        "contract",
        lambda base, f: floor_fen(D(base) * D("0.5")),
        lambda f: [10_000_000 - f["received"]],
    ),
    # 第十一条: province 60%; + city 30% for testing by a Liaocheng provider, each funder's part
    # rounded down;
    # same actual controller ≤ 650,000 a year (the applicant's own receipts are part of its
    # group's).
    "liaocheng": (
        "paid",
        lambda base, f: (
            floor_fen(D(base) * D("0.6"))
            + (floor_fen(D(base) * D("0.3")) if liaocheng_local_testing(f) else 0)
        ),
        lambda f: [65_000_000 - f["group_received"], 65_000_000 - f["received"]],
    ),
    # marginal tiers on the contract amount; ≤ 200,000 for legal persons / organisations, ≤ 50,000
    # for individuals.
    "ningxia": (
        "contract",
        lambda base, f: ningxia_tiers(base),
        lambda f: [(5_000_000 if f["kind"] == "individual" else 20_000_000) - f["received"]],
    ),
}

# regions inside each policy's area (applicants and providers), to make eligible requests common
HOME = {
    "shanxi": ["140105", "140106"],
    "shaoxing": ["330602", "330603"],
    "urumqi": ["650102", "650104"],
    "liaocheng": ["371502", "371521"],
    "ningxia": ["640104", "640205"],
}
ELSEWHERE = ["110108", "310104", "340104", "370102", "610113", "130102", "330106", "650202"]
WINDOWS = {  # dates in force, from the texts (and the declared assumptions where the text has none)
    "shanxi": (dt.date(2024, 5, 1), dt.date(2029, 4, 30)),
    "shaoxing": (dt.date(2022, 1, 1), dt.date(2031, 12, 31)),
    "urumqi": (dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
    "liaocheng": (dt.date(2023, 1, 26), dt.date(2026, 1, 25)),
    "ningxia": (dt.date(2019, 7, 3), dt.date(2031, 12, 31)),
}
BOUNDARIES = [
    0,
    1,
    9_999_999,
    10_000_000,
    10_000_001,
    49_999_999,
    50_000_000,
    50_000_001,
    70_000_000,
    70_000_007,
    20_000_000,
    40_000_000,
    100_000_000,
    108_333_334,
    72_222_224,
]
NEAR_CAPS = [
    4_900_000,
    5_000_000,
    9_990_000,
    10_000_000,
    19_000_000,
    20_000_000,
    49_000_000,
    50_000_000,
    64_000_000,
    65_000_000,
]  # already received


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


# What each text supports (kinds, categories), used to make random requests often eligible.
KINDS = {
    "shanxi": ["enterprise", "team"],
    "shaoxing": ["enterprise", "individual"],
    "urumqi": ["enterprise"],
    "liaocheng": ["enterprise", "team"],
    "ningxia": ["enterprise", "organisation", "individual"],
}
CATEGORIES = {
    "shanxi": [
        "testing",
        "data",
        "novelty_search",
        "materials",
        "computing",
        "design",
        "sample_processing",
        "pilot",
    ],
    "shaoxing": ["testing", "sample_processing", "computing", "materials", "pilot"],
    "urumqi": [
        "rd",
        "tech_transfer",
        "incubation",
        "promotion",
        "testing",
        "certification",
        "it",
        "engineering",
        "finance",
        "ip",
        "consulting",
    ],
    "liaocheng": [
        "rd",
        "design",
        "pilot",
        "engineering",
        "testing",
        "computing",
        "animal_experiment",
    ],
    "ningxia": [
        "testing",
        "animal_experiment",
        "design",
        "mould",
        "tech_purchase",
        "rd",
        "training",
        "consulting",
        "novelty_search",
        "ip",
    ],
}


def usually(draw, good, other):
    """Nine times out of ten a value the policy accepts, otherwise anything: most requests are
    eligible,
    and every rule still gets to refuse some of them."""
    return draw(good) if draw(st.integers(0, 9)) else draw(other)


@st.composite
def quote_inputs(draw, families=tuple(FAMILIES)):
    fam = draw(st.sampled_from(families))
    start, end = WINDOWS[fam]
    on = usually(draw, st.dates(start, end), st.dates(dt.date(2018, 1, 1), dt.date(2032, 12, 31)))
    contract = draw(st.one_of(st.integers(0, 150_000_000), st.sampled_from(BOUNDARIES)))
    paid = draw(st.one_of(st.just(contract), st.integers(0, contract)))
    received = draw(st.one_of(st.just(0), st.integers(0, 70_000_000), st.sampled_from(NEAR_CAPS)))
    group = draw(st.one_of(st.just(0), st.integers(0, 70_000_000), st.sampled_from(NEAR_CAPS)))
    yes, no, anything = st.just(True), st.just(False), st.booleans()
    payload = {
        "policy": fam,
        "on": on.isoformat(),
        "applicant": {
            "kind": usually(
                draw, st.sampled_from(KINDS[fam]), st.sampled_from(sorted(APPLICANT_KINDS))
            ),
            "region": usually(draw, st.sampled_from(HOME[fam]), st.sampled_from(ELSEWHERE)),
            "employees": usually(draw, st.integers(0, 500), st.integers(0, 5000)),
            "annual_revenue": yuan(
                usually(draw, st.integers(0, 20_000_000_000), st.integers(0, 90_000_000_000))
            ),
            "credit_ok": usually(draw, yes, anything),
            "tech_sme": usually(draw, yes, anything),
            "high_tech": draw(anything),
            "in_incubator": usually(draw, yes, anything),
            "related_to_provider": usually(draw, no, anything),
            "major_incident": usually(draw, no, anything),
            "received_this_year": yuan(received),
            "group_received_this_year": yuan(group),
        },
        "provider": {
            "region": usually(draw, st.sampled_from(HOME[fam]), st.sampled_from([*ELSEWHERE, ""])),
            "kind": usually(
                draw,
                st.just("university"),
                st.sampled_from(
                    ["research_institute", "key_lab", "service_company", "testing_agency"]
                ),
            ),
            "admitted": usually(draw, yes, anything),
        },
        "service": {
            "category": usually(
                draw, st.sampled_from(CATEGORIES[fam]), st.sampled_from(sorted(SERVICE_CATEGORIES))
            ),
            "contract_amount": yuan(contract),
            "paid_amount": yuan(paid),
            "completed_on": (
                on - dt.timedelta(days=usually(draw, st.integers(0, 150), st.integers(0, 400)))
            ).isoformat(),
            "other_public_funding": usually(draw, no, anything),
            "via_platform": usually(draw, yes, anything),
            "claimant": usually(draw, st.just("applicant"), st.just("provider")),
        },
    }
    fully_paid = draw(st.sampled_from([None, True, False]))
    if fully_paid is not None:
        payload["service"]["fully_paid"] = fully_paid
    return payload


def facts_of(payload: dict) -> dict:
    a, p, s = payload["applicant"], payload["provider"], payload["service"]
    return {
        "kind": a["kind"],
        "received": yuan_to_fen_str(a["received_this_year"]),
        "group_received": yuan_to_fen_str(a["group_received_this_year"]),
        "category": s["category"],
        "provider_region": p["region"],
        "paid": yuan_to_fen_str(s["paid_amount"]),
        "contract": yuan_to_fen_str(s["contract_amount"]),
    }


def ceiling_and_caps(payload: dict) -> tuple[int, list[int]]:
    base_name, formula, caps = ORACLE[payload["policy"]]
    facts = facts_of(payload)
    return formula(facts[base_name], facts), [max(0, c) for c in caps(facts)]


def test_the_oracle_covers_every_policy():
    assert (
        set(ORACLE) == set(FAMILIES) == set(WINDOWS) == set(HOME) == set(KINDS) == set(CATEGORIES)
    ), "每个政策都须有按原文写出的测算上限"


@SETTINGS
@given(quote_inputs())
def test_shares_always_add_up_to_the_subsidy(payload):
    result = run_quote(payload)
    shares = [yuan_to_fen_str(v) for v in result["shares"].values()]
    assert sum(shares) == yuan_to_fen_str(result["subsidy"]), result
    assert all(v >= 0 for v in shares), result
    assert set(result["shares"]) <= {"province", "city", "county"}, result


@SETTINGS
@given(quote_inputs())
def test_subsidy_never_exceeds_the_rate_ceiling_nor_any_cap(payload):
    result = run_quote(payload)
    subsidy = yuan_to_fen_str(result["subsidy"])
    ceiling, remaining = ceiling_and_caps(payload)
    assert subsidy <= ceiling, (
        f"补助 {result['subsidy']} 超过按原文比例计算的上限 {yuan(ceiling)}：{payload}"
    )
    for cap in remaining:
        assert subsidy <= cap, (
            f"补助 {result['subsidy']} 超过年度上限的剩余额度 {yuan(cap)}：{payload}"
        )
    if not result["eligible"]:
        assert subsidy == 0


@SETTINGS
@given(quote_inputs())
def test_an_eligible_subsidy_is_exactly_the_texts_formula_within_the_caps(payload):
    result = run_quote(payload)
    if result["eligible"]:
        ceiling, remaining = ceiling_and_caps(payload)
        assert yuan_to_fen_str(result["subsidy"]) == min([ceiling, *remaining]), payload


@SETTINGS
@given(quote_inputs(), st.data())
def test_paying_more_never_gives_less_subsidy(payload, data):
    contract = yuan_to_fen_str(payload["service"]["contract_amount"])
    low = data.draw(st.integers(0, contract), label="paid_low")
    high = data.draw(st.integers(low, contract), label="paid_high")
    less, more = (
        dict(payload, service=dict(payload["service"], paid_amount=yuan(low))),
        dict(payload, service=dict(payload["service"], paid_amount=yuan(high))),
    )
    a, b = run_quote(less), run_quote(more)
    assert yuan_to_fen_str(b["subsidy"]) >= yuan_to_fen_str(a["subsidy"]), (
        a["subsidy"],
        b["subsidy"],
        payload,
    )
    if ORACLE[payload["policy"]][0] == "contract" and "fully_paid" in payload["service"]:
        # Urumqi and Ningxia count the contract amount: the paid amount alone changes nothing.
        assert a["subsidy"] == b["subsidy"] and a["eligible"] == b["eligible"], (a, b, payload)


def _walk(node, path="$"):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


@SETTINGS
@given(quote_inputs())
def test_no_float_anywhere_in_the_result(payload):
    result = run_quote(payload)
    for path, value in _walk(result):
        assert not isinstance(value, float), f"{path} 是浮点数 {value!r}"
    amounts = [
        ("subsidy", result["subsidy"]),
        *((f"shares.{k}", v) for k, v in result["shares"].items()),
    ]
    for path, value in amounts:
        assert isinstance(value, str) and AMOUNT.match(value), (
            f"{path} 应为两位小数的金额字符串，实际 {value!r}"
        )
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


def test_engine_source_never_uses_float():
    sources = sorted(ENGINE_DIR.glob("*.py")) + [ROOT / "src" / "innovoucher" / "core" / "money.py"]
    assert len(sources) > 5
    offenders = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if "float(" in text:
            offenders.append(f"{path.name}: 含有 float(")
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "float"
            ):
                offenders.append(f"{path.name}:{node.lineno}: 调用 float")
            if isinstance(node, ast.Constant) and isinstance(node.value, float):
                offenders.append(f"{path.name}:{node.lineno}: 浮点常量 {node.value!r}")
    assert not offenders, "引擎不得使用浮点数：" + "；".join(offenders)
