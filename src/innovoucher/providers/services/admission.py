"""Provider admission (服务机构入库): the route comes from the policy version in force.

Direct admission (by provider kind, e.g. universities and key labs) is immediate and cites the
article. Otherwise the reviewed route runs: county initial review → expert scoring (assigned
experts declare conflicts, then score) → meeting decision → publicity → admitted. Supplementary
admission during a redemption (Urumqi art. 9) runs the same steps where the policy allows it.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from innovoucher.accounts.permissions import actor_can, actor_has_role
from innovoucher.accounts.roles import Role
from innovoucher.core import audit, clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import (
    SYSTEM,
    Lifecycle,
    acting_user,
    clean_reasons,
    transition_apply,
)
from innovoucher.policies import selectors as policy_selectors
from innovoucher.policies.services import engine_family
from innovoucher.providers.codes import Code
from innovoucher.providers.domain import (
    LEVEL_LABELS,
    admission_route,
    admit_wait,
    region_allowed,
)
from innovoucher.providers.models import (
    AdmissionCertificate,
    AdmissionChange,
    ExpertAssignment,
    ProviderAdmission,
    ProviderRecognition,
)
from innovoucher.providers.permissions import (
    authorize_admission,
    can_review_admission,
    require_provider_staff,
)
from innovoucher.providers.selectors import expert_regions, recognition_in_force
from innovoucher.providers.services import notify as tell
from innovoucher.providers.services.catalogue import profile_sync
from innovoucher.providers.states import (
    TRANSITIONS,
    AdmissionRoute,
    AdmissionStatus,
    KindLevel,
    claimed_kind,
)
from innovoucher.registry import validation as v
from innovoucher.registry.fitness import Scope, refuse_if_banned, refuse_if_unfit  # hooks
from innovoucher.registry.models import FactKind, Organisation
from innovoucher.registry.selectors import facts_in_force
from innovoucher.registry.validation import FieldErrors, field_error
from innovoucher.workdays.services import publicity_period

DEFAULT_PUBLICITY = {"days": 5, "unit": "working"}

ADMISSION = Lifecycle(
    app="providers",
    entity="admission",
    noun="入库申请",
    model=ProviderAdmission,
    statuses=AdmissionStatus,
    table=TRANSITIONS,
    change_model=AdmissionChange,
    change_fk="admission",
    region=lambda admission: admission.organisation.region_code,
    authorize=authorize_admission,
    decided_field="decided_at",
    system_message="由系统在专家评分完成后自动办理",
)


def admission_rules(family_slug: str, on: dt.date):
    """(engine version in force, its cited provider_admission) or ValidationFailed."""
    family_row = policy_selectors.policy_family_get(slug=family_slug)
    version = engine_family(family_slug).version_on(on)
    if version is None:
        raise field_error(
            "family", f"“{family_row.name}”当前没有施行中的政策版本，暂不受理服务机构入库"
        )
    if version.provider_admission is None:
        raise field_error("family", f"“{family_row.name}”未规定服务机构入库办法")
    return family_row, version, version.provider_admission


def admission_publicity(version, decided_on: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the publicity of an admission approved on `decided_on`: the
    policy's process.publicity (5 working days where the policy is silent), opening the next day
    (`workdays.services.publicity_period`)."""
    cited = version.process.get("publicity") if version is not None else None
    rule = cited.value if cited is not None else DEFAULT_PUBLICITY
    return publicity_period(decided_on, int(rule["days"]), rule.get("unit") or "working")


def _staff_count(value) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not text.isdigit():
        raise field_error("staff", "专职服务人员数应为不小于0的整数")
    return int(text)


def _check_min_staff(
    organisation: Organisation, family_name: str, cited, declared: int | None, today: dt.date
) -> int | None:
    """A policy's minimum team for the reviewed route (Ningxia: 专职服务团队不少于10人 — 不少于
    includes the number). The application's declared staff counts; without it, the employees fact
    in force."""
    minimum = (cited.value.get("reviewed") or {}).get("min_staff")
    if not minimum:
        return declared
    count = declared
    if count is None:
        fact = facts_in_force(organisation=organisation, on=today).get(FactKind.EMPLOYEES)
        count = int(fact.amount) if fact is not None else None
    rule = f"“{family_name}”审核入库要求专职服务团队不少于{minimum}人（{cited.article}）"
    if count is None:
        raise field_error("staff", f"{rule}，请填写本机构的专职服务人员数")
    if count < int(minimum):
        raise field_error("staff", f"{rule}，您申报的专职服务人员为{count}人，暂不符合入库条件")
    return count


