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

from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.core.lifecycle import (
    Lifecycle,
    acting_user,
    transition_apply,
    transition_record,
)
from innovoucher.notifications.services import users_with_role
from innovoucher.providers.codes import Code
from innovoucher.providers.domain import region_allowed
from innovoucher.providers.models import ProviderRecognition, RecognitionChange
from innovoucher.providers.permissions import (
    RECOGNITION_OFFICIALS,
    authorize_recognition,
    require_provider_staff,
)
from innovoucher.providers.services import notify as tell
from innovoucher.providers.services.admission import admission_rules
from innovoucher.providers.states import (
    OFFICIAL,
    RECOGNITION_TRANSITIONS,
    RecognitionBasis,
    RecognitionStatus,
    claimed_kind,
)
from innovoucher.registry import validation as v
from innovoucher.registry.models import Organisation

RECOGNITION = Lifecycle(
    app="providers",
    entity="recognition",
    noun="认定",
    model=ProviderRecognition,
    statuses=RecognitionStatus,
    table=RECOGNITION_TRANSITIONS,
    change_model=RecognitionChange,
    change_fk="recognition",
    region=lambda rec: rec.organisation.region_code,
    authorize=authorize_recognition,
)


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
            f"服务机构所在地区已在“{family_row.name}”认可的地区范围内，"
            "可直接申请入库，无需办理区外认定",
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
    if body and len(body) > 100:
        errors.add(
            "recognising_body", f"认定机关（协议签署方）不能超过100个字（现有{len(body)}个字）"
        )
    if number and len(number) > 100:
        errors.add("document_no", f"文件编号不能超过100个字（现有{len(number)}个字）")
    start = errors.run("valid_from", v.parse_date, valid_from, "有效期起")
    end = errors.run("valid_until", v.parse_date, valid_until, "有效期至")
    if start and end and end < start:
        errors.add("valid_until", "有效期至不能早于有效期起")
    if end and end < today:
        errors.add("valid_until", "认定文件已过有效期，请提交有效期内的文件")
    errors.run("evidence", v.check_upload, evidence, "认定文件或合作协议")
    errors.raise_if_any("认定信息有误")
    now = clock.now()
    user = acting_user(actor)
    try:
        with transaction.atomic():
            rec = ProviderRecognition.objects.create(
                organisation=organisation,
                family_slug=family_row.slug,
                basis=basis,
                recognising_body=body,
                document_no=number,
                evidence=evidence,
                valid_from=start,
                valid_until=end,
                article=cited.article,
                filed_by=user,
                filed_at=now,
            )
            transition_record(
                RECOGNITION,
                actor=actor,
                obj=rec,
                action="file",
                source="",
                target=rec.status,
                reasons=[],
                at=now,
                audit_data={
                    "family": family_row.slug,
                    "basis": basis,
                    "document_no": rec.document_no,
                },
            )
            tell.recognition_filed(rec, recognition_officials(family_row.region_code))
    except IntegrityError:
        raise Conflict(
            f"已有一份待确认的“{family_row.name}”区外认定，请等待确认或撤回后再提交",
            code=Code.RECOGNITION_PENDING,
        ) from None
    return rec


def recognition_transition(
    *, actor, recognition: ProviderRecognition, action: str, reasons=()
) -> ProviderRecognition:
    """Confirm / refuse / revoke (an official of the policy's region), withdraw (the provider):
    the `core.lifecycle` executor; an official's decision is dated, signed and told."""
    official = RECOGNITION_TRANSITIONS.get(action) is not None and (
        RECOGNITION_TRANSITIONS[action].by == OFFICIAL
    )
    decided = {"decided_by": acting_user(actor), "decided_at": clock.now()} if official else {}
    return transition_apply(
        RECOGNITION,
        actor=actor,
        obj=recognition,
        action=action,
        by=claimed_kind(RECOGNITION_TRANSITIONS, action),
        reasons=reasons,
        values=decided,
        after=(lambda rec: tell.recognition_decided(rec, rec.get_status_display()))
        if official
        else None,
    )
