"""Change filing (变更备案): a registered party files a change of its registered data with
evidence (Urumqi art. 8 requires it of admitted providers); the registration reviewer of its
region approves it — the change is then applied and the replaced values kept — or returns it
with reasons for correction, or refuses it. One executor applies the transition table."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from innovoucher.core import audit, clock, crypto
from innovoucher.core.errors import Conflict, PermissionDenied
from innovoucher.core.i18n import chinese
from innovoucher.core.lifecycle import Lifecycle, clean_reasons, transition_apply
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS
from innovoucher.registry import validation as v
from innovoucher.registry.codes import Code
from innovoucher.registry.models import (
    BANK_FILING_FIELDS,
    FILING_FIELDS,
    OFFICIAL_KINDS,
    PROVIDER_KIND_HOLDERS,
    ChangeFiling,
    ChangeFilingEvent,
    Organisation,
    filing_evidence_path,
)
from innovoucher.registry.permissions import acts_for, authorize_filing
from innovoucher.registry.search import name_search_keys
from innovoucher.registry.selectors import REVIEW_WORKING_DAYS
from innovoucher.registry.services.notify import tell_party, tell_reviewers
from innovoucher.registry.services.registration import bank_fields, holder_names
from innovoucher.registry.states import (
    CHANGE_TRANSITIONS,
    FILING_REVIEW_ACTIONS,
    PARTY,
    REVIEWER,
    ChangeStatus,
    RegistrationStatus,
)
from innovoucher.workdays.services import deadline_after

_TEXT_LIMITS = {
    "name": 100,
    "legal_rep_name": 60,
    "address": 200,
    "contact_name": 60,
    "qualifications": 2000,
    "service_scope": 2000,
}


def _url(filing: ChangeFiling) -> str:
    return reverse("registry:filing", kwargs={"pk": filing.pk})


def _clean(errors: v.FieldErrors, org: Organisation, values: dict) -> tuple[dict, object | None]:
    """The items that differ from the registered data, validated; (changes, sealed new ID
    number)."""
    changes: dict = {}
    sealed = None
    for field, raw in values.items():
        if field not in FILING_FIELDS or field in BANK_FILING_FIELDS:
            continue
        text = str(raw if raw is not None else "").strip()
        if not text:
            continue  # a blank item is not changed
        if field == "legal_rep_id_number":
            ident = errors.run(field, v.check_id_number, text, today=clock.today())
            if ident is not None and ident.number:
                sealed = (ident.kind, crypto.seal(ident.number, purpose="id_number"))
                if sealed[1].lookup != org.legal_rep_id_hash:
                    changes[field] = sealed[1].masked
                else:
                    sealed = None
            continue
        if field == "region_code":
            text = errors.run(field, v.check_region, text) or ""
        elif field == "contact_phone":
            text = errors.run(field, v.check_phone, text) or ""
        elif field == "contact_email":
            text = errors.run(field, v.check_email, text) or ""
        elif field == "provider_kind":
            if org.kind not in PROVIDER_KIND_HOLDERS:
                errors.add(field, "只有服务机构（或提供服务的孵化载体）可以变更服务机构类型")
                continue
            if text not in PROVIDER_KINDS:
                errors.add(field, "请选择服务机构类型（高等院校、科研院所、重点实验室等）")
                continue
        elif len(text) > _TEXT_LIMITS.get(field, 200):
            errors.add(field, f"{FILING_FIELDS[field]}不能超过{_TEXT_LIMITS.get(field, 200)}个字")
            continue
        if text and text != (getattr(org, field, "") or ""):
            changes[field] = text
    return changes, sealed


def _clean_bank(errors: v.FieldErrors, org: Organisation, values: dict, changes: dict):
    """A new receiving account: all three items, the holder being the party (under its new name
    when the same filing changes the name). Returns the sealed number, or None."""
    given = {f: str(values.get(f) or "").strip() for f in BANK_FILING_FIELDS}
    if not any(given.values()):
        return None
    name = changes.get("name", org.name)
    rep = changes.get("legal_rep_name", org.legal_rep_name)
    clean = bank_fields(
        errors,
        given["bank_name"],
        given["bank_account_name"],
        given["bank_account_number"],
        names=holder_names(org.kind, name, rep),
    )
    if None in clean.values():
        return None
    box = crypto.seal(clean["bank_account_number"], purpose="bank_account")
    if (
        box.lookup == org.bank_account_hash
        and clean["bank_name"] == org.bank_name
        and clean["bank_account_name"] == org.bank_account_name
    ):
        errors.add("bank_account_number", "新收款账户与现登记的账户相同，无需变更")
        return None
    changes.update(
        bank_name=clean["bank_name"],
        bank_account_name=clean["bank_account_name"],
        bank_account_number=box.masked,
    )
    return box


def _validate(
    org: Organisation, values: dict, reason: str, evidence, *, evidence_required: bool
) -> tuple[dict, object | None, str]:
    errors = v.FieldErrors()
    changes, sealed = _clean(errors, org, values)
    sealed = (sealed, _clean_bank(errors, org, values, changes))
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", "请填写变更事由，如“法定代表人变更”“迁址”")
    errors.run(
        "evidence",
        v.check_upload,
        evidence,
        "证明材料（变更后的营业执照、批准文件等）",
        required_=evidence_required,
    )
    if not changes and not errors.errors:
        errors.add("changes", "请至少填写一项与现有登记信息不同的变更内容")
    errors.raise_if_any("变更备案信息有误")
    return changes, sealed, reason


def _sealed_columns(sealed) -> dict:
    ident, bank = sealed
    columns = {
        "bank_account_cipher": bank.cipher if bank else "",
        "bank_account_hash": bank.lookup if bank else "",
        "bank_account_masked": bank.masked if bank else "",
    }
    if ident is None:
        return {
            **columns,
            "legal_rep_id_kind": "",
            "legal_rep_id_cipher": "",
            "legal_rep_id_hash": "",
            "legal_rep_id_masked": "",
        }
    kind, box = ident
    return {
        **columns,
        "legal_rep_id_kind": kind,
        "legal_rep_id_cipher": box.cipher,
        "legal_rep_id_hash": box.lookup,
        "legal_rep_id_masked": box.masked,
    }


@chinese  # stored messages stay Chinese
def _ask_review(filing: ChangeFiling) -> None:
    org = filing.organisation
    labels = "、".join(str(FILING_FIELDS[k]) for k in filing.changes)
    again = f"（第{filing.submission_count}次提交）" if filing.submission_count > 1 else ""
    tell_reviewers(
        org,
        subject=f"变更备案待审核：{org.name}{again}",
        url=_url(filing),
        key=f"registry:filing:{filing.pk}:submit:{filing.submission_count}",
        body=f"“{org.name}”申请变更{labels}。事由：{filing.reason}",
        due_on=deadline_after(clock.today(), REVIEW_WORKING_DAYS),
    )


def filing_submit(
    *, actor, organisation: Organisation, values: dict, reason: str, evidence
) -> ChangeFiling:
    """File a change of the organisation's registered data, with evidence, for review."""
    if not acts_for(actor, organisation) or organisation.kind in OFFICIAL_KINDS:
        raise PermissionDenied("只有该主体的经办人可以提交变更备案")
    if organisation.status != RegistrationStatus.APPROVED:
        raise Conflict(
            "主体登记通过审核后才能办理变更备案；审核中或退回的登记请直接修改后重新提交",
            code=Code.NOT_REGISTERED,
        )
    changes, sealed, reason = _validate(
        organisation, values, reason, evidence, evidence_required=True
    )
    now = clock.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            filing = ChangeFiling.objects.create(
                organisation=organisation,
                changes=changes,
                reason=reason[:2000],
                evidence=evidence,
                submitted_at=now,
                created_by=user,
                **_sealed_columns(sealed),
            )
            ChangeFilingEvent.objects.create(
                filing=filing, action="submit", to_status=filing.status, actor=user, at=now
            )
            audit.record(
                actor=actor,
                action="registry.filing.submit",
                obj=filing,
                region_code=organisation.region_code,
                data={"organisation": organisation.pk, "fields": sorted(changes)},
            )
            _ask_review(filing)
    except IntegrityError:
        raise Conflict(
            "该主体已有一份待审核或退回补正的变更备案，请先办理或撤回后再提交",
            code=Code.FILING_OPEN,
        ) from None
    return filing


