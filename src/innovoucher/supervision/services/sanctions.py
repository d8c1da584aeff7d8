"""Sanctions (失信惩戒): impose a ban from the policy's `sanctions` parameter, spread it to the
entities of the same legal representative / directors / main shareholders / actual controller where
the
policy says so (Urumqi art. 20), record the people involved (科研诚信记录), lift, expire."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.notifications.services import notify_organisation
from innovoucher.registry.models import ActualController, Organisation, OrganisationKind
from innovoucher.supervision import domain, selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.lifecycles import SANCTION
from innovoucher.supervision.models import IntegrityRecord, Sanction
from innovoucher.supervision.permissions import require_supervisor
from innovoucher.supervision.services.common import new_number, required_text, sanction_rules
from innovoucher.supervision.states import OFFICIAL, SanctionStatus, Scope

# Which parameter gives the length of a ban in each scope.
YEARS_PARAMETER = {
    Scope.VOUCHERS: "ban_years",
    Scope.PROVIDER_ADMISSION: "ban_years",
    Scope.OTHER_SUPPORT: "other_support_ban_years",
}


def _scopes(org: Organisation, rules: dict, scopes) -> list[str]:
    if scopes:
        unknown = [s for s in scopes if s not in Scope.values]
        if unknown:
            message = f"未知的惩戒范围：{'、'.join(unknown)}"
            raise ValidationFailed(
                message, code=Code.SANCTION_INVALID, details={"fields": {"scopes": [message]}}
            )
        return list(dict.fromkeys(scopes))
    chosen = [Scope.VOUCHERS]
    if rules.get("other_support_ban_years"):
        chosen.append(Scope.OTHER_SUPPORT)
    if org.kind == OrganisationKind.PROVIDER:
        chosen.append(Scope.PROVIDER_ADMISSION)
    return chosen


def _window(rules: dict, scope: str, today: dt.date, ends_on) -> tuple[dt.date, dt.date]:
    years = rules.get(YEARS_PARAMETER[scope])
    if years:
        return domain.ban_window(today, int(years))
    if isinstance(ends_on, dt.date) and ends_on >= today:
        return today, ends_on
    message = f"该政策未规定“{Scope(scope).label}”的禁入年限，请填写惩戒截止日（不早于今天）"
    raise ValidationFailed(
        message, code=Code.NO_BAN_IN_POLICY, details={"fields": {"ends_on": [message]}}
    )


def _create(actor, org, *, version, family, scope, article, reason, window, **extra) -> Sanction:
    sanction = Sanction.objects.create(
        number=new_number("CJ", window[0]),
        organisation=org,
        region_code=org.region_code,
        family_slug=family,
        policy_version=version,
        scope=scope,
        article=article,
        reason=reason,
        starts_on=window[0],
        ends_on=window[1],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=clock.now(),
        **extra,
    )
    derived = sanction.derived_from
    audit.record(
        actor=actor,
        action="supervision.sanction.spread" if derived else "supervision.sanction.impose",
        obj=sanction,
        region_code=org.region_code,
        data={
            "number": sanction.number,
            "organisation": org.pk,
            "scope": scope,
            "article": article,
            "starts_on": window[0].isoformat(),
            "ends_on": window[1].isoformat(),
            "derived_from": derived.number if derived else None,
            "commitment": sanction.commitment_id,
            "path": sanction.path,
        },
    )
    return sanction


def _people(org: Organisation) -> list[tuple[str, str, str, str]]:
    """(key, name, masked ID, role) of the natural persons answerable for `org`."""
    people = []
    if org.legal_rep_id_hash:
        people.append(
            (
                f"person:{org.legal_rep_id_hash}",
                org.legal_rep_name,
                org.legal_rep_id_masked,
                "法定代表人",
            )
        )
    controller = ActualController.objects.filter(organisation=org).first()
    if controller is not None and controller.holder_id_hash:
        people.append(
            (
                controller.holder_key,
                controller.holder_name,
                controller.holder_id_masked,
                "实际控制人",
            )
        )
    return people


def _integrity(sanction: Sanction, article: str) -> int:
    rows = [
        IntegrityRecord(
            sanction=sanction,
            organisation=sanction.organisation,
            region_code=sanction.region_code,
            person_key=key,
            person_name=name,
            person_id_masked=masked,
            role=role,
            article=article,
            recorded_on=sanction.starts_on,
        )
        for key, name, masked, role in dict(
            (p[0], p) for p in _people(sanction.organisation)
        ).values()
    ]
    IntegrityRecord.objects.bulk_create(rows)
    return len(rows)


def _notify(sanction: Sanction) -> None:
    notify_organisation(
        organisation=sanction.organisation,
        subject=f"失信惩戒：{Scope(sanction.scope).label}",
        body=(
            f"依据{sanction.article}，自{domain.cn_date(sanction.starts_on)}至"
            f"{domain.cn_date(sanction.ends_on)}不得{Scope(sanction.scope).label}。"
            f"事由：{sanction.reason}"
        ),
        url=reverse("supervision:sanctions"),
        key=f"sanction:{sanction.pk}",
    )


def sanction_impose(
    *,
    actor,
    organisation: Organisation,
    family: str,
    reason: str,
    scopes=None,
    ends_on: dt.date | None = None,
    source_check=None,
) -> list[Sanction]:
    """An official of the party's region bans it under the policy's `sanctions` parameter: one
    sanction per scope, spread along the controller graph where the policy says so, with
    integrity records of the people answerable. Returns the primary and derived sanctions."""
    require_supervisor(actor, organisation.region_code)
    reason = required_text(reason, "reason", "违规事实", Code.SANCTION_INVALID)
    today = clock.today()
    version, cited = sanction_rules(family, today)
    rules = cited.value
    chosen = _scopes(organisation, rules, scopes)
    windows = {scope: _window(rules, scope, today, ends_on) for scope in chosen}
    for scope in chosen:
        existing = selectors.active_sanction(organisation, scope, family)
        if existing is not None:
            raise Conflict(
                f"{organisation.name}已有执行中的惩戒 {existing.number}（{Scope(scope).label}，"
                f"至{domain.cn_date(existing.ends_on)}），不能重复实施",
                code=Code.SANCTION_EXISTS,
                details={"sanction": existing.number},
            )
    commitment = selectors.commitment_latest(organisation, family)
    spread_to = (
        selectors.controlled_entities(organisation) if rules.get("spread_to_controller") else []
    )
    made: list[Sanction] = []
    with transaction.atomic():
        for scope in chosen:
            common = dict(version=version, family=family, scope=scope, article=cited.article)
            primary = _create(
                actor,
                organisation,
                reason=reason,
                window=windows[scope],
                source_check=source_check,
                commitment=commitment,
                **common,
            )
            made.append(primary)
            for other, path in spread_to:
                made.append(
                    _create(
                        actor,
                        other,
                        reason=f"关联主体“{organisation.name}”受惩戒：{reason}",
                        window=windows[scope],
                        derived_from=primary,
                        path=path,
                        **common,
                    )
                )
        if rules.get("integrity_record"):
            _integrity(made[0], cited.article)
        for sanction in made:
            transaction.on_commit(lambda s=sanction: _notify(s))
    return made


def sanction_lift(*, actor, sanction: Sanction, reasons) -> Sanction:
    """An official of the party's region lifts a sanction (e.g. overturned on review)."""
    return transition_apply(
        SANCTION, actor=actor, obj=sanction, action="lift", by=OFFICIAL, reasons=reasons
    )


def sanctions_expire_due(moment=None) -> int:
    """Active sanctions whose last day has passed become expired (idempotent; tick)."""
    today = clock.today()
    changed = 0
    for sanction in Sanction.objects.filter(status=SanctionStatus.ACTIVE, ends_on__lt=today):
        transition_apply(
            SANCTION,
            actor=None,
            obj=sanction,
            action="expire",
            by=SYSTEM,
            reasons=[f"惩戒期已于{domain.cn_date(sanction.ends_on)}届满"],
        )
        changed += 1
    return changed
