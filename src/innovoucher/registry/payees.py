"""The registry answers the ledger's question "where does this payee's money go?"
(`ledger.payees`): the organisation's receiving account as it stands at export time.

Money goes only to an account that was reviewed — with the registration, or by an approved
change filing (变更备案) — whose holder is the organisation itself, and not while a change of
it waits for review. The clear number is given only to the export, which has checked that the
actor is the paying office's finance officer; each reveal is a `registry.pii.reveal` event.
"""

from __future__ import annotations

from innovoucher.core.errors import ValidationFailed
from innovoucher.ledger.payees import PayeeAccount
from innovoucher.registry import validation as v
from innovoucher.registry.models import BANK_FILING_FIELDS, ChangeFiling, Organisation
from innovoucher.registry.services.notify import tell_party
from innovoucher.registry.services.pii import pii_reveal_for_payment
from innovoucher.registry.states import OPEN_FILING_STATUSES

SCHEME = "organisation"


def payee_ref(organisation: Organisation) -> str:
    return f"{SCHEME}:{organisation.pk}"


def _organisation(ref: str) -> Organisation | None:
    _, _, pk = (ref or "").partition(":")
    return Organisation.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def account_problem(org: Organisation) -> str:
    """Why no money may be paid into the organisation's account now ("" when it may)."""
    if not org.bank_account_cipher:
        return f"“{org.name}”尚未登记收款账户：请收款方在主体信息页登记开户银行、户名和账号"
    if org.bank_verified_at is None:
        return f"“{org.name}”的收款账户尚未通过审核（随主体登记或变更备案审核），审核通过后方可拨付"
    changing = ChangeFiling.objects.filter(organisation=org, status__in=OPEN_FILING_STATUSES).only(
        "changes"
    )
    if any(set(f.changes) & set(BANK_FILING_FIELDS) for f in changing):
        return f"“{org.name}”的收款账户变更备案正在审核，审核通过后按新账户拨付"
    try:
        v.check_holder(org.bank_account_name, names=(org.name, org.legal_rep_name))
    except ValidationFailed:  # the holder is someone else now (the name changed)
        return f"收款账户户名“{org.bank_account_name}”与登记名称“{org.name}”不一致，请办理变更备案"
    return ""


class RegistryPayees:
    """`ledger.payees.PayeeDirectory` for ``organisation:<id>``."""

    def account(self, ref: str, *, actor, reveal: bool, context: dict) -> PayeeAccount:
        org = _organisation(ref)
        if org is None:
            return PayeeAccount(problem="收款主体不存在")
        problem = account_problem(org)
        number = ""
        if reveal and not problem:
            number = pii_reveal_for_payment(actor=actor, organisation=org, context=context)
        return PayeeAccount(
            holder=org.bank_account_name,
            bank_name=org.bank_name,
            number=number,
            masked=org.bank_account_masked,
            problem=problem,
        )

    def tell_held(self, ref: str, *, reason: str, context: dict) -> None:
        org = _organisation(ref)
        if org is None:
            return
        tell_party(
            org,
            subject="补助资金暂缓拨付：请登记或核实收款账户",
            key=f"registry:payee:{org.pk}:held:{context.get('line', '')}",
            body=f"{reason}。{context.get('what', '')}",
        )
