"""Unmasking a personal number: allowed to the party itself and to officials of its region,
and every unmasked view is an audit event."""

from __future__ import annotations

from django.db import transaction

from innovoucher.core import audit, crypto
from innovoucher.core.errors import NotFound, PermissionDenied
from innovoucher.registry import validation as v
from innovoucher.registry.models import ActualController, Organisation, Shareholder
from innovoucher.registry.permissions import can_read, can_reveal

# model → {field: purpose}; the columns are <field>_cipher / _hash / _masked.
PII_FIELDS: dict[type, dict[str, str]] = {
    Organisation: {"legal_rep_id": "id_number", "bank_account": "bank_account"},
    Shareholder: {"holder_id": "id_number"},
    ActualController: {"holder_id": "id_number"},
}
FIELD_LABELS = {
    "legal_rep_id": "法定代表人证件号码",
    "bank_account": "银行账号",
    "holder_id": "证件号码",
}


def pii_reveal(*, actor, obj, field: str) -> str:
    """The clear value of `obj.<field>`, for an actor allowed to see it; audited."""
    fields = PII_FIELDS.get(type(obj))
    if not fields or field not in fields:
        raise v.field_error("field", f"“{field}”不是可查看的敏感字段")
    organisation = obj if isinstance(obj, Organisation) else obj.organisation
    if not can_read(actor, organisation):
        raise NotFound("记录不存在或您无权查看")
    if not can_reveal(actor, organisation):
        raise PermissionDenied("您的角色只能查看脱敏后的号码")
    cipher = getattr(obj, f"{field}_cipher")
    if not cipher:
        raise NotFound(f"未登记{FIELD_LABELS[field]}")
    value = crypto.decrypt(cipher, purpose=fields[field])
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="registry.pii.reveal",
            obj=obj,
            region_code=organisation.region_code,
            data={
                "field": field,
                "organisation": organisation.pk,
                "masked": getattr(obj, f"{field}_masked"),
            },
        )
    return value


def pii_reveal_for_payment(*, actor, organisation: Organisation, context: dict) -> str:
    """The clear receiving account for a bank payment file. The caller (the ledger's export) has
    checked that `actor` is the finance officer of the paying office; audited like every reveal,
    with the purpose and the payment line."""
    value = crypto.decrypt(organisation.bank_account_cipher, purpose="bank_account")
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="registry.pii.reveal",
            obj=organisation,
            region_code=organisation.region_code,
            data={
                "field": "bank_account",
                "organisation": organisation.pk,
                "masked": organisation.bank_account_masked,
                "purpose": "payment_file",
                **{k: v for k, v in context.items() if k in ("batch", "line", "reference")},
            },
        )
    return value


def pii_reveal_many_for_payment(*, actor, items: list[tuple[Organisation, dict]]) -> list[str]:
    """`pii_reveal_for_payment` of many (organisation, context) pairs — one per payment line of
    a batch — with the same audit event per pair, inserted in bulk."""
    if not items:
        return []
    values = [crypto.decrypt(org.bank_account_cipher, purpose="bank_account") for org, _ in items]
    with transaction.atomic():
        audit.record_many(
            actor=actor,
            action="registry.pii.reveal",
            items=[
                (
                    org,
                    org.region_code,
                    {
                        "field": "bank_account",
                        "organisation": org.pk,
                        "masked": org.bank_account_masked,
                        "purpose": "payment_file",
                        **{k: v for k, v in context.items() if k in ("batch", "line", "reference")},
                    },
                )
                for org, context in items
            ],
        )
    return values