def _region_route(
    organisation: Organisation, family_row, cited, today: dt.date
) -> ProviderRecognition | None:
    """None when the provider lies in a region the policy recognises; its recognition when it lies
    outside but a confirmed recognition is in force; otherwise refused, naming the route."""
    rules = cited.value
    if rules.get("nationwide") or region_allowed(
        organisation.region_code, family_row.region_code, [str(r) for r in rules.get("regions", [])]
    ):
        # `nationwide`: the policy admits providers wherever they are (Urumqi art. 8: 市域内外)
        return None
    recognition = recognition_in_force(organisation, family_row.slug, today)
    if recognition is not None:
        return recognition
    message = (
        f"服务机构所在地区（{organisation.region_code}）不在“{family_row.name}”"
        f"认可的地区范围内（{cited.article}）。"
    )
    if rules.get("out_of_region"):
        message += (
            f"区外服务机构的入库途径：{rules['out_of_region']}。"
            "请先在工作台“区外服务机构认定”中提交认定文件，"
            "经政策所在地科技管理部门确认后再申请入库。"
        )
    else:
        message += "该政策未规定区外服务机构的认定途径。"
    raise ValidationFailed(
        message, code=Code.REGION_NOT_RECOGNISED, details={"fields": {"family": [message]}}
    )


def admission_apply(
    *,
    actor,
    organisation: Organisation,
    family: str,
    supplementary: bool = False,
    materials: str = "",
    staff=None,
    kind_level: str = "",
    certificates=(),
) -> ProviderAdmission:
    """Apply to a policy's provider pool. Admitted at once when the provider's kind (at the level
    the policy asks, e.g. a national or provincial key lab in Shaoxing) is one the policy admits
    directly; otherwise waiting for the county's initial review, with the qualification
    certificates the policy asks for uploaded (PDF / JPG / PNG, checked by content). A provider
    outside the policy's regions needs a confirmed recognition (`recognition_file`)."""
    require_provider_staff(actor, organisation)
    refuse_if_banned(organisation, Scope.PROVIDER_ADMISSION)  # supervision hook
    refuse_if_unfit(organisation, family, provider=True)  # supervision hook: commitment, credit
    today = clock.today()
    family_row, version, cited = admission_rules(family, today)
    rules = cited.value
    declared = _staff_count(staff)
    materials = (materials or "").strip()
    if len(materials) > 2000:
        raise field_error("materials", f"申报材料说明不能超过2000个字（现有{len(materials)}个字）")
    kind_level = (kind_level or "").strip()
    if kind_level and kind_level not in KindLevel.values:
        raise field_error("kind_level", "机构级别应为国家级、省级或市级")
    recognition = _region_route(organisation, family_row, cited, today)
    if supplementary and not rules.get("supplementary"):
        raise field_error("supplementary", f"“{family_row.name}”未规定兑付期补充入库")
    plan = admission_route(rules, organisation.provider_kind, kind_level, supplementary)
    if plan.level_missing:
        levels = "或".join(LEVEL_LABELS[x] for x in plan.level_missing)
        raise field_error(
            "kind_level",
            f"“{family_row.name}”仅对{levels}的此类机构免审入库（{cited.article}），"
            "请选择本机构的级别",
        )
    direct = plan.direct
    uploads = _certificates(certificates) if not direct else []
    if not direct:
        declared = _check_min_staff(organisation, family_row.name, cited, declared, today)
    now = clock.now()
    route = (
        AdmissionRoute.DIRECT
        if direct
        else (AdmissionRoute.SUPPLEMENTARY if supplementary else AdmissionRoute.REVIEWED)
    )
    status = AdmissionStatus.ADMITTED if direct else AdmissionStatus.APPLIED
    user = acting_user(actor)
    try:
        with transaction.atomic():
            admission = ProviderAdmission.objects.create(
                organisation=organisation,
                family_slug=family_row.slug,
                policy_version=version.code,
                route=route,
                status=status,
                article=cited.article,
                materials=materials,
                kind_level=kind_level,
                applied_at=now,
                decided_at=now if direct else None,
                admitted_on=today if direct else None,
                created_by=user,
                declared_staff=declared,
                recognition=recognition,
                review_region_code=family_row.region_code if recognition else "",
            )
            _store_certificates(admission, uploads, user, now)
            AdmissionChange.objects.create(
                admission=admission,
                action="direct" if direct else "apply",
                to_status=status,
                actor=user,
                at=now,
            )
            profile_sync(organisation)
            audit.record(
                actor=actor,
                action=ADMISSION.audit_action("apply"),
                obj=admission,
                region_code=organisation.region_code,
                data={
                    "family": family_row.slug,
                    "route": route,
                    "status": status,
                    "article": cited.article,
                    "declared_staff": declared,
                    "kind_level": kind_level,
                    "certificates": len(uploads),
                    "recognition": recognition.pk if recognition else None,
                },
            )
            tell.admission_applied(admission)
    except IntegrityError:
        raise Conflict(
            f"该服务机构已有“{family_row.name}”的入库申请或已入库，不能重复申请",
            code=Code.ADMISSION_EXISTS,
        ) from None
    return admission


