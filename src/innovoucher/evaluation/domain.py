"""Pure evaluation arithmetic: scores from indicators, grades, the budget adjustment a grade
suggests. Plain Python, integers only (scores are whole points 0–100, money is fen).

Provider (Liaocheng art. 19 供给方「服务量大、用户评价高、综合效益突出」, art. 22; Ningxia
「科技服务机构评价和补贴」: 兑付额度、服务收入及质量):
    volume 30 (redeemed voucher money relative to the round's largest) + ratings 30 (average of
    every rating, late ones included) + timeliness 20 (confirmations within CONFIRM_DAYS, orders
    delivered of those accepted) + compliance 20 (minus 5 per upheld complaint or spot-check
    finding)
County (Liaocheng art. 22 「创新券使用效率低的县（市、区）…予以通报」):
    usage 40 (vouchers used of issued) + money 30 (redeemed relative to the largest county) +
    timeliness 30 (review steps decided within their deadline)
Scheme (Shanxi art. 22–23 年度绩效考评; Urumqi art. 21 绩效评价):
    execution 40 (budget used of received) + usage 30 + timeliness 30
Combined with an expert score at the round's weight; grade A ≥ 85, B ≥ 70, C ≥ 60, else D.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIRM_DAYS = 5  # a provider confirmation counts as timely within five calendar days
GRADE_FLOORS = (("A", 85), ("B", 70), ("C", 60))
# Shanxi art. 23: next year's provincial money is adjusted by the result (per cent of this year's).
ADJUSTMENT_PERCENT = {"A": 10, "B": 0, "C": -10, "D": -20}
# Where a policy names experts or a third party for the evaluation, their default weight (%).
EXPERT_WEIGHT = {
    "shanxi": (40, "山西办法第二十二条：省科技厅组织专家或委托第三方机构进行绩效考评"),
    "ningxia": (30, "宁夏办法：有关部门通过第三方机构进行监督检查和绩效评价"),
}
ARTICLES = {
    "provider": {
        "liaocheng": "聊城办法第十九条、第二十二条",
        "ningxia": "宁夏办法「科技服务机构评价和补贴」",
        "shanxi": "山西办法第二十二条、第二十四条",
        "urumqi": "乌鲁木齐办法第八条",
        "shaoxing": "绍兴方案「提供政策倾斜」（绩效评价成绩优秀的服务机构）",
    },
    "county": {"liaocheng": "聊城办法第二十二条"},
    "scheme": {
        "shanxi": "山西办法第二十二条、第二十三条",
        "urumqi": "乌鲁木齐办法第二十一条",
    },
}
NOTICE_ARTICLE = {
    "liaocheng": "聊城办法第二十二条（予以通报）",
    "ningxia": "宁夏办法：差的服务机构将通报批评并限期整改",
}


def ratio_points(part: int, whole: int, points: int, *, empty: int | None = None) -> int:
    """`points × part / whole`, floored and capped at `points`; `empty` when whole is zero."""
    if whole <= 0:
        return points if empty is None else empty
    return min(points, points * max(part, 0) // whole)


@dataclass(frozen=True)
class Scored:
    score: int
    parts: dict[str, int]


def provider_score(ind: dict, *, largest_redeemed_fen: int) -> Scored:
    rated = ind.get("ratings", 0)
    rating = (30 * ind.get("rating_sum", 0)) // (5 * rated) if rated else 15
    parts = {
        "volume": ratio_points(ind.get("redeemed_fen", 0), largest_redeemed_fen, 30, empty=0),
        "rating": min(30, rating),
        "timeliness": ratio_points(ind.get("confirmed_on_time", 0), ind.get("confirmations", 0), 10)
        + ratio_points(ind.get("orders_delivered", 0), ind.get("orders_accepted", 0), 10),
        "compliance": max(0, 20 - 5 * (ind.get("complaints_upheld", 0) + ind.get("findings", 0))),
    }
    return Scored(sum(parts.values()), parts)


def county_score(ind: dict, *, largest_redeemed_fen: int) -> Scored:
    parts = {
        "usage": ratio_points(
            ind.get("vouchers_used", 0), ind.get("vouchers_issued", 0), 40, empty=0
        ),
        "money": ratio_points(ind.get("redeemed_fen", 0), largest_redeemed_fen, 30, empty=0),
        "timeliness": _timely(ind, 30),
    }
    return Scored(sum(parts.values()), parts)


def scheme_score(ind: dict) -> Scored:
    parts = {
        "execution": ratio_points(
            ind.get("budget_used_fen", 0), ind.get("budget_received_fen", 0), 40, empty=0
        ),
        "usage": ratio_points(
            ind.get("vouchers_used", 0), ind.get("vouchers_issued", 0), 30, empty=0
        ),
        "timeliness": _timely(ind, 30),
    }
    return Scored(sum(parts.values()), parts)


def _timely(ind: dict, points: int) -> int:
    decided = ind.get("steps_decided", 0)
    return ratio_points(decided - ind.get("steps_overdue", 0), decided, points)


def combine(platform: int, expert: int | None, weight: int) -> int:
    """The final score: the platform's alone, or weighted with the expert score (half up)."""
    if expert is None or weight <= 0:
        return platform
    return (platform * (100 - weight) + expert * weight + 50) // 100


def grade_for(score: int) -> str:
    for grade, floor in GRADE_FLOORS:
        if score >= floor:
            return grade
    return "D"


def adjustment_fen(grade: str, base_fen: int) -> int:
    """Suggested change of next year's money (Shanxi art. 23), truncated toward zero to a fen."""
    percent = ADJUSTMENT_PERCENT.get(grade, 0)
    value = abs(base_fen) * abs(percent) // 100
    return value if percent >= 0 else -value


def flags_for(kind: str, grade: str, ind: dict, family: str) -> list[str]:
    """通报/整改 hints a decided assessment carries (supervision reads the grade)."""
    article = NOTICE_ARTICLE.get(family, "")
    flags = []
    if grade == "D":
        flags.append(
            f"评价等级为差，予以通报并限期整改{('（' + article + '）') if article else ''}"
        )
    if (
        kind == "county"
        and ind.get("vouchers_issued", 0)
        and (100 * ind.get("vouchers_used", 0) < 30 * ind.get("vouchers_issued", 0))
    ):
        flags.append("创新券使用率低于30%，使用效率低（聊城办法第二十二条）")
    return flags
