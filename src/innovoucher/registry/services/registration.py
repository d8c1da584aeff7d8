"""Real-name registration of organisations, its review, and official bodies."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from innovoucher.accounts.permissions import actor_organisation_ids
from innovoucher.accounts.roles import Role
from innovoucher.accounts.services import assign_role, check_new_account, require_admin
from innovoucher.core import audit, clock, crypto
from innovoucher.core.errors import Conflict, PermissionDenied
from innovoucher.core.i18n import chinese
from innovoucher.core.lifecycle import Lifecycle, clean_reasons, transition_apply
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS
from innovoucher.regions.domain import region_level, region_province
from innovoucher.registry import validation as v
from innovoucher.registry.codes import Code
from innovoucher.registry.models import (
    LEGAL_PERSON_KINDS,
    OFFICIAL_KINDS,
    SELF_REGISTERED_KINDS,
    Organisation,
    OrganisationKind,
    RegistrationChange,
    licence_path,
)
from innovoucher.registry.permissions import acts_for, authorize_registration
from innovoucher.registry.search import NAME_KEY_FIELDS as KEYS
from innovoucher.registry.search import name_search_keys
from innovoucher.registry.selectors import REVIEW_WORKING_DAYS
from innovoucher.registry.services.notify import tell_party, tell_reviewers
from innovoucher.registry.states import PARTY, REVIEWER, TRANSITIONS, RegistrationStatus
from innovoucher.workdays.services import deadline_after

ROLE_FOR_KIND = {
    OrganisationKind.INCUBATOR: Role.INCUBATOR_AGENT,
    OrganisationKind.PROVIDER: Role.PROVIDER_STAFF,
}
OFFICIAL_LEVEL = {
    OrganisationKind.GOV_COUNTY: "county",
    OrganisationKind.GOV_CITY: "city",
    OrganisationKind.GOV_PROVINCE: "province",
}
OFFICIAL_ROLE = {
    OrganisationKind.GOV_COUNTY: Role.COUNTY_REVIEWER,
    OrganisationKind.GOV_CITY: Role.CITY_REVIEWER,
    OrganisationKind.GOV_PROVINCE: Role.PROVINCE_REVIEWER,
    OrganisationKind.FINANCE: Role.FINANCE_OFFICER,
    OrganisationKind.OPERATOR: Role.OPERATOR,
}
# Fields a returned registration may correct before it is submitted again.
RESUBMIT_FIELDS = (
    "name",
    "region_code",
    "uscc",
    "provider_kind",
    "address",
    "legal_rep_name",
    "contact_name",
    "contact_phone",
    "contact_email",
)


@dataclass
class RegistrationData:
    kind: str = ""
    name: str = ""
    region_code: str = ""
    uscc: str = ""
    provider_kind: str = ""
    address: str = ""
    host_incubator_id: int | None = None
    legal_rep_name: str = ""
    legal_rep_id_number: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    bank_name: str = ""
    bank_account_name: str = ""
    bank_account_number: str = ""


@dataclass
class AccountData:
    username: str = ""
    password: str = ""
    display_name: str = ""
    email: str = ""
    phone: str = ""
    password_hash: str = ""  # an already hashed password (account import, demo)


def _check_host(errors: v.FieldErrors, data: RegistrationData) -> Organisation | None:
    if data.kind != OrganisationKind.TEAM:
        return None
    host = Organisation.objects.filter(
        pk=data.host_incubator_id or 0,
        kind=OrganisationKind.INCUBATOR,
        status=RegistrationStatus.APPROVED,
    ).first()
    if host is None:
        errors.add("host_incubator_id", "创业团队须选择已通过登记的入驻孵化载体")
    elif data.region_code and region_province(host.region_code) != region_province(
        data.region_code
    ):
        errors.add("host_incubator_id", "入驻孵化载体应与团队在同一省（区）")
    return host


def _check_uscc(
    errors: v.FieldErrors, data: RegistrationData, instance: Organisation | None
) -> str:
    if data.kind not in LEGAL_PERSON_KINDS and not (data.uscc or "").strip():
        return ""
    code = errors.run("uscc", v.check_uscc, data.uscc)
    if code:
        clash = Organisation.objects.filter(uscc=code).exclude(pk=getattr(instance, "pk", None))
        if clash.exists():
            errors.add("uscc", "该统一社会信用代码已经登记，如需找回账户请联系所在地科技管理部门")
    return code or ""


def holder_names(kind: str, name: str, legal_rep_name: str) -> tuple[str, ...]:
    """Whose account may receive the party's money: the registered name; for an individual or a
    team (no legal person, no corporate account), also its responsible person."""
    if kind in (OrganisationKind.INDIVIDUAL, OrganisationKind.TEAM):
        return (name, legal_rep_name)
    return (name,)


def bank_fields(
    errors: v.FieldErrors,
    bank_name: str,
    account_name: str,
    account_number: str,
    *,
    names: tuple[str, ...],
    prefix: str = "bank_",
) -> dict:
    """Bank name, holder (must be the party) and account number, each checked at its field."""
    return {
        "bank_name": errors.run("bank_name", v.check_bank_name, bank_name),
        "bank_account_name": errors.run(
            f"{prefix}account_name", v.check_holder, account_name, names=names
        ),
        "bank_account_number": errors.run(
            f"{prefix}account_number", v.check_bank_account, account_number
        ),
    }


def _check_bank(errors: v.FieldErrors, data: RegistrationData) -> dict:
    """Bank details are optional at registration, but complete when given."""
    if not any(
        (g or "").strip()
        for g in (data.bank_name, data.bank_account_name, data.bank_account_number)
    ):
        return {}
    return bank_fields(
        errors,
        data.bank_name,
        data.bank_account_name,
        data.bank_account_number,
        names=holder_names(data.kind, data.name, data.legal_rep_name),
    )


def validate_registration(
    data: RegistrationData,
    *,
    instance: Organisation | None = None,
    licence=None,
    errors: v.FieldErrors | None = None,
) -> dict:
    """Check every field; return the cleaned values or raise ValidationFailed naming each
    problem."""
    errors = errors or v.FieldErrors()
    today = clock.today()
    if data.kind not in SELF_REGISTERED_KINDS:
        errors.add(
            "kind", "请选择主体类型：企业、创业团队、个人创新创业者、社会组织、孵化载体或服务机构"
        )
    clean = {
        "name": errors.run("name", v.check_name, data.name, "名称"),
        "region_code": errors.run("region_code", v.check_region, data.region_code),
        "uscc": _check_uscc(errors, data, instance),
        "address": errors.run("address", v.check_text, data.address, "住所", limit=200) or "",
        "legal_rep_name": errors.run(
            "legal_rep_name",
            v.check_name,
            data.legal_rep_name,
            "法定代表人（负责人）姓名",
            limit=60,
        ),
        "legal_rep_id": errors.run(
            "legal_rep_id_number", v.check_id_number, data.legal_rep_id_number, today=today
        ),
        "contact_name": errors.run(
            "contact_name", v.check_name, data.contact_name, "联系人", limit=60
        ),
        "contact_phone": errors.run("contact_phone", v.check_phone, data.contact_phone),
        "contact_email": errors.run("contact_email", v.check_email, data.contact_email),
        "provider_kind": "",
    }
    if data.kind == OrganisationKind.PROVIDER:
        if data.provider_kind not in PROVIDER_KINDS:
            errors.add("provider_kind", "请选择服务机构类型（高等院校、科研院所、重点实验室等）")
        clean["provider_kind"] = data.provider_kind
    elif data.provider_kind in PROVIDER_KINDS and data.kind == OrganisationKind.INCUBATOR:
        clean["provider_kind"] = data.provider_kind
    if data.kind in LEGAL_PERSON_KINDS and instance is None:
        errors.run("licence", v.check_upload, licence, "营业执照（登记证书）")
    elif licence is not None:
        errors.run("licence", v.check_upload, licence, "营业执照（登记证书）")
    clean["host_incubator"] = _check_host(errors, data)
    clean.update(_check_bank(errors, data))
    errors.raise_if_any()
    return clean


def _apply_pii(org: Organisation, clean: dict) -> None:
    ident = clean["legal_rep_id"]
    sealed = crypto.seal(ident.number, purpose="id_number")
    org.legal_rep_id_kind = ident.kind
    org.legal_rep_id_cipher, org.legal_rep_id_hash, org.legal_rep_id_masked = (
        sealed.cipher,
        sealed.lookup,
        sealed.masked,
    )
    if clean.get("bank_account_number"):
        bank = crypto.seal(clean["bank_account_number"], purpose="bank_account")
        org.bank_name, org.bank_account_name = clean["bank_name"], clean["bank_account_name"]
        org.bank_account_cipher, org.bank_account_hash, org.bank_account_masked = (
            bank.cipher,
            bank.lookup,
            bank.masked,
        )


@chinese  # stored messages stay Chinese
def _ask_review(org: Organisation) -> None:
    """Tell the reviewers a registration waits for them (once per submission)."""
    submitted = timezone.localtime(org.submitted_at).date()
    again = f"（第{org.submission_count}次提交）" if org.submission_count > 1 else ""
    tell_reviewers(
        org,
        subject=f"主体登记待审核：{org.name}{again}",
        key=f"registry:registration:{org.pk}:submit:{org.submission_count}",
        body=f"{org.get_kind_display()}“{org.name}”（{org.region_code}）提交了主体登记，请在办理期限内审核。",
        due_on=deadline_after(submitted, REVIEW_WORKING_DAYS),
    )


def organisation_register(
    *, actor, data: RegistrationData, account: AccountData | None = None, licence=None
) -> Organisation:
    """Self-registration (an anonymous person, with `account`) or a team registered by the
    incubator agent hosting it (`actor`, no account). The registration waits for review."""
    errors = v.FieldErrors()
    registering_agent = (
        actor is not None and getattr(actor, "is_authenticated", False) and account is None
    )
    if registering_agent:
        host = _agent_incubator(actor)
        if data.kind != OrganisationKind.TEAM:
            raise PermissionDenied("孵化载体经办人只能代入驻团队登记")
        data.host_incubator_id = host.pk
    user = None
    if not registering_agent:
        account = account or AccountData()
        user = errors.run(
            "username",
            check_new_account,
            username=account.username,
            password=account.password,
            display_name=account.display_name or data.contact_name,
            email=account.email or data.contact_email,
            phone=account.phone or data.contact_phone,
            password_hash=account.password_hash,
        )
    clean = validate_registration(data, licence=licence, errors=errors)
    now = clock.now()
    with transaction.atomic():
        if user is not None:
            user.save()
        org = Organisation(
            kind=data.kind,
            name=clean["name"],
            **name_search_keys(clean["name"]),
            provider_kind=clean["provider_kind"],
            region_code=clean["region_code"],
            uscc=clean["uscc"],
            address=clean["address"],
            host_incubator=clean["host_incubator"],
            legal_rep_name=clean["legal_rep_name"],
            contact_name=clean["contact_name"],
            contact_phone=clean["contact_phone"],
            contact_email=clean["contact_email"],
            status=RegistrationStatus.SUBMITTED,
            submitted_at=now,
            created_at=now,
            created_by=user or actor,
        )
        _apply_pii(org, clean)
        if licence is not None:
            org.licence = licence
        org.save()
        if user is not None:
            assign_role(
                actor=user,
                user=user,
                role=ROLE_FOR_KIND.get(data.kind, Role.APPLICANT),
                region_code=org.region_code,
                organisation=org,
            )
        RegistrationChange.objects.create(
            organisation=org, action="submit", to_status=org.status, actor=user or actor, at=now
        )
        audit.record(
            actor=user or actor,
            action="registry.organisation.register",
            obj=org,
            region_code=org.region_code,
            data={"kind": org.kind, "name": org.name, "uscc": org.uscc},
        )
        _ask_review(org)
    return org


def _agent_incubator(actor) -> Organisation:
    ids = actor_organisation_ids(actor, Role.INCUBATOR_AGENT)
    host = Organisation.objects.filter(
        pk__in=ids, kind=OrganisationKind.INCUBATOR, status=RegistrationStatus.APPROVED
    ).first()
    if host is None:
        raise PermissionDenied("只有已通过登记的孵化载体经办人可以代团队登记")
    return host


REGISTRATION = Lifecycle(
    app="registry",
    entity="registration",
    noun="登记",
    model=Organisation,
    statuses=RegistrationStatus,
    table=TRANSITIONS,
    change_model=RegistrationChange,
    change_fk="organisation",
    authorize=authorize_registration,
    reasons_field=None,
)


def apply_transition(
    *,
    actor,
    organisation: Organisation,
    action: str,
    by: str | None = None,
    reasons=(),
    note: str = "",
    changes: dict | None = None,
    after=None,
) -> Organisation:
    """The registration lifecycle, applied by `core.lifecycle.transition_apply`; `by` defaults to
    the kind of actor the table names (the `authorize` hook checks the actor is one). `changes`
    are corrected fields written in the same compare-and-swap (a resubmission)."""
    values, submission_no = dict(changes or {}), organisation.submission_count
    now = clock.now()
    if action == "resubmit":
        values.update(submitted_at=now, submission_count=F("submission_count") + 1)
        submission_no += 1
    else:
        values["decided_at"] = now
    changed = sorted(
        k for k in (changes or {}) if not k.endswith(("_cipher", "_hash")) and k not in KEYS
    )
    return transition_apply(
        REGISTRATION,
        actor=actor,
        obj=organisation,
        action=action,
        by=by or getattr(TRANSITIONS.get(action), "by", ""),
        reasons=reasons,
        values=values,
        change={"note": (note or "").strip(), "submission_no": submission_no},
        audit_data={"changed": changed},
        after=after,
    )


@chinese  # stored messages stay Chinese
def _tell_decision(organisation: Organisation, action: str, reasons: list[str]) -> None:
    label = TRANSITIONS[action].label
    why = "理由：" + "；".join(reasons) if action != "approve" and reasons else ""
    todo = "请按意见修改后重新提交。" if action == "return" else ""
    tell_party(
        organisation,
        subject=f"主体登记审核结果：{label}",
        key=f"registry:registration:{organisation.pk}:{action}:{organisation.submission_count}",
        body=f"“{organisation.name}”的主体登记审核结果：{label}。{why}{todo}",
        url=reverse("registry:resubmit", kwargs={"pk": organisation.pk})
        if action == "return"
        else "",
    )


def registration_review(
    *, actor, organisation: Organisation, action: str, reasons=(), note: str = ""
) -> Organisation:
    """Approve, return with reasons, or reject a submitted registration (county bureau)."""
    changes = (
        {"bank_verified_at": clock.now()}
        if action == "approve" and organisation.bank_account_cipher
        else None
    )
    return apply_transition(
        actor=actor,
        organisation=organisation,
        action=action,
        by=REVIEWER,
        reasons=reasons,
        note=note,
        changes=changes,
        after=lambda org: _tell_decision(org, action, clean_reasons(reasons)),
    )


def organisation_resubmit(
    *, actor, organisation: Organisation, data: RegistrationData, licence=None, note: str = ""
) -> Organisation:
    """Correct a returned registration and submit it again; its history is kept."""
    if not acts_for(actor, organisation):
        raise PermissionDenied("只有该主体的经办人可以重新提交登记")
    data.kind = organisation.kind
    data.host_incubator_id = data.host_incubator_id or organisation.host_incubator_id
    clean = validate_registration(data, instance=organisation, licence=licence)
    draft = Organisation()
    _apply_pii(draft, clean)
    changes = {k: clean[k] for k in RESUBMIT_FIELDS}
    changes.update(name_search_keys(clean["name"]))
    changes.update(
        host_incubator=clean["host_incubator"],
        legal_rep_id_kind=draft.legal_rep_id_kind,
        legal_rep_id_cipher=draft.legal_rep_id_cipher,
        legal_rep_id_hash=draft.legal_rep_id_hash,
        legal_rep_id_masked=draft.legal_rep_id_masked,
    )
    if draft.bank_account_cipher:
        changes.update(
            bank_name=draft.bank_name,
            bank_account_name=draft.bank_account_name,
            bank_account_cipher=draft.bank_account_cipher,
            bank_account_hash=draft.bank_account_hash,
            bank_account_masked=draft.bank_account_masked,
        )
    if licence is not None:
        changes["licence"] = default_storage.save(licence_path(organisation, licence.name), licence)
    return apply_transition(
        actor=actor,
        organisation=organisation,
        action="resubmit",
        by=PARTY,
        note=note,
        changes=changes,
        after=_ask_review,
    )


def organisation_update_contact(
    *,
    actor,
    organisation: Organisation,
    contact_name: str,
    contact_phone: str,
    contact_email: str = "",
) -> Organisation:
    if not acts_for(actor, organisation):
        raise PermissionDenied("只有该主体的经办人可以修改联系人")
    errors = v.FieldErrors()
    values = {
        "contact_name": errors.run("contact_name", v.required, contact_name, "联系人"),
        "contact_phone": errors.run("contact_phone", v.check_phone, contact_phone),
        "contact_email": errors.run("contact_email", v.check_email, contact_email),
    }
    errors.raise_if_any("联系人信息有误")
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(**values)
        audit.record(
            actor=actor,
            action="registry.organisation.update_contact",
            obj=organisation,
            region_code=organisation.region_code,
            data={"fields": sorted(values)},
        )
    organisation.refresh_from_db()
    return organisation


def organisation_set_bank_account(
    *, actor, organisation: Organisation, bank_name: str, account_name: str, account_number: str
) -> Organisation:
    """The account subsidies are paid into; stored encrypted, shown masked. Before approval it
    is part of the registration under review; once approved, a new account is a change filing
    (变更备案) with evidence, reviewed before any money goes there."""
    if not acts_for(actor, organisation):
        raise PermissionDenied("只有该主体的经办人可以修改收款账户")
    if organisation.status == RegistrationStatus.APPROVED:
        raise Conflict(
            "已通过登记的主体变更收款账户须办理变更备案（附开户许可证或银行开户证明），"
            "审核通过后方可用于拨付",
            code=Code.BANK_CHANGE_NEEDS_FILING,
        )
    errors = v.FieldErrors()
    clean = bank_fields(
        errors,
        bank_name,
        account_name,
        account_number,
        names=holder_names(organisation.kind, organisation.name, organisation.legal_rep_name),
        prefix="",
    )
    errors.raise_if_any("收款账户信息有误")
    bank = crypto.seal(clean["bank_account_number"], purpose="bank_account")
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(
            bank_name=clean["bank_name"],
            bank_account_name=clean["bank_account_name"],
            bank_account_cipher=bank.cipher,
            bank_account_hash=bank.lookup,
            bank_account_masked=bank.masked,
            bank_verified_at=None,
        )
        audit.record(
            actor=actor,
            action="registry.organisation.set_bank_account",
            obj=organisation,
            region_code=organisation.region_code,
            data={"bank_account": bank.masked},
        )
    organisation.refresh_from_db()
    return organisation


def organisation_create_official(
    *, actor, kind: str, name: str, region_code: str, uscc: str = ""
) -> Organisation:
    """A government body, finance department or platform operator (system administrator)."""
    require_admin(actor, Role.SYSTEM_ADMIN)
    errors = v.FieldErrors()
    if kind not in OFFICIAL_KINDS:
        errors.add("kind", "请选择机构类型：区县/市/省科技管理部门、财政部门或平台运营机构")
    clean_name = errors.run("name", v.required, name, "机构名称")
    code = errors.run("region_code", v.check_region, region_code, leaf=False)
    if code and kind in OFFICIAL_LEVEL and region_level(code) != OFFICIAL_LEVEL[kind]:
        errors.add("region_code", f"{OrganisationKind(kind).label}的行政区划代码层级不符")
    clean_uscc = errors.run("uscc", v.check_uscc, uscc) if (uscc or "").strip() else ""
    errors.raise_if_any("机构信息有误")
    now = clock.now()
    with transaction.atomic():
        org = Organisation.objects.create(
            kind=kind,
            name=clean_name,
            **name_search_keys(clean_name),
            region_code=code,
            uscc=clean_uscc or "",
            status=RegistrationStatus.APPROVED,
            submitted_at=now,
            decided_at=now,
            created_at=now,
            created_by=actor,
        )
        RegistrationChange.objects.create(
            organisation=org, action="create", to_status=org.status, actor=actor, at=now
        )
        audit.record(
            actor=actor,
            action="registry.organisation.create_official",
            obj=org,
            region_code=code,
            data={"kind": kind, "name": org.name},
        )
    return org


def official_role_for(organisation: Organisation) -> Role:
    return OFFICIAL_ROLE[OrganisationKind(organisation.kind)]
