"""The registry answers the ledger's question "where does this payee's money go?"
(`ledger.payees`): the organisation's receiving account as it stands at export time.

Money goes only to an account that was reviewed — with the registration, or by an approved
change filing (变更备案) — whose holder is the organisation itself, and not while a change of
it waits for review. The clear number is given only to the export, which has checked that the
actor is the paying office's finance officer; each reveal is a `registry.pii.reveal` event.
"""

from __future__ import annotations

import dataclasses

from innovoucher.core.bulk import chunked
from innovoucher.core.errors import ValidationFailed
from innovoucher.ledger.payees import PayeeAccount
from innovoucher.registry import validation as v
from innovoucher.registry.models import BANK_FILING_FIELDS, ChangeFiling, Organisation
from innovoucher.registry.services.notify import tell_party
from innovoucher.registry.services.pii import pii_reveal_for_payment, pii_reveal_many_for_payment
from innovoucher.registry.states import OPEN_FILING_STATUSES

SCHEME = "organisation"


def payee_ref(organisation: Organisation) -> str:
    return f"{SCHEME}:{organisation.pk}"


def _organisation(ref: str) -> Organisation | None:
    _, _, pk = (ref or "").partition(":")
    return Organisation.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def account_problem(org: Organisation, changing=None) -> str:
    """Why no money may be paid into the organisation's account now ("" when it may).
    `changing`: its open change filings when the caller has read them (a batch reads them for
    every payee at once)."""
    if not org.bank_account_cipher:
        return f"“{org.name}”尚未登记收款账户：请收款方在主体信息页登记开户银行、户名和账号"
    if org.bank_verified_at is None:
        return f"“{org.name}”的收款账户尚未通过审核（随主体登记或变更备案审核），审核通过后方可拨付"
    if changing is None:
        changing = ChangeFiling.objects.filter(
            organisation=org, status__in=OPEN_FILING_STATUSES
        ).only("changes")
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

    def accounts(
        self, refs: list[str], *, actor, reveal: bool, contexts: list[dict]
    ) -> list[PayeeAccount]:
        """`account` of many refs (a payment batch) in a fixed number of queries: the
        organisations, their open change filings, and on a reveal one audit event per ref (per
        payment line) inserted in bulk."""
        pks = [int(pk) for _, _, pk in (r.partition(":") for r in refs) if pk.isdigit()]
        orgs = Organisation.objects.in_bulk(sorted(set(pks)))
        changing: dict[int, list[ChangeFiling]] = {}
        for part in chunked(sorted(orgs)):
            for filing in ChangeFiling.objects.filter(
                organisation_id__in=part, status__in=OPEN_FILING_STATUSES
            ).only("organisation_id", "changes"):
                changing.setdefault(filing.organisation_id, []).append(filing)
        answers, reveals = [], []
        for ref, context in zip(refs, contexts, strict=True):
            _, _, pk = (ref or "").partition(":")
            org = orgs.get(int(pk)) if pk.isdigit() else None
            if org is None:
                answers.append(PayeeAccount(problem="收款主体不存在"))
                continue
            problem = account_problem(org, changing.get(org.pk, []))
            if reveal and not problem:
                reveals.append((len(answers), org, context))
            answers.append(
                PayeeAccount(
                    holder=org.bank_account_name,
                    bank_name=org.bank_name,
                    masked=org.bank_account_masked,
                    problem=problem,
                )
            )
        numbers = pii_reveal_many_for_payment(
            actor=actor, items=[(org, context) for _, org, context in reveals]
        )
        for (i, _, _), number in zip(reveals, numbers, strict=True):
            answers[i] = dataclasses.replace(answers[i], number=number)
        return answers

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
