"""Evaluating rule conditions against a request's facts.

Chinese legal counting (民法典 第1259条): 以上/以下/以内/不超过 include the number — written
`at_least` / `at_most`; 超过/不满 exclude it — written `more_than` / `less_than`.
A fact the request left unknown (None) fails every comparison; `known: true|false` tests for it.
"""

from __future__ import annotations

from typing import Any

from innovoucher.policies.engine.model import Condition
from innovoucher.regions.domain import region_within


def evaluate(condition: Condition, facts: dict[str, Any]) -> bool:
    op = condition.op
    if op == "all":
        return all(evaluate(c, facts) for c in condition.children)
    if op == "any":
        return any(evaluate(c, facts) for c in condition.children)
    if op == "not":
        return not all(evaluate(c, facts) for c in condition.children)
    value = facts.get(condition.fact)
    return _compare(op, value, condition.operand)


def _compare(op: str, value: Any, operand: Any) -> bool:
    if op == "known":
        return (value is not None) == operand
    if op == "truthy":
        return bool(value)
    if op in ("is", "eq"):
        return value == operand
    if op == "ne":
        return value != operand
    if op == "in":
        return value in operand
    if op == "not_in":
        return value not in operand
    if op == "within":
        return bool(value) and region_within(value, operand)
    if op == "within_any":
        return bool(value) and any(region_within(value, code) for code in operand)
    if value is None:
        return False
    return {
        "at_least": lambda: value >= operand,
        "at_most": lambda: value <= operand,
        "more_than": lambda: value > operand,
        "less_than": lambda: value < operand,
    }[op]()
