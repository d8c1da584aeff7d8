"""Our GB 11643 checker: exact Chinese messages, permits, the 2023 permanent-residence card."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innovoucher.registry.idnumber import (
    PROVINCES,
    IdNumberError,
    check_character,
    is_valid_id_number,
    make_id_number,
    parse_id_number,
)

TODAY = dt.date(2026, 6, 1)


def error(value: str) -> IdNumberError:
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(value, today=TODAY)
    return exc.value


def test_known_check_characters():
    # Published examples: 11010519491231002X and 440524188001010014 (GB 11643 annex).
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"
    info = parse_id_number("11010519491231002x", today=TODAY)
    assert info.number == "11010519491231002X"
    assert (
        info.kind == "resident"
        and info.birth_date == dt.date(1949, 12, 31)
        and info.sex == "female"
    )


def test_wrong_check_digit_message_is_exact():
    assert error("110105194912310021").message == "身份证号码校验位错误，请核对最后一位"
    assert error("110105194912310021").code == "checksum"


@pytest.mark.parametrize(
    "value,code,fragment",
    [
        ("", "required", "请填写身份证件号码"),
        ("1101051949123", "length", "身份证号码应为18位，您填写了13位"),
        ("11010519491231002Y", "format", "前17位应为数字，最后一位为数字或字母X"),
        ("1101051949A231002X", "format", "前17位应为数字"),
        ("００００００００００００００００００", "format", "前17位应为数字"),
        ("991105194912310020", "region", "第2至3位“91”"),
        ("001105194912310020", "region", "前两位“00”不是有效的省级行政区划代码"),
        ("810101199001010011", "region", "前六位应为810000"),
        ("110105194902300020", "birth_date", "“19490230”不是有效日期"),
        ("110105189912310020", "birth_date", "早于1900年"),
    ],
)
def test_messages_say_what_is_wrong(value, code, fragment):
    exc = error(value)
    assert exc.code == code
    assert fragment in exc.message


def test_birth_date_in_the_future_is_refused():
    number = make_id_number("330602", dt.date(2026, 6, 2), 1)
    assert "晚于今天" in error(number).message
    assert parse_id_number(number, today=dt.date(2026, 6, 2)).birth_date == dt.date(2026, 6, 2)


@pytest.mark.parametrize(
    "prefix,kind",
    [("810000", "hk_permit"), ("820000", "macau_permit"), ("830000", "taiwan_permit")],
)
def test_residence_permits_of_hong_kong_macau_taiwan(prefix, kind):
    number = make_id_number(prefix, dt.date(1990, 1, 1), 12)
    assert parse_id_number(number, today=TODAY).kind == kind


def test_2023_foreign_permanent_residence_card():
    # 9 + receiving province (11 Beijing) + nationality (840) + birth date + sequence + check.
    number = make_id_number("911840", dt.date(1985, 7, 1), 3)
    info = parse_id_number(number, today=TODAY)
    assert info.kind == "foreign_permanent" and info.birth_date == dt.date(1985, 7, 1)
    assert error(number[:-1] + ("0" if number[-1] != "0" else "1")).code == "checksum"


def test_county_code_younger_than_the_holder_is_accepted():
    # 330602 (越城区) was created long after 1930; only the province part is checked.
    assert is_valid_id_number(make_id_number("330602", dt.date(1930, 1, 1), 5), today=TODAY)


provinces = st.sampled_from(sorted(PROVINCES))
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)


@given(
    province=provinces, rest=st.from_regex(r"\A[0-9]{4}\Z"), birth=births, seq=st.integers(0, 999)
)
def test_every_generated_number_is_valid(province, rest, birth, seq):
    number = make_id_number(province + rest, birth, seq)
    assert parse_id_number(number, today=TODAY).number == number


@given(
    province=provinces,
    birth=births,
    seq=st.integers(0, 999),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_any_single_digit_change_is_caught(province, birth, seq, position, delta):
    number = make_id_number(province + "0101", birth, seq)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not is_valid_id_number(changed, today=TODAY)
