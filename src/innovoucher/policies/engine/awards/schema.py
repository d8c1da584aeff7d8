"""Validating a version's `provider_awards` (the YAML) into the award dataclasses.

Called by engine/schema.py while it reads a version, with the same Reader, so a mistake here is
listed with its path like any other parameter and the whole file is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from innovoucher.policies.engine.awards.model import (
    BASES,
    COUNTS,
    GRADES,
    Award,
    AwardCap,
    AwardNote,
    ProviderAwards,
)
from innovoucher.policies.engine.awards.request import AWARD_FACTS
from innovoucher.policies.engine.model import Cited
from innovoucher.policies.engine.reader import Reader
from innovoucher.policies.engine.vocabulary import FUNDER_ORDER_SET

KEYS = {"article", "awards", "total_cap", "notes", "none_message", "agency_operating_subsidy"}
AWARD_KEYS_ORDER = (
    "code",
    "name",
    "description",
    "funder",
    "article",
    "base",
    "rate",
    "grade_rates",
    "per_unit",
    "count",
    "match",
    "cap",
    "ceiling",
    "when",
    "message",
    "assumption",
)
AWARD_KEYS = set(AWARD_KEYS_ORDER)
AMOUNT_KINDS = ("rate", "grade_rates", "per_unit", "match")


def read_provider_awards(
    r: Reader, raw: Any, path: str, *, read_condition: Callable
) -> ProviderAwards | None:
    if raw is None:
        return None
    node = r.mapping(raw, path)
    unknown = set(node) - KEYS
    if unknown:
        r.problem(path, f"未知的键：{', '.join(sorted(unknown))}")
    awards: list[Award] = []
    for i, item in enumerate(r.items(node.get("awards"), f"{path}.awards")):
        awards.append(_award(r, item, f"{path}.awards[{i}]", awards, read_condition))
    codes = [a.code for a in awards]
    if len(codes) != len(set(codes)):
        r.problem(f"{path}.awards", "补助代码重复")
    none_message = r.text(node, "none_message", path, required=not awards)
    if awards and none_message:
        r.problem(f"{path}.none_message", "已列出补助项目时不应再写“无补助”说明")
    return ProviderAwards(
        article=r.text(node, "article", path),
        awards=tuple(awards),
        total_cap=_cap(r, node.get("total_cap"), f"{path}.total_cap"),
        notes=tuple(
            _note(r, item, f"{path}.notes[{i}]")
            for i, item in enumerate(r.items(node.get("notes"), f"{path}.notes"))
        ),
        none_message=none_message,
        agency_operating_subsidy=_operating(r, node, path),
    )


def _award(r: Reader, raw: Any, path: str, earlier: list[Award], read_condition: Callable) -> Award:
    node = r.mapping(raw, path)
    unknown = set(node) - AWARD_KEYS
    if unknown:
        r.problem(path, f"未知的键：{', '.join(sorted(unknown))}")
    kinds = [k for k in AMOUNT_KINDS if k in node]
    if len(kinds) != 1:
        r.problem(path, "须写 rate、grade_rates、per_unit、match 之一")
    base = node.get("base")
    if "rate" in node or "grade_rates" in node:
        r.choice(base, BASES, f"{path}.base")
    elif base is not None:
        r.problem(f"{path}.base", "只有 rate 或 grade_rates 需要计算基数")
    count = node.get("count")
    if "per_unit" in node:
        r.choice(count, COUNTS, f"{path}.count")
    when = (
        read_condition(r, node["when"], f"{path}.when", facts=AWARD_FACTS)
        if "when" in node
        else None
    )
    message = r.text(node, "message", path, required=when is not None)
    match, ratio = (
        _match(r, node.get("match"), f"{path}.match", earlier) if "match" in node else (None, None)
    )
    ceiling = node.get("ceiling", False)
    if not isinstance(ceiling, bool):
        r.problem(f"{path}.ceiling", "应为 true 或 false")
    return Award(
        code=r.text(node, "code", path),
        name=r.text(node, "name", path),
        funder=r.choice(node.get("funder"), FUNDER_ORDER_SET, f"{path}.funder"),
        article=r.text(node, "article", path),
        description=r.text(node, "description", path, required=False),
        base=base if isinstance(base, str) else None,
        rate=r.rate(node["rate"], f"{path}.rate") if "rate" in node else None,
        grade_rates=_grade_rates(r, node["grade_rates"], f"{path}.grade_rates")
        if "grade_rates" in node
        else (),
        per_unit_fen=r.money(node["per_unit"], f"{path}.per_unit") if "per_unit" in node else None,
        count=count if isinstance(count, str) else None,
        match=match,
        match_ratio=ratio,
        cap_fen=r.money(node["cap"], f"{path}.cap") if node.get("cap") is not None else None,
        ceiling=ceiling is True,
        when=when,
        message=message,
        assumption=node.get("assumption") if isinstance(node.get("assumption"), str) else None,
    )


def _grade_rates(r: Reader, raw: Any, path: str) -> tuple[tuple[str, Decimal], ...]:
    node = r.mapping(raw, path)
    if not node:
        r.problem(path, "应至少列出一个评价等级的比例")
    for grade in node:
        r.choice(grade, GRADES, f"{path}.{grade}")
    return tuple(
        (grade, r.rate(node[grade], f"{path}.{grade}")) for grade in GRADES if grade in node
    )


def _match(
    r: Reader, raw: Any, path: str, earlier: list[Award]
) -> tuple[str | None, Decimal | None]:
    """`{award: <code of an earlier award>, ratio: "1:1"}` — ratio "a:b" pays b for every a of
    the matched award."""
    node = r.mapping(raw, path)
    code = node.get("award")
    if code not in [a.code for a in earlier]:
        r.problem(f"{path}.award", f"“{code}”不是列在此项之前的补助代码")
    text = node.get("ratio")
    try:
        left, right = (
            (Decimal(part) for part in str(text).split(":"))
            if isinstance(text, str)
            else (None, None)
        )
        if left is None or left <= 0 or right < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        r.problem(f"{path}.ratio", '配套比例应写成带引号的“甲:乙”，如 "1:1"')
        return code, Decimal(0)
    return code, right / left


def _cap(r: Reader, raw: Any, path: str) -> AwardCap | None:
    if raw is None:
        return None
    node = r.mapping(raw, path)
    return AwardCap(
        amount_fen=r.money(node.get("amount"), f"{path}.amount"),
        label=r.text(node, "label", path),
        article=r.text(node, "article", path),
    )


def _note(r: Reader, raw: Any, path: str) -> AwardNote:
    node = r.mapping(raw, path)
    return AwardNote(
        code=r.text(node, "code", path),
        message=r.text(node, "message", path),
        article=r.text(node, "article", path),
    )


def _operating(r: Reader, node: dict, path: str) -> Cited | None:
    cited = r.cited(node, "agency_operating_subsidy", path, required=False)
    if not cited:
        return None
    if cited[0] is not None:
        r.money(cited[0], f"{path}.agency_operating_subsidy.value")
    return Cited(cited[0], cited[1], cited[2])
