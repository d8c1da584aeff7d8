"""Reading policy documents: the Reader that collects every problem with its path, and the code
lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from innovoucher.core.money import MoneyError, yuan_to_fen

COMPARISONS = (
    "is",
    "eq",
    "ne",
    "in",
    "not_in",
    "at_least",
    "at_most",
    "more_than",
    "less_than",
    "within",
    "within_any",
    "known",
)
REVIEW_LEVELS = ("county", "city", "province", "agency", "expert", "meeting", "finance")
DAY_UNITS = ("working", "calendar")
ISSUANCE = ("application", "automatic", "membership")
CADENCES = ("monthly", "quarterly", "yearly", "per_notice", "continuous")
CLAIMANTS = ("applicant", "provider", "either_one", "by_provider_location")
PAYEE_RULES = ("applicant", "provider", "by_provider_location", "claimant")
CAP_SCOPES = ("applicant_year", "group_year", "contract")
BASES = ("paid_amount", "contract_amount")
EXHAUSTION = ("wait", "reject", "carry_over")
DEDUCTION = ("never", "always", "in_region")


class Reader:
    """Collects problems while reading nested mappings."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def problem(self, path: str, text: str) -> None:
        self.problems.append(f"{path}: {text}")

    def mapping(self, value: Any, path: str) -> dict:
        if not isinstance(value, dict):
            self.problem(path, "应为映射（键: 值）")
            return {}
        return value

    def text(self, data: dict, key: str, path: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"{path}.{key}", "缺少此项")
            return ""
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", "应为文本")
            return ""
        return value.strip()

    def choice(self, value: Any, allowed, path: str) -> str:
        if not isinstance(value, str) or value not in allowed:
            self.problem(path, f"“{value}”不是可用的取值（可用：{', '.join(allowed)}）")
        return value

    def items(self, value: Any, path: str) -> list:
        """An optional list: absent is empty; anything else than a list is a problem (never
        iterated)."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, "应为列表")
            return []
        return value

    def rate(self, value: Any, path: str) -> Decimal:
        """Rates are written "50%" or "0.5" as strings; YAML floats are refused (inexact)."""
        if isinstance(value, float) or not isinstance(value, str):
            self.problem(path, '比例须写成带引号的字符串，如 "50%"')
            return Decimal(0)
        text = value.strip()
        try:
            rate = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        except InvalidOperation:
            self.problem(path, f"比例“{value}”无法识别")
            return Decimal(0)
        if not Decimal(0) <= rate <= Decimal(1):
            self.problem(path, "比例须在 0% 到 100% 之间")
        return rate

    def money(self, value: Any, path: str) -> int:
        try:
            fen = yuan_to_fen(value)
        except MoneyError as exc:
            self.problem(path, str(exc))
            return 0
        if fen < 0:
            self.problem(path, "金额不能为负")
        return fen

    def date(self, value: Any, path: str) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(path, f"日期“{value}”应为 YYYY-MM-DD")
            return dt.date.min

    def positive_int(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.problem(path, "应为正整数")
            return 0
        return value

    def cited(
        self, data: dict, key: str, path: str, *, required: bool = True
    ) -> tuple[Any, str, str | None] | None:
        """A parameter written as {value: …, article: …, assumption: …}."""
        raw = data.get(key)
        if raw is None:
            if required:
                self.problem(f"{path}.{key}", "缺少此项")
            return None
        node = self.mapping(raw, f"{path}.{key}")
        if "value" not in node:
            self.problem(f"{path}.{key}", "缺少 value")
        article = self.text(node, "article", f"{path}.{key}")
        unknown = set(node) - {"value", "article", "assumption"}
        if unknown:
            self.problem(f"{path}.{key}", f"未知的键：{', '.join(sorted(unknown))}")
        assumption = node.get("assumption")
        return (
            node.get("value"),
            article,
            (assumption.strip() if isinstance(assumption, str) else None),
        )
