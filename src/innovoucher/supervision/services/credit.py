"""Dishonesty-list import (信用中国失信主体名单 / 经营异常名录): an official of a region uploads a
CSV or Excel list; a background task (django.tasks) checks every row, then — only when every row
is good — stores the list, matches it by unified social credit code with the parties registered
in the region, records a dated, sourced credit fact (信用状况良好: 否) for each match, and for a
provider admitted under Shaoxing proposes the revocation of its admission (三（二）4). A bad row
rejects the whole file with its line number: nothing is half-imported."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from innovoucher.accounts.permissions import region_q
from innovoucher.core import audit, clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.providers.selectors import active_admissions
from innovoucher.registry.models import FactKind, Organisation, OrganisationKind
from innovoucher.registry.services.facts import fact_record
from innovoucher.supervision import creditlist, domain
from innovoucher.supervision import tasks as supervision_tasks
from innovoucher.supervision.codes import Code
from innovoucher.supervision.lifecycles import CREDIT_IMPORT
from innovoucher.supervision.models import CreditImport, CreditListing, RevocationProposal
from innovoucher.supervision.permissions import require_supervisor
from innovoucher.supervision.services.common import new_number
from innovoucher.supervision.states import ImportStatus, ListKind

MAX_BYTES = 10 * 1024 * 1024
# How long a listing counts against a party's credit: 3 years from the day it was listed (the
# publicity period of a serious dishonesty record; an assumption — ADR 0017).
LISTING_YEARS = 3
REVOKE_FAMILY = "shaoxing"
REVOKE_ARTICLE = "三（二）4"


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=Code.IMPORT_INVALID, details={"fields": {field: [message]}}
    )


def credit_import_upload(
    *, actor, region_code: str, list_kind: str, upload, source: str = ""
) -> CreditImport:
    """Store the uploaded list and queue its import (after commit)."""
    require_supervisor(actor, region_code)
    if list_kind not in ListKind.values:
        raise _invalid("list_kind", "请选择名单类型：失信主体名单或经营异常名录")
    name = (getattr(upload, "name", "") or "").strip()
    if upload is None or not name.lower().endswith((".csv", ".xlsx")):
        raise _invalid("file", "请上传 CSV 或 Excel（.xlsx）格式的名单文件")
    if (getattr(upload, "size", 0) or 0) > MAX_BYTES:
        raise _invalid("file", "名单文件不能超过 10 MB，请分批上传")
    source = (source or "").strip()[:100] or "信用中国"
    today = clock.today()
    with transaction.atomic():
        imp = CreditImport(
            number=new_number("XY", today),
            region_code=region_code,
            list_kind=list_kind,
            source=source,
            file_name=name[-200:],
            created_by=actor,
            created_at=clock.now(),
        )
        imp.file.save(name.rsplit("/", 1)[-1], upload, save=False)
        imp.save()
        audit.record(
            actor=actor,
            action="supervision.credit_import.upload",
            obj=imp,
            region_code=region_code,
            data={"number": imp.number, "kind": list_kind, "source": source, "file": name},
        )
        transaction.on_commit(lambda: _enqueue(imp.pk))
    return imp


def _enqueue(pk: int) -> None:
    supervision_tasks.credit_import.enqueue(pk)


def _progress(imp: CreditImport):
    def report(done: int, total: int) -> None:
        CreditImport.objects.filter(pk=imp.pk).update(processed_rows=done, total_rows=total)

    return report


def _evidence(imp: CreditImport, row: creditlist.Row) -> str:
    text = (
        f"{imp.source}{ListKind(imp.list_kind).label}，导入批次{imp.number}第{row.line}行，"
        f"列入日期{row.listed_on.isoformat()}"
    )
    if row.authority:
        text += f"，{row.authority}"
    return text[:200]


def _propose_revocation(actor, imp: CreditImport, org: Organisation, row) -> None:
    if org.kind != OrganisationKind.PROVIDER:
        return
    if not active_admissions(org).filter(family_slug=REVOKE_FAMILY).exists():
        return
    try:
        with transaction.atomic():
            proposal = RevocationProposal.objects.create(
                provider=org,
                region_code=org.region_code,
                family_slug=REVOKE_FAMILY,
                article=REVOKE_ARTICLE,
                complaint_numbers=[],
                basis=f"被列入{ListKind(imp.list_kind).label}（{_evidence(imp, row)}）"[:200],
                proposed_at=clock.now(),
            )
    except IntegrityError:
        return  # already proposed under this policy
    audit.record(
        actor=actor,
        action="supervision.revocation.propose",
        obj=proposal,
        region_code=proposal.region_code,
        data={"provider": org.pk, "basis": proposal.basis, "import": imp.number},
    )


def _apply(imp: CreditImport, rows: list[creditlist.Row]) -> int:
    """Inside one transaction: the listings, the matches, their credit facts."""
    actor = imp.created_by
    orgs = {
        o.uscc: o
        for o in Organisation.objects.filter(
            region_q([imp.region_code]), uscc__in=[r.uscc for r in rows]
        )
    }
    matched = 0
    for row in rows:
        org = orgs.get(row.uscc)
        fact = None
        if org is not None:
            matched += 1
            ends = domain.add_years(row.listed_on, LISTING_YEARS) - dt.timedelta(days=1)
            fact = fact_record(
                actor=actor,
                organisation=org,
                kind=FactKind.CREDIT_STATUS,
                value=False,
                valid_from=row.listed_on.isoformat(),
                expires_on=ends.isoformat(),
                evidence_ref=_evidence(imp, row),
            )
            _propose_revocation(actor, imp, org, row)
        CreditListing.objects.create(
            credit_import=imp,
            line=row.line,
            uscc=row.uscc,
            name=row.name,
            listed_on=row.listed_on,
            cause=row.cause,
            authority=row.authority,
            organisation=org,
            region_code=org.region_code if org is not None else imp.region_code,
            fact=fact,
        )
    return matched


def credit_import_run(pk: int) -> str:
    """The background step: check every row, then import all or reject with the bad lines.
    Returns the final status (idempotent: an import already started is left alone)."""
    imp = CreditImport.objects.select_related("created_by").filter(pk=pk).first()
    if imp is None or imp.status != ImportStatus.QUEUED:
        return imp.status if imp else "missing"
    imp = transition_apply(CREDIT_IMPORT, actor=None, obj=imp, action="start", by=SYSTEM)
    try:
        with imp.file.open("rb") as fh:
            data = fh.read()
        rows, errors = creditlist.read(data, imp.file_name, clock.today(), _progress(imp))
    except creditlist.ListUnreadable as exc:
        rows, errors = [], [{"line": 1, "message": str(exc)}]
    if errors or not rows:
        errors = errors or [{"line": 1, "message": "名单文件没有数据行"}]
        summary = f"共 {len(errors)} 行有误，整份名单未导入；请改正后重新上传"
        transition_apply(
            CREDIT_IMPORT,
            actor=None,
            obj=imp,
            action="reject",
            by=SYSTEM,
            reasons=[summary],
            values={"errors": errors[:500]},
            audit_data={"errors": len(errors)},
        )
        return ImportStatus.REJECTED
    with transaction.atomic():
        matched = _apply(imp, rows)
        transition_apply(
            CREDIT_IMPORT,
            actor=None,
            obj=imp,
            action="finish",
            by=SYSTEM,
            values={"matched_count": matched, "processed_rows": len(rows)},
            audit_data={"rows": len(rows), "matched": matched},
        )
    return ImportStatus.DONE
