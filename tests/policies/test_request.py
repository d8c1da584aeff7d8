"""Reading a quote request (contracts.md): every malformed request is a QuoteInputError naming
the field."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innovoucher.core.errors import ValidationFailed
from innovoucher.policies.engine import QuoteInputError, parse_quote_request

TODAY = dt.date(2026, 11, 21)
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# The example of contracts.md.
EXAMPLE = {
    "policy": "ningxia",
    "on": "2026-06-01",
    "applicant": {
        "kind": "enterprise",
        "region": "640104",
        "employees": 120,
        "annual_revenue": "150000000.00",
        "credit_ok": True,
        "tech_sme": True,
        "in_incubator": False,
        "related_to_provider": False,
        "received_this_year": "0.00",
        "group_received_this_year": "0.00",
    },
    "provider": {"region": "640104", "kind": "university", "admitted": True},
    "service": {
        "category": "testing",
        "contract_amount": "300000.00",
        "paid_amount": "300000.00",
        "fully_paid": True,
        "completed_on": "2026-05-01",
        "other_public_funding": False,
        "via_platform": True,
    },
}


def with_(changes: dict, base: dict = EXAMPLE) -> dict:
    """A copy of the example with dotted paths set (value DELETE removes the key)."""
    payload = copy.deepcopy(base)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = payload
        for key in parents:
            node = node[key]
        if value is DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return payload


DELETE = object()


def test_the_contract_example_parses_into_typed_facts():
    request = parse_quote_request(copy.deepcopy(EXAMPLE), today=TODAY)
    assert request.policy == "ningxia"
    assert request.on == dt.date(2026, 6, 1)
    assert request.get("service.contract_amount") == 30_000_000  # fen
    assert request.get("applicant.annual_revenue") == 15_000_000_000
    assert request.get("service.completed_on") == dt.date(2026, 5, 1)
    assert request.get("applicant.employees") == 120
    assert request.get("provider.region") == "640104"


def test_omitted_optional_fields_take_the_neutral_value():
    minimal = {
        "policy": " ningxia ",
        "applicant": {"kind": "individual", "region": "640104"},
        "service": {"category": "testing", "contract_amount": 1000},
    }
    request = parse_quote_request(minimal, today=TODAY)
    assert request.policy == "ningxia"
    assert request.on == TODAY  # on: today
    assert request.get("service.completed_on") == TODAY  # dates: the request's day
    assert request.get("service.contract_amount") == 100_000  # an integer is whole yuan
    assert request.get("service.paid_amount") == 0
    assert request.get("service.fully_paid") is False  # 0.00 paid of 1000.00
    assert request.get("applicant.credit_ok") is True  # no bad record unless said
    assert request.get("applicant.related_to_provider") is False
    assert request.get("applicant.received_this_year") == 0
    assert request.get("provider.region") == "" and request.get("provider.admitted") is False
    assert request.get("service.claimant") == "applicant"


def test_facts_a_policy_must_not_assume_stay_unknown():
    """Liaocheng art. 8 (1), (3): omitted staff, revenue and the major-incident declaration are
    unknown (None), so a size limit or the declaration is referred, never passed as zero / no."""
    minimal = {
        "policy": "liaocheng",
        "applicant": {"kind": "enterprise", "region": "371502"},
        "service": {"category": "testing", "contract_amount": 1000},
    }
    request = parse_quote_request(minimal, today=TODAY)
    assert request.get("applicant.employees") is None
    assert request.get("applicant.annual_revenue") is None
    assert request.get("applicant.major_incident") is None
    assert request.get("applicant.in_jinchuanggu") is False
    stated = parse_quote_request(
        with_({"applicant.employees": 0, "applicant.major_incident": False}), today=TODAY
    )
    assert (
        stated.get("applicant.employees") == 0 and stated.get("applicant.major_incident") is False
    )


def test_the_funding_level_implies_public_funding_and_must_not_contradict_it():
    """Urumqi art. 12 (1) excludes only city money: the request may say which level funded it."""
    neutral = parse_quote_request(with_({"service.other_public_funding": DELETE}), today=TODAY)
    assert neutral.get("service.other_public_funding") is False
    assert neutral.get("service.public_funding_level") == ""
    city = parse_quote_request(
        with_({"service.other_public_funding": DELETE, "service.public_funding_level": "city"}),
        today=TODAY,
    )
    assert city.get("service.other_public_funding") is True
    assert city.get("service.public_funding_level") == "city"
    with pytest.raises(QuoteInputError) as exc:
        parse_quote_request(
            with_({"service.other_public_funding": False, "service.public_funding_level": "city"}),
            today=TODAY,
        )
    assert "service.public_funding_level" in exc.value.message
    with pytest.raises(QuoteInputError) as exc:
        parse_quote_request(with_({"service.public_funding_level": "town"}), today=TODAY)
    assert "service.public_funding_level" in exc.value.message


def test_fully_paid_follows_the_amounts_when_omitted():
    paid = with_({"service.fully_paid": DELETE})
    assert parse_quote_request(paid, today=TODAY).get("service.fully_paid") is True
    partly = with_({"service.fully_paid": DELETE, "service.paid_amount": "299999.99"})
    assert parse_quote_request(partly, today=TODAY).get("service.fully_paid") is False


MALFORMED = [
    # (id, payload changes, field the message must name)
    ("missing policy", {"policy": DELETE}, "policy"),
    ("blank policy", {"policy": "  "}, "policy"),
    ("policy not text", {"policy": 5}, "policy"),
    ("missing applicant", {"applicant": DELETE}, "applicant"),
    ("applicant not an object", {"applicant": "enterprise"}, "applicant"),
    ("missing service", {"service": DELETE}, "service"),
    ("provider not an object", {"provider": ["640104"]}, "provider"),
    ("missing kind", {"applicant.kind": DELETE}, "applicant.kind"),
    ("missing region", {"applicant.region": DELETE}, "applicant.region"),
    ("missing category", {"service.category": DELETE}, "service.category"),
    ("missing contract amount", {"service.contract_amount": DELETE}, "service.contract_amount"),
    ("employees as text", {"applicant.employees": "120"}, "applicant.employees"),
    ("employees negative", {"applicant.employees": -1}, "applicant.employees"),
    ("employees fractional", {"applicant.employees": 12.5}, "applicant.employees"),
    ("employees boolean", {"applicant.employees": True}, "applicant.employees"),
    ("yes/no as text", {"applicant.credit_ok": "yes"}, "applicant.credit_ok"),
    ("yes/no as number", {"provider.admitted": 1}, "provider.admitted"),
    ("fully_paid as text", {"service.fully_paid": "true"}, "service.fully_paid"),
    ("float contract amount", {"service.contract_amount": 300000.0}, "service.contract_amount"),
    ("float paid amount", {"service.paid_amount": 1.5}, "service.paid_amount"),
    ("float received", {"applicant.received_this_year": 0.1}, "applicant.received_this_year"),
    ("three decimals", {"service.contract_amount": "300000.001"}, "service.contract_amount"),
    ("three decimals revenue", {"applicant.annual_revenue": "1.005"}, "applicant.annual_revenue"),
    ("negative paid", {"service.paid_amount": "-1.00"}, "service.paid_amount"),
    (
        "negative received",
        {"applicant.group_received_this_year": "-0.01"},
        "applicant.group_received_this_year",
    ),
    ("negative integer amount", {"service.contract_amount": -5}, "service.contract_amount"),
    ("amount not a number", {"service.contract_amount": "三十万"}, "service.contract_amount"),
    ("amount in exponent form", {"service.contract_amount": "3e5"}, "service.contract_amount"),
    ("amount NaN", {"service.contract_amount": "NaN"}, "service.contract_amount"),
    ("amount empty", {"service.contract_amount": ""}, "service.contract_amount"),
    ("amount as list", {"service.contract_amount": ["1.00"]}, "service.contract_amount"),
    ("amount boolean", {"service.paid_amount": True}, "service.paid_amount"),
    ("impossible date", {"on": "2026-02-30"}, "on"),
    ("slashed date", {"on": "2026/06/01"}, "on"),
    ("date as number", {"on": 20260601}, "on"),
    ("completion date as words", {"service.completed_on": "yesterday"}, "service.completed_on"),
    ("month 13", {"service.completed_on": "2026-13-01"}, "service.completed_on"),
    ("region of five digits", {"applicant.region": "64010"}, "applicant.region"),
    ("region as number", {"applicant.region": 640104}, "applicant.region"),
    ("region of letters", {"applicant.region": "abcdef"}, "applicant.region"),
    ("region of seven digits", {"provider.region": "6401040"}, "provider.region"),
    ("provider region too short", {"provider.region": "64"}, "provider.region"),
    ("unknown top-level field", {"polcy": "ningxia"}, "polcy"),
    ("unknown applicant field", {"applicant.colour": "red"}, "applicant.colour"),
    ("unknown service field", {"service.price": "1.00"}, "service.price"),
    ("unknown provider field", {"provider.rating": 5}, "provider.rating"),
    ("unknown category", {"service.category": "cooking"}, "service.category"),
    ("category as list", {"service.category": ["testing"]}, "service.category"),
    ("unknown applicant kind", {"applicant.kind": "company"}, "applicant.kind"),
    ("applicant kind as object", {"applicant.kind": {"code": "enterprise"}}, "applicant.kind"),
    ("unknown provider kind", {"provider.kind": "lab"}, "provider.kind"),
    ("unknown claimant", {"service.claimant": "both"}, "service.claimant"),
    ("paid more than contract", {"service.paid_amount": "300000.01"}, "service.paid_amount"),
    (
        "completed after the application day",
        {"service.completed_on": "2026-06-02"},
        "service.completed_on",
    ),
    ("full-width digits", {"service.contract_amount": "３００"}, "service.contract_amount"),
    (
        "absurdly large integer amount",
        {"service.contract_amount": 10**20},
        "service.contract_amount",
    ),
]


@pytest.mark.parametrize(("changes", "field"), [pytest.param(c, f, id=i) for i, c, f in MALFORMED])
def test_a_malformed_request_names_the_field(changes, field):
    with pytest.raises(QuoteInputError) as info:
        parse_quote_request(with_(changes), today=TODAY)
    error = info.value
    assert (
        isinstance(error, ValidationFailed)
        and error.status == 422
        and error.code == "invalid_quote_request"
    )
    assert CHINESE.search(error.message), f"错误信息应为中文：{error.message}"
    assert f"{field}：" in error.message, f"错误信息应指出字段 {field}：{error.message}"
    fields = [e["field"] for e in error.details["errors"]]
    assert field in fields, fields
    assert all(CHINESE.search(e["problem"]) for e in error.details["errors"])


@pytest.mark.parametrize(
    "payload",
    [None, [], "ningxia", 42, [EXAMPLE]],
    ids=["null", "empty list", "text", "number", "list"],
)
def test_a_request_that_is_not_an_object(payload):
    with pytest.raises(QuoteInputError) as info:
        parse_quote_request(payload, today=TODAY)
    assert "JSON 对象" in info.value.message


def test_every_problem_is_reported_at_once():
    payload = with_(
        {
            "policy": DELETE,
            "applicant.region": "64",
            "service.contract_amount": 1.5,
            "on": "2026-06-31",
            "service.colour": "x",
        }
    )
    with pytest.raises(QuoteInputError) as info:
        parse_quote_request(payload, today=TODAY)
    fields = {e["field"] for e in info.value.details["errors"]}
    assert {
        "policy",
        "applicant.region",
        "service.contract_amount",
        "on",
        "service.colour",
    } <= fields
    for field in ("policy", "applicant.region", "service.contract_amount", "on"):
        assert field in info.value.message


def test_amounts_may_be_integers_or_strings_with_up_to_two_decimals():
    request = parse_quote_request(
        with_({"service.contract_amount": 300000, "service.paid_amount": "12.5"}), today=TODAY
    )
    assert request.get("service.contract_amount") == 30_000_000
    assert request.get("service.paid_amount") == 1_250


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
FIELDS = ["policy", "on"] + [
    f"{section}.{key}"
    for section in ("applicant", "provider", "service")
    for key in EXAMPLE[section]
]


@settings(max_examples=150, deadline=None, database=None)
@given(st.dictionaries(st.sampled_from(FIELDS), JUNK, min_size=1, max_size=4))
def test_any_request_parses_or_says_what_to_fix(changes):
    """Never an unexpected exception (a 500): either the request is read, or a QuoteInputError
    names the fields."""
    try:
        parse_quote_request(with_(changes), today=TODAY)
    except QuoteInputError as error:
        assert error.details["errors"], error.message
        assert {e["field"] for e in error.details["errors"]} <= {
            *FIELDS,
            "applicant",
            "provider",
            "service",
        }
