"""Recognition of an out-of-region provider (区外服务机构认定) for one policy.

A policy lists the regions whose providers it admits (`provider_admission.regions`, besides its
own) and may name a route for the others (`provider_admission.out_of_region`): Shanxi art. 16 —
cooperation agreements with other provinces' S&T departments; Ningxia — providers recognised by
the S&T department of their own region. The provider files the recognition (recognising body,
document number, evidence, valid dates); an official of the policy's region confirms or refuses
it. While confirmed and in its dates, `admission_apply` accepts the provider.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from innovoucher.accounts.permissions import actor_can
from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied
from innovoucher.notifications.services import users_with_role
from innovoucher.policies import selectors as policy_selectors
from innovoucher.providers.domain import region_allowed
from innovoucher.providers.models import ProviderRecognition, RecognitionChange
from innovoucher.providers.permissions import RECOGNITION_OFFICIALS, require_provider_staff
from innovoucher.providers.services import notify as tell
from innovoucher.providers.services.admission import admission_rules
from innovoucher.providers.states import (
    OFFICIAL,
    PROVIDER,
    RECOGNITION_TRANSITIONS,
    RecognitionBasis,
    RecognitionStatus,
)
from innovoucher.registry import validation as v
from innovoucher.registry.models import Organisation


def recognition_officials(policy_region: str) -> list:
    """The province / city bureau or operator of the policy's region (nearest level first)."""
    for role in RECOGNITION_OFFICIALS:
        users = users_with_role((role,), policy_region)
        if users:
            return users
    return []


def recognition_file(
    *,
    actor,
    organisation: Organisation,
    family: str,
    basis: str,
    recognising_body: str,
    document_no: str,
    valid_from,
    valid_until,
    evidence,
) -> ProviderRecognition:
    """The provider files its recognition for `family`, to be confirmed by the policy's region."""
    require_provider_staff(actor, organisation)
    today = clock.today()
    family_row, _, cited = admission_rules(family, today)
    rules = cited.value
    if region_allowed(
        organisation.region_code, family_row.region_code, [str(r) for r in rules.get("regions", [])]
    ):
        raise v.field_error(
            "family",
            f"服务机构所在地区已在“{family_row.name}”认可的地区范围内，可直接申请入库，无需办理区外认定",
        )
    if not rules.get("out_of_region"):
        raise v.field_error(
            "family",
            f"“{family_row.name}”未规定区外服务机构的认定途径（{cited.article}），不能办理区外认定",
        )
    errors = v.FieldErrors()
    if basis not in RecognitionBasis.values:
        errors.add("basis", "请选择认定途径：合作协议引入或所在地科技管理部门认定")
    body = errors.run("recognising_body", v.required, recognising_body, "认定机关（协议签署方）")
    number = errors.run("document_no", v.required, document_no, "文件编号")
    start = errors.run("valid_from", v.parse_date, valid_from, "有效期起")
    end = errors.run("valid_until", v.parse_date, valid_until, "有效期至")
    if start and end and end < start:
        errors.add("valid_until", "有效期至不能早于有效期起")
    if end and end < today:
        errors.add("valid_until", "认定文件已过有效期，请提交有效期内的文件")
    errors.run("evidence", v.check_upload, evidence, "认定文件或合作协议")
    errors.raise_if_any("认定信息有误")
    now = clock.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            rec = ProviderRecognition.objects.create(
                organisation=organisation,
                family_slug=family_row.slug,
                basis=basis,
                recognising_body=body[:200],
                document_no=number[:100],
                evidence=evidence,
                valid_from=start,
                valid_until=end,
                article=cited.article,
                filed_by=user,
                filed_at=now,
            )
            RecognitionChange.objects.create(
                recognition=rec, action="file", to_status=rec.status, actor=user, at=now
            )
            audit.record(
                actor=actor,
                action="providers.recognition_file",
                obj=rec,
                region_code=organisation.region_code,
                data={"family": family_row.slug, "basis": basis, "document_no": rec.document_no},
            )
            tell.recognition_filed(rec, recognition_officials(family_row.region_code))
    except IntegrityError:
        raise Conflict(
            f"已有一份待确认的“{family_row.name}”区外认定，请等待确认或撤回后再提交",
            code="recognition_pending",
        ) from None
    return rec


def policy_region(recognition: ProviderRecognition) -> str:
    return policy_selectors.policy_family_get(slug=recognition.family_slug).region_code


def recognition_transition(
    *, actor, recognition: ProviderRecognition, action: str, reasons=()
) -> ProviderRecognition:
    """The one executor: confirm / refuse / revoke (an official of the policy's region), withdraw
    (the provider); compare-and-swap on the status, change row, audit event, message."""
    transition = RECOGNITION_TRANSITIONS.get(action)
    if transition is None:
        raise v.field_error("action", f"未知的操作“{action}”")
    if transition.by == OFFICIAL and not actor_can(
        actor, RECOGNITION_OFFICIALS, policy_region(recognition)
    ):
        raise PermissionDenied("只有政策所在地区的科技管理部门或平台运营机构可以确认区外认定")
    if transition.by == PROVIDER:
        require_provider_staff(actor, recognition.organisation)
    reasons = [r.strip() for r in reasons if r and r.strip()]
    if transition.needs_reasons and not reasons:
        raise v.field_error("reasons", f"{transition.label}须填写理由")
    source = recognition.status
    if source not in transition.sources:
        raise Conflict(
            f"该认定当前状态为“{RecognitionStatus(source).label}”，不能{transition.label}",
            code="invalid_transition",
        )
    now = clock.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    values = {"status": transition.target, "reasons": reasons}
    if transition.by == OFFICIAL:
        values.update(decided_by=user, decided_at=now)
    with transaction.atomic():
        if not ProviderRecognition.objects.filter(pk=recognition.pk, status=source).update(
            **values
        ):
            raise Conflict("该认定已被他人处理，请刷新页面查看最新状态", code="stale_status")
        recognition.refresh_from_db()
        RecognitionChange.objects.create(
            recognition=recognition,
            action=action,
            from_status=source,
            to_status=transition.target,
            reasons=reasons,
            actor=user,
            at=now,
        )
        audit.record(
            actor=actor,
            action=f"providers.recognition_{action}",
            obj=recognition,
            region_code=recognition.organisation.region_code,
            data={"from": source, "to": transition.target, "reasons": reasons},
        )
        if transition.by == OFFICIAL:
            tell.recognition_decided(recognition, RecognitionStatus(transition.target).label)
    return recognition
