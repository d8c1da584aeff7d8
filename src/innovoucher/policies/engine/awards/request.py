"""Reading a provider-award request (contracts.md) into typed facts, with messages that say what to
fix.

Omitted fields take the neutral value: empty region and kind, zero amounts and counts, grade D (no
award tier). An omitted `year` is the year before `today` (the awards reward 上年度).
`public_institution`,
when omitted, is true exactly for a university or research institute (Ningxia: “高校、
科研院所等事业单位”),
as the quote derives `fully_paid`; a private university says `false`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from innovoucher.core.money import MoneyError, yuan_to_fen
from innovoucher.policies.engine.awards.codes import AwardInputError
from innovoucher.policies.engine.awards.model import GRADES, AwardRequest
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS
from innovoucher.regions.domain import is_region_code

# section -> field -> (type, default, Chinese label)
SECTIONS: dict[str, dict[str, tuple[str, Any, str]]] = {
    "provider": {
        "region": ("region", "", "服务机构所在地行政区划代码"),
        "kind": ("provider_kind", "", "服务机构类型"),
        "public_institution": ("bool", None, "事业单位（高校、科研院所等）"),
    },
    "services": {
        "redeemed_total": ("money", 0, "上年度实际兑付的创新券总额"),
        "via_platform_total": ("money", 0, "其中通过平台提供服务的兑付额"),
        "qualifying_contract_total": ("money", 0, "符合兑现条件的服务合同额"),
        "public_interest_contracts": ("int", 0, "科技查新、成果评价等公益性服务合同份数"),
    },
    "evaluation": {
        "grade": ("grade", "D", "年度综合评价等级"),
    },
}
# What an award's `when` condition may test (path -> type of engine/facts.py).
AWARD_FACTS: dict[str, str] = {
    f"{section}.{key}": {"provider_kind": "str", "grade": "str"}.get(kind, kind)
    for section, fields in SECTIONS.items()
    for key, (kind, _, _) in fields.items()
}
YEAR_RANGE = (2000, 2100)
PUBLIC_INSTITUTION_KINDS = (
    "university",
    "research_institute",
)  # the default of provider.public_institution


def parse_award_request(payload: Any, *, today: dt.date) -> AwardRequest:
    if not isinstance(payload, dict):
        raise AwardInputError(
            "请求应为一个 JSON 对象，包含 policy、year、provider、services、evaluation 等字段",
            details={"errors": []},
        )
    problems: list[dict] = []
    for key in sorted(set(payload) - {"policy", "year", *SECTIONS}):
        problems.append({"field": key, "problem": "未知字段，请删除或检查拼写"})
    policy = payload.get("policy")
    if not isinstance(policy, str) or not policy.strip():
        problems.append({"field": "policy", "problem": '缺少政策代码，如 "liaocheng"'})
        policy = ""
    year = _year(payload.get("year"), today, problems)
    facts: dict[str, Any] = {}
    for section, fields in SECTIONS.items():
        raw = payload.get(section)
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            problems.append({"field": section, "problem": "格式不正确（应为 JSON 对象）"})
            raw = {}
        for key in sorted(set(raw) - set(fields)):
            problems.append({"field": f"{section}.{key}", "problem": "未知字段，请删除或检查拼写"})
        for key, (kind, default, label) in fields.items():
            value = raw.get(key)
            path = f"{section}.{key}"
            facts[path] = default if value is None else _READERS[kind](value, path, label, problems)
    if facts["provider.public_institution"] is None:
        facts["provider.public_institution"] = facts["provider.kind"] in PUBLIC_INSTITUTION_KINDS
    via, total = facts["services.via_platform_total"], facts["services.redeemed_total"]
    if isinstance(via, int) and isinstance(total, int) and via > total:
        problems.append(
            {
                "field": "services.via_platform_total",
                "problem": "通过平台提供服务的兑付额是兑付总额的一部分，不能大于兑付总额",
            }
        )
    if problems:
        summary = "；".join(f"{p['field']}：{p['problem']}" for p in problems[:6])
        raise AwardInputError(
            f"补助测算请求有误，请修改后重试：{summary}", details={"errors": problems}
        )
    return AwardRequest(policy=policy.strip(), year=year, facts=facts)


def _year(value: Any, today: dt.date, problems: list[dict]) -> int:
    if value is None:
        return today.year - 1
    low, high = YEAR_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(
            {
                "field": "year",
                "problem": f"“年度”应为 {low}—{high} 之间的整数年份，如 2025（不加引号）",
            }
        )
        return 0
    return value


def _bool(value, path, label, problems):
    if not isinstance(value, bool):
        problems.append({"field": path, "problem": f"“{label}”应为 true 或 false"})
        return False
    return value


def _int(value, path, label, problems):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append({"field": path, "problem": f"“{label}”应为不小于 0 的整数"})
        return 0
    return value


def _money(value, path, label, problems):
    try:
        fen = yuan_to_fen(value)
    except MoneyError as exc:
        problems.append({"field": path, "problem": f"“{label}”{exc}"})
        return 0
    if fen < 0:
        problems.append({"field": path, "problem": f"“{label}”不能为负数"})
        return 0
    return fen


def _region(value, path, label, problems):
    if value == "":
        return ""
    if not isinstance(value, str) or not is_region_code(value):
        problems.append(
            {"field": path, "problem": f'“{label}”应为6位行政区划代码（字符串），如 "371502"'}
        )
        return ""
    return value


def _provider_kind(value, path, label, problems):
    if value == "":
        return ""
    if not isinstance(value, str) or value not in PROVIDER_KINDS:
        problems.append(
            {
                "field": path,
                "problem": f"“{value}”不是有效的服务机构类型（可选：{'、'.join(PROVIDER_KINDS)}）",
            }
        )
        return ""
    return value


def _grade(value, path, label, problems):
    grade = value.strip().upper() if isinstance(value, str) else None
    if grade not in GRADES:
        problems.append({"field": path, "problem": f"“{label}”应为 A、B、C 或 D"})
        return "D"
    return grade


_READERS = {
    "bool": _bool,
    "int": _int,
    "money": _money,
    "region": _region,
    "provider_kind": _provider_kind,
    "grade": _grade,
}