MAX_CERTIFICATES = 10


def _certificates(files) -> list:
    """Uploaded qualification certificates, each checked (PDF / JPG / PNG by content, 10 MB)."""
    uploads = [f for f in (files or ()) if f]
    errors = FieldErrors()
    if len(uploads) > MAX_CERTIFICATES:
        errors.add("certificates", f"资质证书一次最多上传{MAX_CERTIFICATES}个文件")
    for upload in uploads[:MAX_CERTIFICATES]:
        errors.run("certificates", v.check_upload, upload, f"资质证书“{upload.name}”")
    errors.raise_if_any("资质证书有误")
    return uploads


def _store_certificates(admission, uploads, user, now) -> None:
    for upload in uploads:
        AdmissionCertificate.objects.create(
            admission=admission,
            file=upload,
            name=(getattr(upload, "name", "") or "资质证书")[-200:],
            content_type=getattr(upload, "content_type", "") or "",
            uploaded_at=now,
            uploaded_by=user,
        )


def admission_certificates_add(*, actor, admission: ProviderAdmission, files) -> int:
    """The provider adds qualification certificates to an admission waiting for the county's
    confirmation (Shaoxing 三（二）2: confirmed after the certificates are provided)."""
    require_provider_staff(actor, admission.organisation)
    if admission.status != AdmissionStatus.APPLIED:
        raise Conflict(
            "入库申请已进入后续审核阶段，不能再补充资质证书", code=CoreCode.INVALID_TRANSITION
        )
    uploads = _certificates(files)
    if not uploads:
        raise field_error("certificates", "请选择要上传的资质证书（PDF、JPG 或 PNG）")
    now = clock.now()
    with transaction.atomic():
        _store_certificates(admission, uploads, acting_user(actor), now)
        audit.record(
            actor=actor,
            action="providers.admission.certificates_add",
            obj=admission,
            region_code=admission.organisation.region_code,
            data={"count": len(uploads)},
        )
    return len(uploads)


def _require_certificates(admission: ProviderAdmission, on: dt.date) -> None:
    """The county confirms a reviewed admission only after the certificates the policy asks for
    are on file."""
    _, _, cited = _version_or_none(admission, on)
    if cited is None:
        return
    plan = admission_route(
        cited.value, admission.organisation.provider_kind, admission.kind_level, True
    )
    if plan.certificates and not admission.certificates.exists():
        message = (
            f"该政策规定服务机构提供相关资质证书后方可确认入库（{cited.article}），"
            "申请人尚未上传资质证书"
        )
        raise ValidationFailed(
            message,
            code=Code.CERTIFICATES_MISSING,
            details={"fields": {"certificates": [message]}},
        )


def apply_transition(
    *,
    actor,
    admission: ProviderAdmission,
    action: str,
    reasons=(),
    values: dict | None = None,
    system: bool = False,
) -> ProviderAdmission:
    """The executor of the reviewed route (`core.lifecycle`): a person claims the row's kind
    (county / reviewer, checked by `authorize_admission`); `system` for the service's own steps.
    `values` are further fields of the same compare-and-swap UPDATE."""
    transition = TRANSITIONS.get(action)
    return transition_apply(
        ADMISSION,
        actor=actor,
        obj=admission,
        action=action,
        by=SYSTEM if system else claimed_kind(TRANSITIONS, action),
        reasons=reasons,
        values=values,
        audit_data={"on": clock.today().isoformat()},
        after=lambda adm: tell.admission_moved(
            adm, action, transition.label, clean_reasons(reasons)
        ),
    )


def admission_transition(
    *, actor, admission: ProviderAdmission, action: str, reasons=()
) -> ProviderAdmission:
    """A person's step on an admission; dates the step needs are set here."""
    today = clock.today()
    values: dict = {}
    if action == "initial_pass":
        _require_certificates(admission, today)
    if action == "meeting_approve":
        _, version, _ = _version_or_none(admission, today)
        starts, ends = admission_publicity(version, today)
        values = {"publicity_starts_on": starts, "publicity_ends_on": ends}
    elif action == "admit":
        wait = admit_wait(admission.publicity_ends_on, today)
        if wait:
            raise Conflict(wait, code=Code.PUBLICITY_RUNNING)
        values = {"admitted_on": today}
    elif action == "suspend":
        values = {"suspended_on": today}
    elif action == "resume":
        values = {"suspended_on": None}
    elif action == "revoke":
        values = {"revoked_on": today}
    return apply_transition(
        actor=actor, admission=admission, action=action, reasons=reasons, values=values
    )