def _apply_changes(filing: ChangeFiling) -> dict:
    """Write the filed values onto the organisation; return the values they replaced."""
    org = Organisation.objects.get(pk=filing.organisation_id)
    previous, update = {}, {}
    for field, new in filing.changes.items():
        if field == "bank_account_number":
            previous[field] = org.bank_account_masked
            update.update(
                bank_account_cipher=filing.bank_account_cipher,
                bank_account_hash=filing.bank_account_hash,
                bank_account_masked=filing.bank_account_masked,
                bank_verified_at=clock.now(),  # reviewed with its evidence: money may go there
            )
        elif field == "legal_rep_id_number":
            previous[field] = org.legal_rep_id_masked
            update.update(
                legal_rep_id_kind=filing.legal_rep_id_kind,
                legal_rep_id_cipher=filing.legal_rep_id_cipher,
                legal_rep_id_hash=filing.legal_rep_id_hash,
                legal_rep_id_masked=filing.legal_rep_id_masked,
            )
        else:
            previous[field] = getattr(org, field)
            update[field] = new
    if "name" in update:
        update.update(name_search_keys(update["name"]))  # the directory's keys follow the name
    Organisation.objects.filter(pk=org.pk).update(**update)
    return previous


FILING = Lifecycle(
    app="registry",
    entity="filing",
    noun="变更备案",
    model=ChangeFiling,
    statuses=ChangeStatus,
    table=CHANGE_TRANSITIONS,
    change_model=ChangeFilingEvent,
    change_fk="filing",
    region=lambda filing: filing.organisation.region_code,
    authorize=authorize_filing,
)


