"""The checks behind the fitness hooks other apps call before a party may act. They call
`innovoucher.registry.fitness` (declared below them); supervision registers these functions there
in its `AppConfig.ready`:

    from innovoucher.registry.fitness import Scope, refuse_if_banned, refuse_if_unfit
    refuse_if_banned(organisation, Scope.VOUCHERS)
    refuse_if_unfit(organisation, family, provider=False)

`refuse_if_banned` raises PermissionDenied `party_banned` with the article and the last day of
the ban. `refuse_if_unfit` raises PermissionDenied `commitment_missing` when the policy in force
asks for a signed credit commitment (Shaoxing 四（三）) and the party has none under that version,
and — for a provider — `provider_discredited` when a credit fact in force records a dishonesty
or abnormal-operation listing (every seed policy asks providers for a clean record: the article
and requirement come from the version's `provider_credit`). A firm's
own credit is judged by the policy's `credit` rule (fail or refer, with its article). Imports only
supervision's selectors (no views, no services).
"""

from __future__ import annotations

import datetime as dt

from innovoucher.core import clock
from innovoucher.core.errors import PermissionDenied
from innovoucher.supervision.codes import Code
from innovoucher.supervision.domain import cn_date
from innovoucher.supervision.selectors import (
    commitment_for_version,
    commitment_rule,
    credit_fact_against,
    policy_document,
    provider_credit_rule,
    sanction_in_force,
)
from innovoucher.supervision.states import Scope

__all__ = ["Scope", "refuse_if_banned", "refuse_if_unfit"]


def refuse_if_banned(organisation, scope: str = Scope.VOUCHERS, on: dt.date | None = None) -> None:
    """Refuse when `organisation` is under a sanction in `scope` on `on` (today by default)."""
    if organisation is None or organisation.pk is None:
        return
    sanction = sanction_in_force(organisation, scope, on or clock.today())
    if sanction is None:
        return
    via = ""
    if sanction.derived_from_id:
        via = "（与受惩戒主体存在法定代表人、董事、主要股东或实际控制人关联，同样适用）"
    message = (
        f"{organisation.name}依据{policy_document(sanction.family_slug)}{sanction.article}被取消{Scope(scope).label}资格{via}，"
        f"惩戒期至{cn_date(sanction.ends_on)}"
    )
    raise PermissionDenied(
        message,
        code=Code.PARTY_BANNED,
        details={
            "sanction": sanction.number,
            "article": sanction.article,
            "scope": scope,
            "ends_on": sanction.ends_on.isoformat(),
        },
    )


def refuse_without_commitment(organisation, family: str, on: dt.date | None = None) -> None:
    """Refuse when the policy in force asks for a credit commitment the party has not signed."""
    if organisation is None or organisation.pk is None or not family:
        return
    found = commitment_rule(family, on or clock.today())
    if found is None:
        return
    version, rule = found
    if commitment_for_version(organisation, family, version) is not None:
        return
    message = (
        f"{policy_document(family)}{rule.article}：{rule.message}。{organisation.name}尚未签署"
        "本政策版本的信用承诺，请先在工作台“信用承诺”页签署后再申请"
    )
    raise PermissionDenied(
        message,
        code=Code.COMMITMENT_MISSING,
        details={"article": rule.article, "family": family, "version": version},
    )


def refuse_if_discredited(organisation, family: str, on: dt.date | None = None) -> None:
    """Refuse a provider whose credit fact in force records a dishonesty listing."""
    if organisation is None or organisation.pk is None:
        return
    day = on or clock.today()
    fact = credit_fact_against(organisation, day)
    if fact is None:
        return
    article, requirement = provider_credit_rule(family, day)
    message = (
        f"{policy_document(family)}{article}：{requirement}。{organisation.name}"
        f"自{cn_date(fact.valid_from)}起信用状况不良（{fact.evidence_ref}），不能办理"
    )
    raise PermissionDenied(
        message,
        code=Code.PROVIDER_DISCREDITED,
        details={"article": article, "fact": fact.pk, "since": fact.valid_from.isoformat()},
    )


def refuse_if_unfit(
    organisation, family: str, *, provider: bool = False, on: dt.date | None = None
) -> None:
    """Before an application: the credit commitment where the policy asks for one, and for a
    provider a clean credit record."""
    refuse_without_commitment(organisation, family, on)
    if provider:
        refuse_if_discredited(organisation, family, on)
