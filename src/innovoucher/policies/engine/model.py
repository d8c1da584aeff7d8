"""The parsed, validated form of a policy version: frozen dataclasses, no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # the award model imports this module; the annotation needs no import at run time
    from innovoucher.policies.engine.awards.model import ProviderAwards

T = TypeVar("T")

VERDICTS = ("fail", "refer", "record")
FUNDER_ORDER = ("province", "city", "county")


@dataclass(frozen=True)
class Cited(Generic[T]):
    """A parameter value with the article it comes from, and the assumption where the text is
    silent."""

    value: T
    article: str
    assumption: str | None = None


@dataclass(frozen=True)
class Condition:
    """A node of a rule's condition: all / any / not, or a test of one fact."""

    # all | any | not | truthy | is | eq | ne | in | not_in | at_least | at_most | more_than |
    # less_than | within | within_any
    op: str
    fact: str | None = None
    operand: Any = None
    children: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    verdict: str
    message: str
    article: str
    require: Condition | None = None
    applies_if: Condition | None = None
    fix: str | None = None


@dataclass(frozen=True)
class Exclusion:
    categories: tuple[str, ...]
    message: str
    article: str


@dataclass(frozen=True)
class Tier:
    up_to_fen: int | None  # inclusive upper bound of the bracket; None: no upper bound
    rate: Decimal


@dataclass(frozen=True)
class Component:
    """One part of the subsidy: a rate or marginal tiers on the base, paid by one or more
    funders."""

    code: str
    name: str
    funders: tuple[tuple[str, int], ...]
    article: str
    rate: Decimal | None = None
    tiers: tuple[Tier, ...] = ()
    when: Condition | None = None


@dataclass(frozen=True)
class Cap:
    scope: str  # applicant_year | group_year | contract
    amount_fen: int
    article: str
    kinds: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class PayeeRule:
    rule: str  # applicant | provider | by_provider_location | claimant
    article: str
    region: str | None = None


@dataclass(frozen=True)
class PolicyVersion:
    family: str
    code: str
    title: str
    effective_from: Cited[dt.date]
    effective_to: Cited[dt.date] | None
    applicant_kinds: Cited[tuple[str, ...]]
    included: Cited[tuple[str, ...]]
    excluded: tuple[Exclusion, ...]
    eligibility: tuple[Rule, ...]
    base: Cited[str]
    components: tuple[Component, ...]
    caps: tuple[Cap, ...]
    payee: PayeeRule
    process: dict[str, Cited[Any]] = field(default_factory=dict)
    sanctions: Cited[dict] | None = None
    # Provider supervision, each a cited requirement of the text: the clean credit record asked
    # of providers; 通报批评并限期整改 of poorly rated providers; 通报 of counties and providers.
    provider_credit: Cited[str] | None = None
    provider_measures: Cited[str] | None = None
    county_bulletins: Cited[str] | None = None
    provider_admission: Cited[dict] | None = None
    provider_incentives: tuple[Cited[dict], ...] = ()
    provider_awards: ProviderAwards | None = None  # engine/awards: what the version pays providers
    assumptions: tuple[str, ...] = ()

    def in_force(self, on: dt.date) -> bool:
        """届满 counts the last day: a version ending 2026-01-25 is still in force that day."""
        if on < self.effective_from.value:
            return False
        return self.effective_to is None or on <= self.effective_to.value

    def funders(self) -> list[str]:
        present = {level for c in self.components for level, _ in c.funders}
        return [level for level in FUNDER_ORDER if level in present]

    def supports_category(self, category: str) -> bool:
        excluded = {c for e in self.excluded for c in e.categories}
        return category in self.included.value and category not in excluded


@dataclass(frozen=True)
class PolicyFamily:
    slug: str
    name: str
    region: str
    document: str
    summary: str
    versions: tuple[PolicyVersion, ...]

    def version_on(self, on: dt.date) -> PolicyVersion | None:
        """The latest version that has started by `on` governs (a later version supersedes an
        earlier one without editing it); if that version has lapsed, nothing is in force."""
        started = [v for v in self.versions if v.effective_from.value <= on]
        latest = max(started, key=lambda v: v.effective_from.value, default=None)
        return latest if latest is not None and latest.in_force(on) else None
