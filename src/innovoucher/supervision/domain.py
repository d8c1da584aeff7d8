"""Supervision arithmetic, pure Python (no Django): ban windows, sample sizes, reproducible
samples, risk scores, and the spread of a ban through the controller graph (Urumqi art. 20)."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

# --- ban windows ------------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def ban_window(start: dt.date, years: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a ban of `years` years from `start`: a three-year ban imposed on
    2026-03-02 is in force to 2029-03-01 inclusive and ends on 2029-03-02."""
    if years <= 0:
        raise ValueError("ban years must be positive")
    return start, add_years(start, years) - dt.timedelta(days=1)


def in_force(starts_on: dt.date, ends_on: dt.date, on: dt.date) -> bool:
    return starts_on <= on <= ends_on


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- sample size --------------------------------------------------------------------------------

# two-sided z values of the usual confidence levels
Z_VALUES = {
    Decimal("0.90"): Decimal("1.6449"),
    Decimal("0.95"): Decimal("1.9600"),
    Decimal("0.99"): Decimal("2.5758"),
}


def sample_size(
    population: int, confidence: Decimal, margin: Decimal, proportion: Decimal = Decimal("0.5")
) -> int:
    """Cochran's n0 = z²·p(1−p)/e², with the finite-population correction n = n0 / (1 + (n0−1)/N),
    rounded up and never more than N. 1 000 redemptions at 95 % and ±5 % → 278."""
    if population <= 0:
        return 0
    z = Z_VALUES.get(Decimal(confidence))
    if z is None:
        raise ValueError("confidence must be 0.90, 0.95 or 0.99")
    margin = Decimal(margin)
    if not Decimal("0") < margin < Decimal("1"):
        raise ValueError("margin must lie between 0 and 1")
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / Decimal(population))
    return min(population, int(n.to_integral_value(rounding=ROUND_CEILING)))


# --- samples ------------------------------------------------------------------------------------


def random_sample(ids: Iterable[int], size: int, seed: int) -> list[int]:
    """`size` ids drawn with a recorded seed: the same seed and frame give the same sample."""
    pool = sorted(set(ids))
    size = max(0, min(size, len(pool)))
    return sorted(random.Random(seed).sample(pool, size))


def risk_sample(scores: Mapping[int, int], size: int) -> list[int]:
    """The `size` riskiest ids (score descending, then id), only those with a score above 0."""
    ranked = sorted((i for i, s in scores.items() if s > 0), key=lambda i: (-scores[i], i))
    return sorted(ranked[: max(0, size)])


def combined_sample(scores: Mapping[int, int], size: int, seed: int) -> list[int]:
    """Half the sample by risk (rounded up), the rest drawn at random from the remainder."""
    risky = risk_sample(scores, math.ceil(size / 2))
    rest = [i for i in scores if i not in set(risky)]
    return sorted(risky + random_sample(rest, size - len(risky), seed))


# --- risk ---------------------------------------------------------------------------------------

RISK_WEIGHTS = {
    "related_parties": (30, "申请方与服务机构存在关联关系"),
    "duplicate_invoice": (30, "发票号码重复或同一开票单位同日同额开票"),
    "split_contract": (20, "同一对企业与服务机构短期内多份合同，疑似拆分合同"),
    "just_under_limit": (15, "合同金额为整数且略低于补助档次或上限"),
    "recurring_pair": (10, "同一企业与服务机构反复合作"),
    "busy_provider": (10, "同一服务机构申请数量明显偏多"),
}


@dataclass(frozen=True)
class RiskItem:
    """What the automatic checks know about one redemption in a sampling frame."""

    id: int
    applicant: str
    provider: str
    contract_fen: int
    completed_on: dt.date
    related: bool = False
    invoice_keys: tuple[str, ...] = ()
    limits_fen: tuple[int, ...] = ()


@dataclass
class Risk:
    score: int = 0
    factors: list[dict] = field(default_factory=list)

    def add(self, code: str, detail: str = "") -> None:
        weight, label = RISK_WEIGHTS[code]
        self.score = min(100, self.score + weight)
        self.factors.append({"code": code, "label": label, "weight": weight, "detail": detail})