def _version_or_none(admission, on):
    try:
        return admission_rules(admission.family_slug, on)
    except ValidationFailed:
        return None, None, None


def admission_assign_experts(
    *, actor, admission: ProviderAdmission, experts
) -> list[ExpertAssignment]:
    """Assign experts (users holding the expert role in a region that covers the provider's or the
    policy's region) to score an admission under expert review; each is notified."""
    if not can_review_admission(actor, admission):
        raise PermissionDenied("只有服务机构所在地区的科技管理部门可以指派评审专家")
    if admission.status != AdmissionStatus.EXPERT_REVIEW:
        raise Conflict("只有专家评审阶段的入库申请可以指派专家", code=CoreCode.INVALID_TRANSITION)
    experts = list(experts)
    if not experts:
        raise field_error("experts", "请至少选择一名评审专家")
    regions = expert_regions(admission)
    for expert in experts:
        name = getattr(expert, "display_name", "") or expert.username
        if not actor_has_role(expert, Role.EXPERT):
            raise field_error("experts", f"“{name}”不是评审专家")
        if expert.pk == getattr(actor, "pk", None):
            raise field_error("experts", "不能指派本人为评审专家")
        if not actor_can(expert, Role.EXPERT, regions[0]) and not actor_can(
            expert, Role.EXPERT, regions[1]
        ):
            raise field_error(
                "experts",
                f"专家“{name}”的专家库地区不覆盖服务机构所在地区（{regions[0]}）"
                f"或政策地区（{regions[1]}），不能指派",
            )
    now = clock.now()
    created = []
    with transaction.atomic():
        for expert in experts:
            assignment, made = ExpertAssignment.objects.get_or_create(
                admission=admission, expert=expert, defaults={"assigned_at": now}
            )
            if made:
                created.append(assignment)
        audit.record(
            actor=actor,
            action=ADMISSION.audit_action("assign_experts"),
            obj=admission,
            region_code=admission.organisation.region_code,
            data={"experts": [e.pk for e in experts]},
        )
        tell.experts_assigned(admission, created)
    return created


def admission_score(
    *,
    actor,
    admission: ProviderAdmission,
    score: int | None = None,
    conflict: bool = False,
    conflict_note: str = "",
    comment: str = "",
) -> ExpertAssignment:
    """An assigned expert declares a conflict of interest (and then does not score) or scores 0–100.
    When every assigned expert has answered and at least one has scored, the admission moves on
    to the meeting."""
    assignment = (
        ExpertAssignment.objects.filter(admission=admission, expert=actor).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if assignment is None:
        raise PermissionDenied("您未被指派评审该入库申请")
    if admission.status != AdmissionStatus.EXPERT_REVIEW:
        raise Conflict("该入库申请不在专家评审阶段", code=CoreCode.INVALID_TRANSITION)
    if conflict:
        if not (conflict_note or "").strip():
            raise field_error("conflict_note", "声明利益冲突须说明与该机构的关系")
        values = {"conflict": True, "conflict_note": conflict_note.strip()[:200], "score": None}
    else:
        if score is None or not 0 <= int(score) <= 100:
            raise field_error("score", "评分应为0到100之间的整数")
        values = {"conflict": False, "score": int(score), "comment": (comment or "").strip()}
    now = clock.now()
    with transaction.atomic():
        if not ExpertAssignment.objects.filter(pk=assignment.pk, conflict__isnull=True).update(
            scored_at=now, **values
        ):
            raise Conflict("您已提交过评审意见，不能重复提交", code=Code.ALREADY_SCORED)
        assignment.refresh_from_db()
        audit.record(
            actor=actor,
            action=ADMISSION.audit_action("score"),
            obj=admission,
            region_code=admission.organisation.region_code,
            data={"conflict": values["conflict"], "score": values.get("score")},
        )
        rows = list(
            ExpertAssignment.objects.filter(admission=admission).values_list("conflict", flat=True)
        )
        if all(c is not None for c in rows) and any(c is False for c in rows):
            apply_transition(
                actor=actor, admission=admission, action="scores_complete", system=True
            )
    return assignment


__all__ = [
    "ADMISSION",
    "admission_apply",
    "admission_assign_experts",
    "admission_publicity",
    "admission_score",
    "admission_transition",
    "apply_transition",
]
