"""Parse the State Council notice 国务院办公厅关于XXXX年部分节假日安排的通知 (plain Python).

The notice has one numbered item per festival, e.g.

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    六、中秋节、国庆节：2022年9月29日至10月6日放假调休，共8天。10月7日（星期六）上班。

Within an item, a sentence with 放假 gives the holiday (a range "A至B", or a single day), a
sentence with 上班 lists the adjusted working days (调休上班). Remarks in brackets are ignored,
a missing month or year is taken from the previous date of the item (the year from the notice),
and "共N天" is checked against the range. Text outside the numbered items (title, preamble,
closing paragraph) is ignored. Anything inside an item that cannot be understood is reported
with the item number, so the administrator knows which line to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from innovoucher.core.errors import ValidationFailed
from innovoucher.workdays.codes import Code

HOLIDAY = "holiday"
WORKDAY = "workday"
WEEKDAYS = "一二三四五六日"
MAX_RANGE_DAYS = 15

_FULLWIDTH = str.maketrans("０１２３４５６７８９：；，", "0123456789:;,")
_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")
_ITEM = re.compile(r"(?:^|(?<=[\s。；;:]))([一二三四五六七八九十]{1,3})、([^:\n。]{1,20}?):")
_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日安排")
_TOTAL = re.compile(r"共\s*(\d{1,2})\s*天")


class NoticeError(ValidationFailed):
    code = Code.NOTICE_INVALID

    def __init__(self, problems: list[str]):
        super().__init__(
            "无法识别通知内容：" + "；".join(problems),
            details={"problems": problems},
        )
        self.problems = problems


@dataclass(frozen=True)
class NoticeDay:
    date: dt.date
    kind: str  # HOLIDAY or WORKDAY
    name: str

    @property
    def is_holiday(self) -> bool:
        return self.kind == HOLIDAY


@dataclass(frozen=True)
class NoticeResult:
    year: int
    days: tuple[NoticeDay, ...]

    @property
    def holidays(self) -> dict[dt.date, str]:
        return {d.date: d.name for d in self.days if d.kind == HOLIDAY}

    @property
    def workdays(self) -> dict[dt.date, str]:
        return {d.date: d.name for d in self.days if d.kind == WORKDAY}


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（周{WEEKDAYS[d.weekday()]}）"


class _Item:
    """One numbered item; collects its days and the problems found in it."""

    def __init__(self, number: str, name: str, body: str, year: int):
        self.label = f"第{number}项「{name}」"
        self.name = name
        self.body = body
        self.year = year
        self.month: int | None = None
        self.problems: list[str] = []
        self.holidays: list[dt.date] = []
        self.workdays: list[dt.date] = []

    def problem(self, text: str) -> None:
        self.problems.append(f"{self.label}{text}")

    def parse(self) -> None:
        for sentence in (s.strip() for s in re.split(r"[。;；\n]", self.body)):
            if not sentence:
                continue
            if "放假" in sentence:
                self._holiday(sentence)
            elif "上班" in sentence:
                self._workdays(sentence)
            elif _DATE.search(sentence):
                self.problem(f"中的“{sentence}”无法识别：应写明“放假”或“上班”")
        if not self.holidays and not self.problems:
            self.problem("没有找到放假日期（应形如“10月1日至7日放假调休，共7天”）")

    def _date(self, match: re.Match) -> dt.date | None:
        year, month, day = match.groups()
        if year:
            self.year = int(year)
        if month:
            self.month = int(month)
        if self.month is None:
            self.problem(f"中的“{match.group(0)}”缺少月份")
            return None
        try:
            return dt.date(self.year, self.month, int(day))
        except ValueError:
            self.problem(f"中的日期“{self.year}年{self.month}月{day}日”不存在")
            return None

    def _holiday(self, sentence: str) -> None:
        head = sentence.split("放假", 1)[0]
        parts = head.split("至")
        if len(parts) > 2:
            self.problem(f"中的“{sentence}”包含多个“至”，无法识别放假区间")
            return
        before = len(self.problems)
        found = [[self._date(m) for m in _DATE.finditer(part)] for part in parts]
        if any(len(f) != 1 for f in found) or any(d is None for f in found for d in f):
            if len(self.problems) == before:
                self.problem(
                    f"中的“{sentence}”无法识别：放假日期应写作“1月1日放假”或“1月1日至3日放假”"
                )
            return
        start, end = found[0][0], found[-1][0]
        if end < start or (end - start).days >= MAX_RANGE_DAYS:
            self.problem(f"的放假区间 {cn_date(start)} 至 {cn_date(end)} 不合理，请核对")
            return
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        total = _TOTAL.search(sentence)
        if total and int(total.group(1)) != len(days):
            self.problem(
                f"写明共{total.group(1)}天，"
                f"但 {cn_date(start)} 至 {cn_date(end)} 是{len(days)}天，请核对"
            )
            return
        self.holidays.extend(days)

    def _workdays(self, sentence: str) -> None:
        dates = [self._date(m) for m in _DATE.finditer(sentence)]
        if not dates:
            self.problem(f"中的“{sentence}”没有写明上班日期")
        for d in dates:
            if d is None:
                continue
            if d.weekday() < 5:
                self.problem(f"的调休上班日 {cn_date(d)} 本来就是工作日，请核对")
            else:
                self.workdays.append(d)


def _items(text: str) -> list[tuple[str, str, str]]:
    matches = list(_ITEM.finditer(text))
    items = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[m.end() : end].split("\n", 1)[0]
        items.append((m.group(1), m.group(2).strip(), body))
    return items


def parse_notice(text: str, year: int) -> NoticeResult:
    """Holidays and adjusted working days of `year` from the notice text; raises NoticeError."""
    text = _BRACKETS.sub("", (text or "").translate(_FULLWIDTH))
    text = _BRACKETS.sub("", text)  # a second pass for brackets nested once
    title = _TITLE_YEAR.search(text)
    if title and int(title.group(1)) != year:
        raise NoticeError([f"通知标题是{title.group(1)}年的安排，但要导入的是{year}年，请核对年份"])
    items = _items(text)
    if not items:
        raise NoticeError(
            [
                "没有找到节日安排条目，每个节日应单独一行，形如“一、元旦：1月1日至3日放假调休，共3天。1月4日（周日）上班。”"
            ]
        )
    problems: list[str] = []
    seen: dict[dt.date, tuple[str, str]] = {}
    days: list[NoticeDay] = []
    for number, name, body in items:
        item = _Item(number, name, body, year)
        item.parse()
        problems.extend(item.problems)
        for kind, dates in ((HOLIDAY, item.holidays), (WORKDAY, item.workdays)):
            for d in dates:
                if d in seen:
                    problems.append(f"{cn_date(d)} 同时出现在{seen[d][0]}和{item.label}中，请核对")
                    continue
                seen[d] = (item.label, kind)
                days.append(NoticeDay(d, kind, name))
    if problems:
        raise NoticeError(problems)
    if not any(d.date.year == year for d in days):
        raise NoticeError([f"通知中没有{year}年的日期，请核对年份"])
    return NoticeResult(year=year, days=tuple(sorted(days, key=lambda d: d.date)))