def apply_filing_transition(
    *,
    actor,
    filing: ChangeFiling,
    action: str,
    by: str | None = None,
    reasons=(),
    note: str = "",
    values: dict | None = None,
) -> ChangeFiling:
    """The change-filing lifecycle, applied by `core.lifecycle.transition_apply`: an approved
    change is applied to the organisation and the next person told, in the same transaction.
    `by` defaults to the kind of actor the table names (the `authorize` hook checks the actor)."""
    update, now = dict(values or {}), clock.now()
    if action in FILING_REVIEW_ACTIONS:
        update.update(decided_at=now, reasons=clean_reasons(reasons))
    if action == "resubmit":
        update.update(submitted_at=now, submission_count=F("submission_count") + 1)
    filing = transition_apply(
        FILING,
        actor=actor,
        obj=filing,
        action=action,
        by=by or getattr(CHANGE_TRANSITIONS.get(action), "by", ""),
        reasons=reasons,
        values=update,
        change={"note": (note or "").strip()[:2000]},
        audit_data={
            "organisation": filing.organisation_id,
            "fields": sorted(update.get("changes", filing.changes)),
        },
        after=lambda f: _after(f, action, clean_reasons(reasons)),
    )
    filing.organisation.refresh_from_db()
    return filing


def _after(filing: ChangeFiling, action: str, reasons: list[str]) -> None:
    if action == "approve":
        filing.previous = _apply_changes(filing)
        ChangeFiling.objects.filter(pk=filing.pk).update(previous=filing.previous)
    _tell(filing, action, CHANGE_TRANSITIONS[action].label, reasons)


@chinese  # stored messages stay Chinese
def _tell(filing: ChangeFiling, action: str, label: str, reasons: list[str]) -> None:
    org = filing.organisation
    items = "、".join(str(FILING_FIELDS[k]) for k in filing.changes)
    if action == "resubmit":
        _ask_review(filing)
    elif action in ("approve", "return", "reject"):
        why = f"理由：{'；'.join(reasons)}。" if reasons else ""
        then = (
            "请按意见补正后重新提交。"
            if action == "return"
            else ("变更已生效。" if action == "approve" else "")
        )
        tell_party(
            org,
            subject=f"变更备案审核结果：{label}",
            url=_url(filing),
            key=f"registry:filing:{filing.pk}:{action}:{filing.submission_count}",
            body=f"“{org.name}”的变更备案（{items}）：{label}。{why}{then}",
        )


def filing_review(
    *, actor, filing: ChangeFiling, action: str, reasons=(), note: str = ""
) -> ChangeFiling:
    """Approve (the change takes effect), return for correction or refuse (both with reasons)."""
    return apply_filing_transition(
        actor=actor, filing=filing, action=action, by=REVIEWER, reasons=reasons, note=note
    )


def filing_resubmit(
    *, actor, filing: ChangeFiling, values: dict, reason: str, evidence=None, note: str = ""
) -> ChangeFiling:
    """Correct a returned filing and submit it again (new evidence optional; the history is
    kept)."""
    if not acts_for(actor, filing.organisation):
        raise PermissionDenied("只有该主体的经办人可以办理")
    changes, sealed, reason = _validate(
        filing.organisation, values, reason, evidence, evidence_required=False
    )
    update = {"changes": changes, "reason": reason[:2000], **_sealed_columns(sealed)}
    if evidence is not None:
        update["evidence"] = default_storage.save(
            filing_evidence_path(filing, evidence.name), evidence
        )
    return apply_filing_transition(
        actor=actor, filing=filing, action="resubmit", by=PARTY, note=note, values=update
    )


def filing_withdraw(*, actor, filing: ChangeFiling, note: str = "") -> ChangeFiling:
    return apply_filing_transition(
        actor=actor, filing=filing, action="withdraw", by=PARTY, note=note
    )
