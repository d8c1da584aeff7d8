"""Whether a party may act: the checks other apps run before a party claims, orders, applies or
asks for admission (one line in each service), declared here, below every app that calls them.

    from innovoucher.registry.fitness import Scope, refuse_if_banned, refuse_if_unfit
    refuse_if_banned(organisation, Scope.VOUCHERS)
    refuse_if_unfit(organisation, family, provider=False)

The app that holds the sanctions, credit commitments and credit facts (supervision) registers the
checks in its `AppConfig.ready` (`fitness_register`, like `ledger.payees`), so vouchers, orders,
providers and redemptions call them without importing supervision, which reads their data: the
apps stay acyclic (ADR 0024, docs/adr/0024-cycles-app-layers.md). A check refuses by
raising `PermissionDenied` (`party_banned`, `commitment_missing`, `provider_discredited`).

`fitness_prepare` lets a set-up or demo script have a party do what it does by its own act to be
fit (sign the credit commitment a policy asks for) before it applies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a sanction bars a party from (the scope of `refuse_if_banned`)."""

    VOUCHERS = "vouchers", _("申请使用创新券")
    OTHER_SUPPORT = "other_support", _("申报其他科技计划项目和资金支持")
    PROVIDER_ADMISSION = "provider_admission", _("服务机构入库")


class BanCheck(Protocol):
    def __call__(self, organisation, scope: str, on: dt.date | None) -> None: ...


class UnfitCheck(Protocol):
    def __call__(
        self, organisation, family: str, *, provider: bool, on: dt.date | None
    ) -> None: ...


class Prepare(Protocol):
    def __call__(self, *, actor, organisation, family: str) -> None: ...


@dataclass(frozen=True)
class FitnessChecks:
    banned: BanCheck
    unfit: UnfitCheck
    prepare: Prepare


_checks: dict[str, FitnessChecks] = {}


def fitness_register(name: str, checks: FitnessChecks) -> None:
    """Register (or replace) the checks of app `name`; every registered app's checks run."""
    _checks[name] = checks


def fitness_checks() -> dict[str, FitnessChecks]:
    """The registered checks by app (a test asserts supervision's are there)."""
    return dict(_checks)


def refuse_if_banned(organisation, scope: str = Scope.VOUCHERS, on: dt.date | None = None) -> None:
    """Refuse when `organisation` is under a sanction in `scope` on `on` (today by default)."""
    for checks in _checks.values():
        checks.banned(organisation, scope, on)


def refuse_if_unfit(
    organisation, family: str, *, provider: bool = False, on: dt.date | None = None
) -> None:
    """Before an application: the credit commitment where the policy asks for one, and for a
    provider a clean credit record."""
    for checks in _checks.values():
        checks.unfit(organisation, family, provider=provider, on=on)


def fitness_prepare(*, actor, organisation, family: str) -> None:
    """Set-up and demo scripts: the party does what it does itself to be fit under `family`."""
    for checks in _checks.values():
        checks.prepare(actor=actor, organisation=organisation, family=family)
