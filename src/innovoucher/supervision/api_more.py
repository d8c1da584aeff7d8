"""JSON API of supervision, continued (its own router at the same prefix, /api/v1/supervision/…):
dishonesty-list imports, provider measures, revocations, bulletins (通报), directors, staff
accountability. Errors {"code", "message", "details"} with a 4xx status."""

from __future__ import annotations

import datetime as dt

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from innovoucher.registry.services.directors import director_add
from innovoucher.supervision import api as first
from innovoucher.supervision import selectors
from innovoucher.supervision.api import ERRORS, ReasonsIn
from innovoucher.supervision.services import bulletins, credit, measures

# The continuation's own router, with the tags and session auth of the first, mounted at the same
# /supervision prefix in `api.routes` (the paths of the two never overlap).
router = Router(tags=first.router.tags, auth=first.router.auth)

# --- dishonesty-list imports ---------------------------------------------------------------------


class ImportIn(Schema):
    region_code: str
    list_kind: str
    source: str = ""


class ImportOut(Schema):
    id: int
    number: str
    region_code: str
    list_kind: str
    source: str
    status: str
    total_rows: int
    processed_rows: int
    percent: int
    matched_count: int
    errors: list[dict]


class MatchOut(Schema):
    line: int
    uscc: str
    name: str
    listed_on: dt.date
    organisation_id: int
    organisation_name: str
    fact_id: int | None
    fact_valid_from: dt.date | None
    fact_expires_on: dt.date | None
    evidence: str


def _import(i) -> dict:
    return {
        "id": i.pk,
        "number": i.number,
        "region_code": i.region_code,
        "list_kind": i.list_kind,
        "source": i.source,
        "status": i.status,
        "total_rows": i.total_rows,
        "processed_rows": i.processed_rows,
        "percent": i.percent,
        "matched_count": i.matched_count,
        "errors": i.errors,
    }


@router.post("/credit-imports", response={202: ImportOut, **ERRORS})
def upload_credit_list(request, payload: Form[ImportIn], file: File[UploadedFile] = None):
    """Upload a CSV / Excel dishonesty list; it is imported in the background (poll the GET)."""
    imp = credit.credit_import_upload(
        actor=request.auth,
        region_code=payload.region_code,
        list_kind=payload.list_kind,
        source=payload.source,
        upload=file,
    )
    imp.refresh_from_db()
    return Status(202, _import(imp))


@router.get("/credit-imports/{pk}", response={200: ImportOut, **ERRORS})
def get_credit_import(request, pk: int):
    return _import(selectors.credit_import_get(request.auth, pk))


@router.get("/credit-imports/{pk}/matches", response={200: list[MatchOut], **ERRORS})
def credit_import_matches(request, pk: int):
    imp = selectors.credit_import_get(request.auth, pk)
    return [
        {
            "line": m.line,
            "uscc": m.uscc,
            "name": m.name,
            "listed_on": m.listed_on,
            "organisation_id": m.organisation_id,
            "organisation_name": m.organisation.name,
            "fact_id": m.fact_id,
            "fact_valid_from": m.fact.valid_from if m.fact else None,
            "fact_expires_on": m.fact.expires_on if m.fact else None,
            "evidence": m.fact.evidence_ref if m.fact else "",
        }
        for m in selectors.credit_import_matches(imp)
    ]


# --- provider measures and revocations -----------------------------------------------------------


class MeasureIn(Schema):
    provider_id: int
    family: str
    grounds: str
    days: int | None = None


class MeasureActionIn(Schema):
    action: str
    report: str = ""
    reasons: list[str] = []


class MeasureOut(Schema):
    id: int
    number: str
    provider_id: int
    family: str
    article: str
    grounds: str
    due_on: dt.date
    report: str
    status: str


def _measure(m) -> dict:
    return {
        "id": m.pk,
        "number": m.number,
        "provider_id": m.provider_id,
        "family": m.family_slug,
        "article": m.article,
        "grounds": m.grounds,
        "due_on": m.due_on,
        "report": m.report,
        "status": m.status,
    }


@router.post("/measures", response={201: MeasureOut, **ERRORS})
def issue_measure(request, payload: MeasureIn):
    measure = measures.measure_issue(
        actor=request.auth,
        provider=selectors.organisation_by_pk(payload.provider_id),
        family=payload.family,
        grounds=payload.grounds,
        days=payload.days,
    )
    return Status(201, _measure(measure))


@router.get("/measures/{pk}", response={200: MeasureOut, **ERRORS})
def get_measure(request, pk: int):
    return _measure(selectors.measure_get(request.auth, pk))


@router.post("/measures/{pk}/actions", response={200: MeasureOut, **ERRORS})
def act_on_measure(request, pk: int, payload: MeasureActionIn):
    """`report` (the provider, with `report`), `accept` / `reject`, `stop`, `disqualify`."""
    m, actor, reasons = selectors.measure_get(request.auth, pk), request.auth, payload.reasons
    if payload.action == "report":
        m = measures.measure_report(actor=actor, measure=m, report=payload.report)
    elif payload.action in ("accept", "reject"):
        m = measures.measure_decide(
            actor=actor, measure=m, accept=payload.action == "accept", reasons=reasons
        )
    elif payload.action == "stop":
        m = measures.measure_stop(actor=actor, measure=m, reasons=reasons)
    else:
        m = measures.measure_disqualify(actor=actor, measure=m, reasons=reasons)
    return _measure(m)


