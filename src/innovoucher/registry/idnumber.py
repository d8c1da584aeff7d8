"""Chinese identity numbers (GB 11643-1999), our own checker. Pure Python, no Django.

Accepted documents, all 18 characters with the ISO 7064 MOD 11-2 check character:
- 居民身份证: 6-digit address code (its first two digits a province code), birth date, sequence;
- 港澳台居民居住证: address code exactly 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan);
- 外国人永久居留身份证 (2023 edition): first digit 9, then the 2-digit province code of the
  receiving authority, a 3-digit nationality code, birth date, sequence.

Only the province part of an address code is checked: a county code may be younger than its
holder, or abolished since, and the document stays valid (python-stdnum's ``cn.ric`` rejects those).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# GB/T 2260 province-level codes (71 Taiwan; 81/82 Hong Kong/Macau appear only as 810000/820000).
PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
}
PERMITS = {
    "81": ("810000", "hk_permit"),
    "82": ("820000", "macau_permit"),
    "83": ("830000", "taiwan_permit"),
}

KINDS = {
    "resident": "居民身份证",
    "hk_permit": "港澳台居民居住证（香港）",
    "macau_permit": "港澳台居民居住证（澳门）",
    "taiwan_permit": "港澳台居民居住证（台湾）",
    "foreign_permanent": "外国人永久居留身份证",
}
EARLIEST_BIRTH = dt.date(1900, 1, 1)


class IdNumberError(ValueError):
    """The number is wrong; `message` says exactly what to fix (in Chinese), `code` is stable."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class IdNumber:
    number: str
    kind: str
    birth_date: dt.date
    sex: str  # "male" | "female"

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise(value: str) -> str:
    return "".join(str(value or "").split()).upper()


def _kind(number: str) -> str:
    head = number[:2]
    if number[0] == "9":
        if number[1:3] not in PROVINCES or number[1:3] == "71":
            raise IdNumberError(
                "region",
                f"外国人永久居留身份证号码第2至3位“{number[1:3]}”不是有效的受理地省级行政区划代码",
            )
        return "foreign_permanent"
    if head in PERMITS:
        expected, kind = PERMITS[head]
        if number[:6] != expected:
            raise IdNumberError(
                "region", f"港澳台居民居住证号码前六位应为{expected}，您填写的是{number[:6]}"
            )
        return kind
    if head not in PROVINCES:
        raise IdNumberError(
            "region", f"身份证号码前两位“{head}”不是有效的省级行政区划代码，请核对前六位地址码"
        )
    return "resident"


def _birth_date(number: str, today: dt.date) -> dt.date:
    text = number[6:14]
    try:
        born = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise IdNumberError(
            "birth_date", f"身份证号码第7至14位的出生日期“{text}”不是有效日期"
        ) from None
    if born > today:
        raise IdNumberError(
            "birth_date", f"身份证号码中的出生日期{born:%Y年%m月%d日}晚于今天，请核对第7至14位"
        )
    if born < EARLIEST_BIRTH:
        raise IdNumberError(
            "birth_date", f"身份证号码中的出生日期{born:%Y年%m月%d日}早于1900年，请核对第7至14位"
        )
    return born


def parse_id_number(value: str, *, today: dt.date) -> IdNumber:
    """Validate and describe an 18-character identity number, or raise IdNumberError."""
    number = normalise(value)
    if not number:
        raise IdNumberError("required", "请填写身份证件号码")
    if len(number) != 18:
        raise IdNumberError("length", f"身份证号码应为18位，您填写了{len(number)}位")
    if (
        not number[:17].isdigit()
        or not number[:17].isascii()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        raise IdNumberError("format", "身份证号码前17位应为数字，最后一位为数字或字母X")
    kind = _kind(number)
    born = _birth_date(number, today)
    if check_character(number[:17]) != number[17]:
        raise IdNumberError("checksum", "身份证号码校验位错误，请核对最后一位")
    return IdNumber(
        number=number, kind=kind, birth_date=born, sex="male" if int(number[16]) % 2 else "female"
    )


def is_valid_id_number(value: str, *, today: dt.date) -> bool:
    try:
        parse_id_number(value, today=today)
    except IdNumberError:
        return False
    return True


def make_id_number(prefix6: str, birth: dt.date, sequence: int) -> str:
    """Build a valid number (synthetic data for demos and tests)."""
    first17 = f"{prefix6}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_character(first17)
