"""Reading the process, sanctions, admission and incentive parameters of a policy version."""

from __future__ import annotations

from typing import Any

from innovoucher.policies.engine.model import Cited
from innovoucher.policies.engine.reader import (
    CADENCES,
    CLAIMANTS,
    DAY_UNITS,
    DEDUCTION,
    EXHAUSTION,
    ISSUANCE,
    REVIEW_LEVELS,
    Reader,
)
from innovoucher.policies.engine.vocabulary import FUNDER_ORDER_SET, PROVIDER_KINDS
from innovoucher.regions.domain import is_region_code


def _days(r: Reader, value: Any, path: str) -> dict:
    node = r.mapping(value, path)
    r.positive_int(node.get("days"), f"{path}.days")
    r.choice(node.get("unit"), DAY_UNITS, f"{path}.unit")
    return node


def _publicity(r: Reader, value: Any, path: str) -> dict:
    """Days and unit; optionally the publishing body's `level` (default: the chain's last step)
    and the funder levels whose money waits for it (`gates`; default: every share)."""
    node = _days(r, value, path)
    if "level" in node:
        r.choice(node["level"], ("county", "city", "province", "agency"), f"{path}.level")
    if "gates" in node:
        gates = node["gates"]
        if not isinstance(gates, list) or not gates:
            r.problem(f"{path}.gates", "应为非空的出资层级列表（province / city / county）")
        else:
            for i, level in enumerate(gates):
                r.choice(level, FUNDER_ORDER_SET, f"{path}.gates[{i}]")
    unknown = set(node) - {"days", "unit", "level", "gates"}
    if unknown:
        r.problem(path, f"未知的键：{', '.join(sorted(unknown))}")
    return node


def _contract_review(r: Reader, value: Any, path: str) -> dict:
    """Who reviews a standard contract and generates its voucher (Ningxia 第3步), where that is
    not the first step of the redemption review chain."""
    node = r.mapping(value, path)
    r.choice(node.get("level"), REVIEW_LEVELS, f"{path}.level")
    r.text(node, "action", path)
    if "deadline" in node:
        _days(r, node["deadline"], f"{path}.deadline")
    return node


def _local_top_up(r: Reader, value: Any, path: str) -> dict:
    """An optional top-up a lower level may add from its own money (Ningxia 「管理部门职责」)."""
    node = r.mapping(value, path)
    for i, level in enumerate(r.items(node.get("levels"), f"{path}.levels")):
        r.choice(level, FUNDER_ORDER_SET, f"{path}.levels[{i}]")
    if "optional" in node and not isinstance(node["optional"], bool):
        r.problem(f"{path}.optional", "应为 true 或 false")
    if node.get("rate") is not None:
        r.rate(node["rate"], f"{path}.rate")
    return node


PROCESS_READERS = {
    "issuance": lambda r, v, p: r.choice(v, ISSUANCE, p),
    "cadence": lambda r, v, p: r.choice(v, CADENCES, p),
    "claimant": lambda r, v, p: r.choice(v, CLAIMANTS, p),
    "budget_exhaustion": lambda r, v, p: r.choice(v, EXHAUSTION, p),
    "deduction_at_checkout": lambda r, v, p: r.choice(v, DEDUCTION, p),
    "publicity": _publicity,
    "contract_review": _contract_review,
    "local_top_up": _local_top_up,
    "carry_over": lambda r, v, p: v if isinstance(v, bool) else r.problem(p, "应为 true 或 false"),
}


def _review_chain(r: Reader, value: Any, path: str) -> list:
    if not isinstance(value, list) or not value:
        r.problem(path, "审核链应为非空列表")
        return []
    for i, step in enumerate(value):
        node = r.mapping(step, f"{path}[{i}]")
        r.choice(node.get("level"), REVIEW_LEVELS, f"{path}[{i}].level")
        r.text(node, "action", f"{path}[{i}]")
        if "deadline" in node:
            _days(r, node["deadline"], f"{path}[{i}].deadline")
    return value


def _deadlines(r: Reader, value: Any, path: str) -> dict:
    node = r.mapping(value, path)
    for key, item in node.items():
        d = _days(r, item, f"{path}.{key}")
        r.text(d, "from", f"{path}.{key}")
    return node