class RevocationOut(Schema):
    id: int
    provider_id: int
    family: str
    article: str
    basis: str
    executed_at: dt.datetime | None


@router.post("/revocations/{pk}/execute", response={200: RevocationOut, **ERRORS})
def execute_revocation(request, pk: int, payload: ReasonsIn):
    p = measures.revocation_execute(
        actor=request.auth,
        proposal=selectors.revocation_get(request.auth, pk),
        reasons=payload.reasons,
    )
    return {
        "id": p.pk,
        "provider_id": p.provider_id,
        "family": p.family_slug,
        "article": p.article,
        "basis": p.basis,
        "executed_at": p.executed_at,
    }


# --- bulletins -----------------------------------------------------------------------------------


class BulletinIn(Schema):
    region_code: str
    family: str
    period_from: dt.date
    period_to: dt.date
    minimum: int = 1


class BulletinOut(Schema):
    id: int
    number: str
    title: str
    article: str
    region_code: str
    period_from: dt.date
    period_to: dt.date
    entries: list[dict]
    status: str
    pdf: str


def _bulletin(b) -> dict:
    return {
        "id": b.pk,
        "number": b.number,
        "title": b.title,
        "article": b.article,
        "region_code": b.region_code,
        "period_from": b.period_from,
        "period_to": b.period_to,
        "entries": b.entries,
        "status": b.status,
        "pdf": f"/supervision/bulletins/{b.pk}/pdf/",
    }


@router.post("/bulletins", response={201: BulletinOut, **ERRORS})
def draft_bulletin(request, payload: BulletinIn):
    return Status(
        201,
        _bulletin(
            bulletins.bulletin_draft(
                actor=request.auth,
                region_code=payload.region_code,
                family=payload.family,
                period_from=payload.period_from,
                period_to=payload.period_to,
                minimum=payload.minimum,
            )
        ),
    )


@router.get("/bulletins/{pk}", response={200: BulletinOut, **ERRORS})
def get_bulletin(request, pk: int):
    return _bulletin(selectors.bulletin_get(request.auth, pk))


@router.post("/bulletins/{pk}/publish", response={200: BulletinOut, **ERRORS})
def publish_bulletin(request, pk: int):
    b = bulletins.bulletin_publish(
        actor=request.auth, bulletin=selectors.bulletin_get(request.auth, pk)
    )
    return _bulletin(b)


@router.get("/public/bulletins", response={200: list[BulletinOut], **ERRORS}, auth=None)
def public_bulletins(request, limit: int = 50, offset: int = 0):
    """Published bulletins (public)."""
    limit = max(1, min(limit, 200))
    qs = selectors.bulletins_published()[max(0, offset) : max(0, offset) + limit]
    return [{**_bulletin(b), "pdf": f"/supervision/public/{b.pk}/pdf/"} for b in qs]


# --- directors and staff accountability ----------------------------------------------------------


class DirectorIn(Schema):
    name: str
    id_number: str
    title: str = "董事"


class DirectorOut(Schema):
    id: int
    organisation_id: int
    name: str
    id_masked: str
    title: str


@router.post("/organisations/{org_id}/directors", response={201: DirectorOut, **ERRORS})
def add_director(request, org_id: int, payload: DirectorIn):
    d = director_add(
        actor=request.auth,
        organisation=selectors.organisation_by_pk(org_id),
        name=payload.name,
        id_number=payload.id_number,
        title=payload.title,
    )
    return Status(
        201,
        {
            "id": d.pk,
            "organisation_id": d.organisation_id,
            "name": d.holder_name,
            "id_masked": d.holder_id_masked,
            "title": d.title,
        },
    )


class SpreadOut(Schema):
    organisation_id: int
    organisation_name: str
    path: list[dict]


@router.get("/organisations/{org_id}/spread", response={200: list[SpreadOut], **ERRORS})
def spread(request, org_id: int):
    """The entities a ban of the organisation would spread to (Urumqi art. 20), with paths."""
    org = selectors.organisation_by_pk(org_id)
    selectors.require_region_reader(request.auth, org.region_code)
    return [
        {"organisation_id": o.pk, "organisation_name": o.name, "path": path}
        for o, path in selectors.controlled_entities(org)
    ]


class StaffActionOut(Schema):
    id: int
    at: dt.datetime
    user: str
    action: str
    region_code: str
    object_type: str
    object_id: str
    data: dict


@router.get("/staff-actions", response={200: list[StaffActionOut], **ERRORS})
def staff_actions(
    request,
    user: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region: str = "",
    limit: int = 50,
    offset: int = 0,
):
    """Officials' own actions from the audit chain (Urumqi art. 22), newest first."""
    selectors.require_staff_supervisor(request.auth)
    qs = selectors.staff_actions(
        request.auth,
        user=user,
        action=action,
        date_from=date_from,
        date_to=date_to,
        region=region,
    )
    limit = max(1, min(limit, 200))
    return [
        {
            "id": e.pk,
            "at": e.at,
            "user": e.actor_label,
            "action": e.action,
            "region_code": e.region_code,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "data": e.data,
        }
        for e in qs[max(0, offset) : max(0, offset) + limit]
    ]
