"""The notice parser, on the real 2026 and 2025 notices (checked against chinesecalendar) and on
faulty text."""

import datetime as dt

import pytest
from chinese_calendar import constants

from innovoucher.workdays.domain import NoticeError, parse_notice
from innovoucher.workdays.tests.notice_2026 import NOTICE_2026

D = dt.date


def _from_chinesecalendar(table, year):
    return {d for d in table if d.year == year}


def test_real_2026_notice_agrees_with_chinesecalendar():
    result = parse_notice(NOTICE_2026, 2026)
    assert set(result.holidays) == _from_chinesecalendar(constants.holidays, 2026)
    assert set(result.workdays) == _from_chinesecalendar(constants.workdays, 2026)
    assert result.holidays[D(2026, 10, 1)] == "国庆节"
    assert result.workdays[D(2026, 9, 20)] == "国庆节"
    assert result.holidays[D(2026, 2, 15)] == "春节"
    assert len(result.holidays) == 33 and len(result.workdays) == 6


NOTICE_2025 = """
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
"""


def test_2025_single_day_month_crossing_and_merged_festivals():
    result = parse_notice(NOTICE_2025, 2025)
    assert set(result.holidays) == _from_chinesecalendar(constants.holidays, 2025)
    assert set(result.workdays) == _from_chinesecalendar(constants.workdays, 2025)
    assert result.holidays[D(2025, 10, 8)] == "国庆节、中秋节"


def test_lines_in_the_brief_format_and_explicit_years():
    text = (
        "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n"
        "四、劳动节：5月1日至5日放假调休，共5天。4月26日（周日）、5月9日（周六）上班。"
    )
    result = parse_notice(text, 2026)
    assert sorted(result.workdays) == [D(2026, 1, 4), D(2026, 4, 26), D(2026, 5, 9)]
    assert len(result.holidays) == 8
    crossing = parse_notice("一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。", 2023)
    assert sorted(crossing.holidays) == [D(2022, 12, 31), D(2023, 1, 1), D(2023, 1, 2)]


def test_all_items_on_one_line_and_fullwidth_digits():
    result = parse_notice(
        "通知如下：一、元旦：１月１日至３日放假，共３天。二、春节：2月15日至23日放假调休，共9天。2月14日（周六）上班。",
        2026,
    )
    assert len(result.holidays) == 12 and list(result.workdays) == [D(2026, 2, 14)]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("一、元旦：1月1日至3日放假调休，共4天。", "写明共4天"),
        ("一、元旦：某日放假。", "第一项「元旦」"),
        ("一、元旦：1月1日放假。1月5日（周一）上班。", "本来就是工作日"),
        ("二、春节：2月30日至3月2日放假", "2026年2月30日”不存在"),
        ("三、清明节：4月4日至6日休息。", "应写明“放假”或“上班”"),
        ("三、清明节：4日至6日放假。", "缺少月份"),
        ("七、国庆节：10月7日至1日放假。", "不合理"),
        ("七、国庆节：9月20日（周日）上班。", "没有找到放假日期"),
        ("元旦放三天", "没有找到节日安排条目"),
        ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。", "2027年的安排"),
        ("一、元旦：1月1日至3日放假。\n二、春节：1月3日至5日放假。", "同时出现在"),
    ],
)
def test_errors_name_the_item_and_the_problem(text, fragment):
    with pytest.raises(NoticeError) as exc:
        parse_notice(text, 2026)
    assert fragment in exc.value.message
    assert exc.value.details["problems"]


def test_every_problem_is_reported_at_once():
    with pytest.raises(NoticeError) as exc:
        parse_notice(
            "一、元旦：1月1日至3日放假，共5天。\n二、春节：2月15日至23日放假。2月16日（周一）上班。",
            2026,
        )
    assert len(exc.value.problems) == 2  # 共5天 in item 一; the weekday 2-16 in item 二
