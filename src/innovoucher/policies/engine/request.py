"""Reading a quote request (contracts.md) into typed facts, with messages that say what to fix.

Omitted optional fields take the neutral value: false for yes/no facts (but `credit_ok`, whose
neutral state is "no bad record", is true), zero for amounts, the request's day for dates.
`fully_paid`, when omitted, is true exactly when the paid amount equals the contract amount;
`other_public_funding`, when omitted, is true exactly when `public_funding_level` names a level.
Three facts a policy must not assume stay *unknown* (None) when omitted — `employees`,
`annual_revenue`, `major_incident` — so a rule can refer them to a reviewer (`known: false`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from innovoucher.core.money import MoneyError, yuan_to_fen
from innovoucher.policies.engine.errors import QuoteInputError
from innovoucher.policies.engine.vocabulary import (
    APPLICANT_KINDS,
    FUNDING_LEVELS,
    PROVIDER_KINDS,
    SERVICE_CATEGORIES,
)
from innovoucher.regions.domain import is_region_code

# A default meaning "not stated": the fact stays None and only `known` tests can tell.
UNKNOWN = object()

# field -> (type, default, Chinese label)
APPLICANT_FIELDS = {
    "kind": ("kind", None, "主体类型"),
    "region": ("region", None, "注册地行政区划代码"),
    # Omitted staff / revenue stay unknown (None): a size limit refers them to a reviewer rather
    # than passing them as zero (Liaocheng art. 8 (1)); a condition on an unknown figure is false.
    "employees": ("int", UNKNOWN, "职工人数"),
    "annual_revenue": ("money", UNKNOWN, "年销售收入"),
    "credit_ok": ("bool", True, "信用记录良好"),
    "tech_sme": ("bool", False, "科技型中小企业（入库）"),
    "high_tech": ("bool", False, "高新技术企业"),
    "specialized_sme": ("bool", False, "专精特新中小企业"),
    "in_incubator": ("bool", False, "入驻孵化载体"),
    "related_to_provider": ("bool", False, "与服务机构存在关联关系"),
    # Omitted: not declared (None) — a policy that needs the declaration refers it (Liaocheng 8
    # (3)).
    "major_incident": ("bool", UNKNOWN, "当年发生重大安全质量事故或严重失信行为"),
    "in_jinchuanggu": ("bool", False, "晋创谷创新驱动平台内企业"),
    "received_this_year": ("money", 0, "本年度已获本政策补助"),
    "group_received_this_year": ("money", 0, "同一实际控制人本年度已获补助"),
}
PROVIDER_FIELDS = {
    "region": ("region_optional", "", "服务机构所在地行政区划代码"),
    "kind": ("provider_kind", "", "服务机构类型"),
    "admitted": ("bool", False, "服务机构已入库"),
}
SERVICE_FIELDS = {
    "category": ("category", None, "服务类别"),
    "contract_amount": ("money", None, "合同金额"),
    "paid_amount": ("money", 0, "实际支付金额"),
    "fully_paid": ("bool", None, "已付清全部费用"),
    "completed_on": ("date", None, "服务完成日期"),
    # Omitted: derived from `public_funding_level` (true when a level is named), else false.
    "other_public_funding": ("bool", None, "已获其他财政资金支持"),
    "public_funding_level": ("funding_level", "", "已获财政资金支持的层级"),
    "via_platform": ("bool", False, "通过平台预约/购买"),
    "claimant": ("claimant", "applicant", "申请兑付方"),
}
SECTIONS = {"applicant": APPLICANT_FIELDS, "provider": PROVIDER_FIELDS, "service": SERVICE_FIELDS}


@dataclass(frozen=True)
class QuoteRequest:
    policy: str
    on: dt.date
    facts: dict[str, Any]  # "applicant.kind" -> value (money in fen)

    def get(self, path: str) -> Any:
        return self.facts.get(path)


class _Problems:
    def __init__(self):
        self.items: list[dict] = []

    def add(self, field: str, problem: str) -> None:
        self.items.append({"field": field, "problem": problem})


def parse_quote_request(payload: Any, *, today: dt.date) -> QuoteRequest:
    problems = _Problems()
    if not isinstance(payload, dict):
        raise QuoteInputError(
            "请求应为一个 JSON 对象，包含 policy、applicant、service 等字段", details={"errors": []}
        )
    unknown = set(payload) - {"policy", "on", *SECTIONS}
    for key in sorted(unknown):
        problems.add(key, "未知字段，请删除或检查拼写")
    policy = payload.get("policy")
    if not isinstance(policy, str) or not policy.strip():
        problems.add("policy", '缺少政策代码，如 "ningxia"')
        policy = ""
    on = _date(payload.get("on"), "on", problems) if payload.get("on") is not None else today
    facts: dict[str, Any] = {}
    for section, fields in SECTIONS.items():
        raw = payload.get(section, {} if section == "provider" else None)
        if not isinstance(raw, dict):
            problems.add(section, "缺少此部分或格式不正确（应为 JSON 对象）")
            continue
        for key in sorted(set(raw) - set(fields)):
            problems.add(f"{section}.{key}", "未知字段，请删除或检查拼写")
        for key, (kind, default, label) in fields.items():
            facts[f"{section}.{key}"] = _field(
                raw, key, kind, default, label, f"{section}.{key}", problems, on
            )
    _cross_checks(facts, problems, on)
    if problems.items:
        summary = "；".join(f"{p['field']}：{p['problem']}" for p in problems.items[:6])
        raise QuoteInputError(
            f"测算请求有误，请修改后重试：{summary}", details={"errors": problems.items}
        )
    return QuoteRequest(policy=policy.strip(), on=on, facts=facts)


def _cross_checks(facts: dict, problems: _Problems, on: dt.date) -> None:
    completed = facts.get("service.completed_on")
    if isinstance(completed, dt.date) and completed > on:
        problems.add(
            "service.completed_on",
            "服务完成日期不能晚于申请日期：创新券为事后补助，请在服务完成后测算或申请",
        )
    contract, paid = facts.get("service.contract_amount"), facts.get("service.paid_amount")
    if isinstance(contract, int) and isinstance(paid, int):
        if paid > contract:
            problems.add("service.paid_amount", "实际支付金额不能大于合同金额")
        if facts.get("service.fully_paid") is None:
            facts["service.fully_paid"] = contract > 0 and paid == contract
    level = facts.get("service.public_funding_level")
    funded = facts.get("service.other_public_funding")
    if funded is None:
        facts["service.other_public_funding"] = bool(level)
    elif funded is False and level:
        problems.add(
            "service.public_funding_level",
            "填写了财政资金支持层级，但“已获其他财政资金支持”为 false，请核对",
        )


def _field(
    raw: dict,
    key: str,
    kind: str,
    default: Any,
    label: str,
    path: str,
    problems: _Problems,
    on: dt.date,
) -> Any:
    if key not in raw or raw[key] is None:
        if default is UNKNOWN:
            return None
        if default is None and kind not in ("bool", "date"):
            problems.add(path, f"缺少“{label}”")
        return on if kind == "date" else default
    value = raw[key]
    reader = _READERS[kind]
    return reader(value, path, label, problems)


def _bool(value, path, label, problems):
    if not isinstance(value, bool):
        problems.add(path, f"“{label}”应为 true 或 false")
        return False
    return value


def _int(value, path, label, problems):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.add(path, f"“{label}”应为不小于 0 的整数")
        return 0
    return value


def _money(value, path, label, problems):
    try:
        fen = yuan_to_fen(value)
    except MoneyError as exc:
        problems.add(path, f"“{label}”{exc}")
        return 0
    if fen < 0:
        problems.add(path, f"“{label}”不能为负数")
    return fen


def _date(value, path, problems, label="日期"):
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.add(path, f'“{label}”应为 YYYY-MM-DD 格式的日期，如 "2026-06-01"')
        return dt.date(1900, 1, 1)


def _choice(options: dict, what: str, allow_empty: bool = False):
    def read(value, path, label, problems):
        if allow_empty and value == "":
            return ""
        if not isinstance(value, str) or value not in options:
            problems.add(path, f"“{value}”不是有效的{what}（可选：{'、'.join(options)}）")
            return ""
        return value

    return read


def _region(allow_empty: bool):
    def read(value, path, label, problems):
        if allow_empty and value == "":
            return ""
        if not isinstance(value, str) or not is_region_code(value):
            problems.add(path, f'“{label}”应为6位行政区划代码（字符串），如 "640104"')
            return ""
        return value

    return read


_READERS = {
    "bool": _bool,
    "int": _int,
    "money": _money,
    "date": lambda v, p, label, pr: _date(v, p, pr, label),
    "kind": _choice(APPLICANT_KINDS, "主体类型"),
    "provider_kind": _choice(PROVIDER_KINDS, "服务机构类型", allow_empty=True),
    "category": _choice(SERVICE_CATEGORIES, "服务类别"),
    "claimant": _choice({"applicant": "申请主体", "provider": "服务机构"}, "申请兑付方"),
    "funding_level": _choice(FUNDING_LEVELS, "财政资金层级", allow_empty=True),
    "region": _region(False),
    "region_optional": _region(True),
}
