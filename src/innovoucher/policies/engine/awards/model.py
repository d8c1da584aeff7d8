"""The parsed, validated provider-award rules of a policy version, and the award request. No
Django."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from innovoucher.policies.engine.model import FUNDER_ORDER, Cited, Condition

GRADES = ("A", "B", "C", "D")
# services.* amounts an award may be a rate of, and counts it may be paid per unit of.
BASES = {
    "redeemed_total": "上年度实际兑付的创新券总额",
    "via_platform_total": "其中通过平台提供服务的兑付额",
    "qualifying_contract_total": "符合兑现条件的服务合同额",
}
COUNTS = {"public_interest_contracts": "科技查新、成果评价等公益性服务合同份数"}


@dataclass(frozen=True)
class Award:
    """One award to a provider: exactly one of `rate`, `grade_rates`, `per_unit_fen` or `match`."""

    code: str
    name: str
    funder: str
    article: str
    description: str = ""
    base: str | None = None
    rate: Decimal | None = None
    grade_rates: tuple[tuple[str, Decimal], ...] = ()
    per_unit_fen: int | None = None
    count: str | None = None
    match: str | None = None  # code of an earlier award this one matches
    match_ratio: Decimal | None = None  # "1:1" -> 1
    cap_fen: int | None = None
    ceiling: bool = (
        False  # the text says 不超过 X%: the result is the ceiling, the official may grant less
    )
    when: Condition | None = None
    message: str = ""  # what the provider reads when `when` does not hold
    assumption: str | None = None

    def grade_rate(self, grade: str) -> Decimal | None:
        return dict(self.grade_rates).get(grade)


@dataclass(frozen=True)
class AwardCap:
    amount_fen: int
    label: str
    article: str


@dataclass(frozen=True)
class AwardNote:
    code: str
    message: str
    article: str


@dataclass(frozen=True)
class ProviderAwards:
    """A version's awards to providers. No awards: `none_message` says so, citing `article`."""

    article: str
    awards: tuple[Award, ...] = ()
    total_cap: AwardCap | None = None
    notes: tuple[AwardNote, ...] = ()
    none_message: str = ""
    agency_operating_subsidy: Cited[Any] | None = None

    def funders(self) -> list[str]:
        present = {a.funder for a in self.awards}
        return [level for level in FUNDER_ORDER if level in present]


@dataclass(frozen=True)
class AwardRequest:
    policy: str
    year: int
    facts: dict[str, Any]  # "services.redeemed_total" -> fen, "evaluation.grade" -> "A", …

    def get(self, path: str) -> Any:
        return self.facts.get(path)