SPLIT_DAYS = 30
JUST_UNDER = Decimal("0.05")  # within 5 % below a tier or cap
ROUND_FEN = 1_000 * 100  # a multiple of 1 000 yuan
BUSY_FACTOR = 3


def _just_under(amount: int, limits: Sequence[int]) -> int | None:
    if amount <= 0 or amount % ROUND_FEN:
        return None
    for limit in sorted(limits):
        if limit * (1 - JUST_UNDER) <= amount < limit:
            return limit
    return None


def score_frame(items: Sequence[RiskItem]) -> dict[int, Risk]:
    """The risk score (0–100) of each redemption with the factors that make it up."""
    risks = {i.id: Risk() for i in items}
    pairs: dict[tuple[str, str], list[RiskItem]] = {}
    invoices: dict[str, list[int]] = {}
    providers: dict[str, int] = {}
    for item in items:
        pairs.setdefault((item.applicant, item.provider), []).append(item)
        providers[item.provider] = providers.get(item.provider, 0) + 1
        for key in set(item.invoice_keys):
            invoices.setdefault(key, []).append(item.id)
    mean = len(items) / len(providers) if providers else 0
    for item in items:
        risk = risks[item.id]
        if item.related:
            risk.add("related_parties")
        dupes = sorted({o for k in item.invoice_keys for o in invoices[k] if o != item.id})
        outside = any(k.startswith("outside:") for k in item.invoice_keys)
        if dupes or outside:
            where = f"与 {len(dupes)} 笔申请重复" if dupes else "发票号码已在其他申请中使用"
            risk.add("duplicate_invoice", where)
        pair = pairs[(item.applicant, item.provider)]
        close = [
            o
            for o in pair
            if o.id != item.id and abs((o.completed_on - item.completed_on).days) <= SPLIT_DAYS
        ]
        if close:
            risk.add("split_contract", f"{SPLIT_DAYS}日内另有 {len(close)} 份合同")
        if len(pair) >= 3:
            risk.add("recurring_pair", f"共 {len(pair)} 笔申请")
        limit = _just_under(item.contract_fen, item.limits_fen)
        if limit is not None:
            risk.add("just_under_limit", f"限额 {limit // 100} 元")
        if len(providers) > 1 and providers[item.provider] >= max(5, BUSY_FACTOR * mean):
            risk.add("busy_provider", f"该机构 {providers[item.provider]} 笔")
    return risks


# --- the spread of a ban through the controller graph (Urumqi art. 20 last paragraph) ---------


@dataclass(frozen=True)
class Hop:
    source: str
    source_label: str
    relation: str
    target: str
    target_label: str

    def as_dict(self) -> dict:
        return {"from": self.source_label, "relation": self.relation, "to": self.target_label}


# (holder key, holder label, relation to the banned party, e.g. "法定代表人", "实际控制人")
Root = tuple[str, str, str]
# (holder key) -> [(controlled key, controlled label, relation such as "控股 60.00%")]
Children = Callable[[list[str]], Mapping[str, list[tuple[str, str, str]]]]

MAX_SPREAD_HOPS = 3


def spread(
    banned_key: str, banned_label: str, roots: Iterable[Root], children: Children
) -> dict[str, list[Hop]]:
    """Every entity set up or controlled — directly or through up to MAX_SPREAD_HOPS links — by a
    person or body that is the banned party's legal representative, main shareholder or actual
    controller, with the path from the banned party as evidence. Breadth-first, so each target
    gets its shortest path; the banned party itself is never a target."""
    paths: dict[str, list[Hop]] = {}
    frontier: dict[str, list[Hop]] = {}
    for key, label, relation in roots:
        if key not in frontier:
            frontier[key] = [Hop(key, label, relation, banned_key, banned_label)]
    seen = {banned_key, *frontier}
    labels = {key: label for key, label, _ in roots}
    for _ in range(MAX_SPREAD_HOPS):
        found = children(list(frontier))
        nxt: dict[str, list[Hop]] = {}
        for holder, path in frontier.items():
            for key, label, relation in found.get(holder, []):
                if key in seen:
                    continue
                seen.add(key)
                labels[key] = label
                hop = Hop(holder, labels[holder], relation, key, label)
                nxt[key] = paths[key] = [*path, hop]
        if not nxt:
            break
        frontier = nxt
    return paths
