"""Related-party data: shareholders with stakes, the actual controller, affiliations."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum

from innovoucher.core import audit, clock, crypto
from innovoucher.registry import validation as v
from innovoucher.registry.domain import AFFILIATION_KINDS
from innovoucher.registry.models import (
    ActualController,
    Affiliation,
    Organisation,
    PartyIdentity,
    Shareholder,
)
from innovoucher.registry.permissions import require_edit

PERSON, ORG = PartyIdentity.HolderType.PERSON, PartyIdentity.HolderType.ORGANISATION


def percent(bp: int) -> str:
    """Basis points as a percentage with two decimals, in integers: 3000 → "30.00"."""
    return f"{bp // 100}.{bp % 100:02d}"


def _identity(
    errors: v.FieldErrors,
    organisation: Organisation,
    holder_type: str,
    holder_name: str,
    holder_uscc: str,
    holder_id_number: str,
) -> dict:
    """Validated identity columns of a shareholder or controller (ID number sealed)."""
    values = {
        "holder_type": holder_type,
        "holder_name": errors.run("holder_name", v.required, holder_name, "名称（姓名）") or "",
    }
    if holder_type == PERSON:
        ident = errors.run(
            "holder_id_number", v.check_id_number, holder_id_number, today=clock.today()
        )
        if ident:
            sealed = crypto.seal(ident.number, purpose="id_number")
            values.update(
                holder_id_kind=ident.kind,
                holder_id_cipher=sealed.cipher,
                holder_id_hash=sealed.lookup,
                holder_id_masked=sealed.masked,
                holder_uscc="",
            )
    elif holder_type == ORG:
        code = errors.run("holder_uscc", v.check_uscc, holder_uscc)
        if code and code == organisation.uscc:
            errors.add("holder_uscc", "不能把本主体自己登记为股东或实际控制人")
        values.update(
            holder_uscc=code or "",
            holder_id_kind="",
            holder_id_cipher="",
            holder_id_hash="",
            holder_id_masked="",
        )
    else:
        errors.add("holder_type", "请选择类型：自然人或机构")
    return values


def _record(actor, action: str, obj, organisation: Organisation, data: dict) -> None:
    audit.record(
        actor=actor,
        action=f"registry.{action}",
        obj=obj,
        region_code=organisation.region_code,
        data={"organisation": organisation.pk, **data},
    )


def shareholder_add(
    *,
    actor,
    organisation: Organisation,
    holder_type: str,
    holder_name: str,
    stake_percent,
    holder_uscc: str = "",
    holder_id_number: str = "",
) -> Shareholder:
    require_edit(actor, organisation)
    errors = v.FieldErrors()
    values = _identity(
        errors, organisation, holder_type, holder_name, holder_uscc, holder_id_number
    )
    stake = errors.run("stake_percent", v.parse_percent_to_bp, stake_percent)
    errors.raise_if_any("股东信息有误")
    with transaction.atomic():
        # Lock the owned organisation so two concurrent additions cannot pass 100 % together.
        list(
            Organisation.objects.select_for_update()
            .filter(pk=organisation.pk)
            .values_list("pk", flat=True)
        )
        existing = Shareholder.objects.filter(organisation=organisation)
        key = values.get("holder_id_hash") or values.get("holder_uscc")
        if any((s.holder_id_hash or s.holder_uscc) == key for s in existing):
            raise v.field_error("holder_name", "该股东已登记，如需修改持股比例请先删除原记录")
        total = existing.aggregate(total=Sum("stake_bp"))["total"] or 0
        if total + stake > 10000:
            raise v.field_error(
                "stake_percent",
                f"股东持股比例合计不能超过100%，已登记合计{percent(total)}%，"
                f"本次最多可填{percent(10000 - total)}%",
            )
        holder = Shareholder.objects.create(
            organisation=organisation, stake_bp=stake, recorded_at=clock.now(), **values
        )
        _record(
            actor,
            "shareholder.add",
            holder,
            organisation,
            {"holder": holder.holder_label, "stake_bp": stake},
        )
    return holder


def shareholder_remove(*, actor, shareholder: Shareholder) -> None:
    organisation = shareholder.organisation
    require_edit(actor, organisation)
    with transaction.atomic():
        _record(
            actor,
            "shareholder.remove",
            shareholder,
            organisation,
            {"holder": shareholder.holder_label, "stake_bp": shareholder.stake_bp},
        )
        Shareholder.objects.filter(pk=shareholder.pk).delete()


def controller_set(
    *,
    actor,
    organisation: Organisation,
    holder_type: str,
    holder_name: str,
    holder_uscc: str = "",
    holder_id_number: str = "",
    basis: str = "",
) -> ActualController:
    """Declare (or replace) the organisation's actual controller."""
    require_edit(actor, organisation)
    errors = v.FieldErrors()
    values = _identity(
        errors, organisation, holder_type, holder_name, holder_uscc, holder_id_number
    )
    errors.raise_if_any("实际控制人信息有误")
    with transaction.atomic():
        controller, _ = ActualController.objects.update_or_create(
            organisation=organisation,
            defaults={**values, "basis": (basis or "").strip()[:200], "recorded_at": clock.now()},
        )
        _record(
            actor,
            "controller.set",
            controller,
            organisation,
            {"controller": controller.holder_label},
        )
    return controller


def controller_clear(*, actor, organisation: Organisation) -> None:
    require_edit(actor, organisation)
    with transaction.atomic():
        controller = ActualController.objects.filter(organisation=organisation).first()
        if controller is None:
            return
        _record(
            actor,
            "controller.clear",
            controller,
            organisation,
            {"controller": controller.holder_label},
        )
        controller.delete()


def affiliation_add(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    counterpart_name: str,
    counterpart_uscc: str,
    note: str = "",
) -> Affiliation:
    require_edit(actor, organisation)
    errors = v.FieldErrors()
    if kind not in AFFILIATION_KINDS:
        errors.add("kind", "请选择关系类型：隶属、共建或参股")
    name = errors.run("counterpart_name", v.required, counterpart_name, "对方名称")
    code = errors.run("counterpart_uscc", v.check_uscc, counterpart_uscc)
    if code and code == organisation.uscc:
        errors.add("counterpart_uscc", "对方不能是本主体自己")
    errors.raise_if_any("关联关系信息有误")
    if Affiliation.objects.filter(
        organisation=organisation, kind=kind, counterpart_uscc=code
    ).exists():
        raise v.field_error("counterpart_uscc", "该关联关系已登记")
    with transaction.atomic():
        affiliation = Affiliation.objects.create(
            organisation=organisation,
            kind=kind,
            counterpart_name=name,
            counterpart_uscc=code,
            note=(note or "").strip()[:200],
            recorded_at=clock.now(),
        )
        _record(
            actor, "affiliation.add", affiliation, organisation, {"kind": kind, "counterpart": code}
        )
    return affiliation


def affiliation_remove(*, actor, affiliation: Affiliation) -> None:
    organisation = affiliation.organisation
    require_edit(actor, organisation)
    with transaction.atomic():
        _record(
            actor,
            "affiliation.remove",
            affiliation,
            organisation,
            {"kind": affiliation.kind, "counterpart": affiliation.counterpart_uscc},
        )
        Affiliation.objects.filter(pk=affiliation.pk).delete()