def _validity(r: Reader, value: Any, path: str) -> dict:
    node = r.mapping(value, path)
    units = [k for k in ("days", "months", "years") if k in node]
    if len(units) != 1:
        r.problem(path, "须写 days、months 或 years 之一")
    else:
        r.positive_int(node[units[0]], f"{path}.{units[0]}")
    r.choice(node.get("from"), ("completion", "issue"), f"{path}.from")
    return node


PROCESS_READERS.update(
    {"review_chain": _review_chain, "deadlines": _deadlines, "validity": _validity}
)


def _process(r: Reader, raw: Any, path: str) -> dict[str, Cited]:
    node = r.mapping(raw, path)
    result = {}
    for key in node:
        if key not in PROCESS_READERS:
            r.problem(f"{path}.{key}", f"未知的流程参数（可用：{', '.join(PROCESS_READERS)}）")
            continue
        cited = r.cited(node, key, path)
        if cited:
            PROCESS_READERS[key](r, cited[0], f"{path}.{key}.value")
            result[key] = Cited(cited[0], cited[1], cited[2])
    for required in ("issuance", "review_chain", "cadence", "claimant"):
        if required not in node:
            r.problem(f"{path}.{required}", "缺少此项")
    carry, exhaustion = result.get("carry_over"), result.get("budget_exhaustion")
    if (
        carry is not None
        and carry.value is False
        and exhaustion
        and exhaustion.value == "carry_over"
    ):
        r.problem(
            f"{path}.budget_exhaustion",
            "carry_over 为 false（不结转）时，预算用尽的处理不能是 carry_over（结转下年）",
        )
    return result


def _sanctions(r: Reader, raw: Any, path: str) -> Cited[dict] | None:
    cited = r.cited({"s": raw}, "s", path) if raw is not None else None
    if not cited:
        return None
    node = r.mapping(cited[0], f"{path}.value")
    for key in ("ban_years", "other_support_ban_years", "clawback_days"):
        if node.get(key) is not None:
            r.positive_int(node[key], f"{path}.value.{key}")
    for key in ("clawback", "spread_to_controller", "integrity_record"):
        if key in node and not isinstance(node[key], bool):
            r.problem(f"{path}.value.{key}", "应为 true 或 false")
    return Cited(node, cited[1], cited[2])


def _cited_text(r: Reader, raw: Any, path: str) -> Cited[str] | None:
    """A cited sentence of the text: {value: "…", article: "…"} (provider supervision)."""
    if raw is None:
        return None
    parent, key = path.rsplit(".", 1)
    cited = r.cited({key: raw}, key, parent)
    if not cited:
        return None
    value = cited[0]
    if not isinstance(value, str) or not value.strip():
        r.problem(f"{path}.value", "应为非空文字（条款所要求的内容）")
        value = ""
    return Cited(value.strip(), cited[1], cited[2])


def _incentives(r: Reader, raw: Any, path: str) -> tuple[Cited[dict], ...]:
    result = []
    for i, item in enumerate(r.items(raw, path)):
        p = f"{path}[{i}]"
        node = r.mapping(item, p)
        r.text(node, "code", p)
        r.text(node, "description", p)
        for key in ("rate", "public_interest_rate"):
            if key in node:
                r.rate(node[key], f"{p}.{key}")
        for key in ("cap", "threshold", "per_contract"):
            if key in node:
                r.money(node[key], f"{p}.{key}")
        for j, tier in enumerate(r.items(node.get("tiers"), f"{p}.tiers")):
            r.rate(tier, f"{p}.tiers[{j}]")
        result.append(Cited(node, r.text(node, "article", p), node.get("assumption")))
    return tuple(result)


def _admission(r: Reader, raw: Any, path: str) -> Cited[dict] | None:
    cited = r.cited({"a": raw}, "a", path) if raw is not None else None
    if not cited:
        return None
    node = r.mapping(cited[0], f"{path}.value")
    for i, kind in enumerate(r.items(node.get("direct_kinds"), f"{path}.value.direct_kinds")):
        r.choice(kind, PROVIDER_KINDS, f"{path}.value.direct_kinds[{i}]")
    if "nationwide" in node and not isinstance(node["nationwide"], bool):
        r.problem(f"{path}.value.nationwide", "应为 true 或 false")
    for i, code in enumerate(r.items(node.get("regions"), f"{path}.value.regions")):
        if not is_region_code(str(code)):
            r.problem(f"{path}.value.regions[{i}]", "应为6位行政区划代码（加引号）")
    return Cited(node, cited[1], cited[2])
