"""Registry reads. Every selector that returns a party's records takes the actor and returns only
what the actor's role and region allow; a record outside that scope is "not found", whatever its id.

`organisation_quote_facts` is the exception by design: the quote and voucher services call it for
an organisation they have already loaded through a scoped selector.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from innovoucher.accounts.permissions import actor_has_role, scope_q
from innovoucher.accounts.roles import (
    PARTY_ROLES,
    REGISTRATION_REVIEWER_ROLES,
    REGISTRY_READER_ROLES,
)
from innovoucher.core import clock, listing
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import NotFound
from innovoucher.core.money import fen_to_yuan
from innovoucher.regions.listfilters import narrow
from innovoucher.registry.labels import PROVIDER_KIND_LABELS
from innovoucher.registry.models import (
    FILING_FIELDS,
    OFFICIAL_KINDS,
    QUOTE_KIND,
    ActualController,
    Affiliation,
    ChangeFiling,
    ChangeFilingEvent,
    EligibilityFact,
    FactKind,
    Organisation,
    OrganisationKind,
    RegistrationChange,
    Shareholder,
)
from innovoucher.registry.permissions import acts_for, is_registration_reviewer, visible_q
from innovoucher.registry.states import (
    OPEN_FILING_STATUSES,
    ChangeStatus,
    FactStatus,
    RegistrationStatus,
)
from innovoucher.workdays.services import deadline_after

REVIEW_WORKING_DAYS = 5  # time the county bureau has to review a registration, a filing, a fact
FACT_EXPIRY_WARNING_DAYS = 30
NOT_FOUND = "主体不存在或您无权查看"


def _visible(actor) -> QuerySet[Organisation]:
    return Organisation.objects.filter(visible_q(actor))


def organisation_get(*, actor, pk) -> Organisation:
    try:
        return _visible(actor).select_related("host_incubator").get(pk=int(pk))
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise NotFound(NOT_FOUND, code=CoreCode.ORGANISATION_NOT_FOUND) from None


def organisation_list_for_actor(
    *, actor, status: str = "", kind: str = "", search: str = ""
) -> QuerySet[Organisation]:
    """Every organisation `actor` may read: those in their reviewing regions and their own."""
    return _filtered(_visible(actor), status, kind, search)


def name_q(text: str, path: str = "") -> Q:
    """Organisations whose name matches `text`: a Chinese substring, or its pinyin initials or
    full pinyin (绍兴检测 by 检测, sxjc or shaoxing). `path` reaches the organisation from another
    model (`"holder"`, `"provider"`, `"application__applicant"`). The match itself is
    `core.listing.name_q` (apps below the registry use it there)."""
    return listing.name_q(text, path)


def _filtered(
    qs: QuerySet[Organisation], status: str, kind: str, search: str
) -> QuerySet[Organisation]:
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(name_q(search) | Q(uscc=search.strip().upper()))
    return qs.order_by("-id")


def organisation_list_for_reviewer(
    *, actor, status: str = "", kind: str = "", search: str = ""
) -> QuerySet[Organisation]:
    """Organisations in the regions where `actor` reads the registry (reviewer, operator,
    auditor)."""
    return _filtered(
        Organisation.objects.filter(scope_q(actor, REGISTRY_READER_ROLES)), status, kind, search
    )


def organisation_list_for_party(*, actor) -> list[Organisation]:
    """The organisations `actor` acts for, and the teams hosted by their incubator."""
    if not actor_has_role(actor, *PARTY_ROLES):
        return []
    return list(_visible(actor).exclude(kind__in=OFFICIAL_KINDS).order_by("id"))


@dataclass
class QueueItem:
    organisation: Organisation
    deadline: dt.date
    overdue: bool


def review_deadline(organisation: Organisation) -> dt.date | None:
    """REVIEW_WORKING_DAYS working days after submission; None unless the registration waits."""
    if organisation.status != RegistrationStatus.SUBMITTED:
        return None
    submitted = organisation.submitted_at or organisation.created_at
    return deadline_after(timezone.localtime(submitted).date(), REVIEW_WORKING_DAYS)


def registration_queue_for_reviewer(*, actor) -> list[QueueItem]:
    """Registrations waiting for `actor`'s review, oldest deadline first."""
    qs = (
        Organisation.objects.filter(
            scope_q(actor, REGISTRATION_REVIEWER_ROLES), status=RegistrationStatus.SUBMITTED
        )
        .exclude(kind__in=OFFICIAL_KINDS)
        .order_by("submitted_at", "id")
    )
    today = clock.today()
    items = [QueueItem(org, review_deadline(org), False) for org in qs]
    for item in items:
        item.overdue = item.deadline < today
    return sorted(items, key=lambda i: (i.deadline, i.organisation.pk))


def registration_changes(*, actor, organisation_id) -> list[RegistrationChange]:
    org = organisation_get(actor=actor, pk=organisation_id)
    return list(RegistrationChange.objects.filter(organisation=org).select_related("actor"))


def registration_last_return(*, actor, organisation_id) -> RegistrationChange | None:
    """The latest return of a registration (its reasons are what the resubmission corrects)."""
    org = organisation_get(actor=actor, pk=organisation_id)
    return RegistrationChange.objects.filter(organisation=org, action="return").last()


def organisation_find_for_reviewer(*, actor, text: str) -> Organisation:
    """An organisation in the actor's reading regions by credit code or id (the relation check)."""
    text = (text or "").strip().upper()
    qs = organisation_list_for_reviewer(actor=actor).filter(
        Q(uscc=text) | Q(pk=int(text) if text.isdigit() else 0)
    )
    org = qs.first()
    if org is None:
        raise NotFound(f"在您的管辖范围内未找到主体“{text}”", code=CoreCode.ORGANISATION_NOT_FOUND)
    return org


def _scoped(model, actor):
    return model.objects.filter(visible_q(actor, prefix="organisation__")).select_related(
        "organisation"
    )


def _get(model, actor, pk, message: str):
    try:
        return _scoped(model, actor).get(pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message) from None


def fact_list(*, actor, organisation_id) -> list[EligibilityFact]:
    org = organisation_get(actor=actor, pk=organisation_id)
    return list(EligibilityFact.objects.filter(organisation=org))


def fact_get(*, actor, pk) -> EligibilityFact:
    return _get(EligibilityFact, actor, pk, "资格事实不存在或您无权查看")


def fact_list_for_reviewer(
    *, actor, status: str = FactStatus.DECLARED
) -> QuerySet[EligibilityFact]:
    qs = EligibilityFact.objects.filter(
        scope_q(actor, REGISTRATION_REVIEWER_ROLES, field="organisation__region_code")
    )
    return qs.filter(status=status).select_related("organisation").order_by("recorded_at", "id")


def shareholder_list(*, actor, organisation_id) -> list[Shareholder]:
    org = organisation_get(actor=actor, pk=organisation_id)
    return list(Shareholder.objects.filter(organisation=org))


def shareholder_get(*, actor, pk) -> Shareholder:
    return _get(Shareholder, actor, pk, "股东记录不存在或您无权查看")


def controller_get(*, actor, organisation_id) -> ActualController | None:
    org = organisation_get(actor=actor, pk=organisation_id)
    return ActualController.objects.filter(organisation=org).first()


def controller_get_by_pk(*, actor, pk) -> ActualController:
    return _get(ActualController, actor, pk, "实际控制人记录不存在或您无权查看")


def affiliation_list(*, actor, organisation_id) -> list[Affiliation]:
    org = organisation_get(actor=actor, pk=organisation_id)
    return list(Affiliation.objects.filter(organisation=org))


def affiliation_get(*, actor, pk) -> Affiliation:
    return _get(Affiliation, actor, pk, "关联关系记录不存在或您无权查看")


def facts_in_force(
    *, organisation, on: dt.date, include_declared: bool = True
) -> dict[str, EligibilityFact]:
    """The newest fact of each kind in force on `on` (never a rejected one)."""
    qs = EligibilityFact.objects.filter(
        organisation=organisation, valid_from__lte=on, expires_on__gte=on
    )
    qs = qs.exclude(status=FactStatus.REJECTED)
    if not include_declared:
        qs = qs.filter(status=FactStatus.VERIFIED)
    latest: dict[str, EligibilityFact] = {}
    for fact in qs.order_by("kind", "-valid_from", "-recorded_at", "-id"):
        latest.setdefault(fact.kind, fact)
    return latest


def organisation_quote_facts(*, organisation, on: dt.date, verified_only: bool = False) -> dict:
    """The quote request's `applicant` object, from facts in force on `on`.

    `employees`, `annual_revenue` and `major_incident` are present only when a fact records them
    (so a missing figure is visible as missing, and a policy that needs it refers it to a
    reviewer — Liaocheng art. 8 (1), (3)); the other yes/no facts
    default to false, except `credit_ok`, which — as in the quote request (ADR 0006) — is true
    unless a credit-status fact in force records a bad record. A team hosted by an incubator
    counts as resident unless a residency fact says otherwise. Only keys the quote request
    accepts are returned.
    """
    facts = facts_in_force(organisation=organisation, on=on, include_declared=not verified_only)

    def flag(kind: str) -> bool:
        return bool(facts[kind].flag) if kind in facts else False

    result: dict = {
        "kind": QUOTE_KIND.get(organisation.kind, "organisation"),
        "region": organisation.region_code,
    }
    if FactKind.EMPLOYEES in facts:
        result["employees"] = int(facts[FactKind.EMPLOYEES].amount)
    if FactKind.ANNUAL_REVENUE in facts:
        result["annual_revenue"] = fen_to_yuan(int(facts[FactKind.ANNUAL_REVENUE].amount))
    in_incubator = flag(FactKind.INCUBATOR_RESIDENCY)
    if FactKind.INCUBATOR_RESIDENCY not in facts and organisation.kind == OrganisationKind.TEAM:
        in_incubator = organisation.host_incubator_id is not None
    result.update(
        {
            "credit_ok": bool(facts[FactKind.CREDIT_STATUS].flag)
            if FactKind.CREDIT_STATUS in facts
            else True,
            "tech_sme": flag(FactKind.TECH_SME),
            "in_incubator": in_incubator,
            "high_tech": flag(FactKind.HIGH_TECH),
            "specialized_sme": flag(FactKind.SPECIALIZED_SME),
            "in_jinchuanggu": flag(FactKind.JINCHUANGGU),
        }
    )
    if FactKind.NO_MAJOR_INCIDENT in facts:  # absent: undeclared, the policy refers it
        result["major_incident"] = not facts[FactKind.NO_MAJOR_INCIDENT].flag
    return result


def facts_expiring(*, actor, within_days: int = FACT_EXPIRY_WARNING_DAYS) -> list[EligibilityFact]:
    """Facts of the actor's own organisations that expire soon (to renew their evidence)."""
    today = clock.today()
    qs = EligibilityFact.objects.filter(
        organisation_id__in=[o.pk for o in organisation_list_for_party(actor=actor)]
    )
    return list(
        qs.filter(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=within_days))
        .exclude(status=FactStatus.REJECTED)
        .select_related("organisation")
    )


def incubators_all() -> list[Organisation]:
    """Approved incubators (names are public: a team chooses its host when registering)."""
    return list(
        Organisation.objects.filter(
            kind=OrganisationKind.INCUBATOR, status=RegistrationStatus.APPROVED
        )
        .only("id", "name", "region_code")
        .order_by("region_code", "name")
    )


# ---- change filings (变更备案) ------------------------------------------------------------------


def filing_get(*, actor, pk) -> ChangeFiling:
    """A change filing of an organisation the actor may read; otherwise "not found"."""
    return _get(ChangeFiling, actor, pk, "变更备案不存在或您无权查看")


def _filings_narrowed(
    qs: QuerySet[ChangeFiling],
    *,
    q: str = "",
    region: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[ChangeFiling]:
    """Filings whose organisation's name matches `q` (Chinese or pinyin) or its credit code,
    whose organisation lies in `region`, submitted between the dates."""
    if q := (q or "").strip():
        qs = qs.filter(name_q(q, "organisation") | Q(organisation__uscc=q.upper()))
    return narrow(
        qs,
        region=region,
        region_field="organisation__region_code",
        date_from=date_from,
        date_to=date_to,
        date_field="submitted_at__date",
    )


def filing_list_for_reviewer(*, actor, status: str = "", **filters) -> QuerySet[ChangeFiling]:
    """Change filings of the organisations in the regions where `actor` reviews registrations
    (`filters`: q, region, date_from, date_to as in `_filings_narrowed`)."""
    qs = ChangeFiling.objects.filter(
        scope_q(actor, REGISTRATION_REVIEWER_ROLES, field="organisation__region_code")
    ).select_related("organisation")
    if status:
        qs = qs.filter(status=status)
    qs = _filings_narrowed(qs, **filters)
    return (
        qs.order_by("submitted_at", "id")
        if status == ChangeStatus.SUBMITTED
        else qs.order_by("-id")
    )


def filing_list_for_party(*, actor, status: str = "", **filters) -> QuerySet[ChangeFiling]:
    """Change filings of the organisations `actor` acts for, newest first."""
    ids = [o.pk for o in organisation_list_for_party(actor=actor)]
    qs = ChangeFiling.objects.filter(organisation_id__in=ids).select_related("organisation")
    if status:
        qs = qs.filter(status=status)
    return _filings_narrowed(qs, **filters).order_by("-id")


def filing_list_for_actor(*, actor, status: str = "", **filters) -> QuerySet[ChangeFiling]:
    """A reviewer's filings to review (in their regions), otherwise the party's own filings."""
    if is_registration_reviewer(actor):
        return filing_list_for_reviewer(actor=actor, status=status, **filters)
    return filing_list_for_party(actor=actor, status=status, **filters)


def filing_can_submit(*, actor, organisation: Organisation) -> bool:
    """A person acting for an approved organisation with no open filing may file a change."""
    if not acts_for(actor, organisation) or organisation.kind in OFFICIAL_KINDS:
        return False
    if organisation.status != RegistrationStatus.APPROVED:
        return False
    return not ChangeFiling.objects.filter(
        organisation=organisation, status__in=OPEN_FILING_STATUSES
    ).exists()


def filing_list_for_organisation(
    *, actor, organisation_id, status: str = "", **filters
) -> QuerySet[ChangeFiling]:
    """An organisation's change filings, newest first (`filters`: date_from, date_to of
    submission)."""
    org = organisation_get(actor=actor, pk=organisation_id)
    qs = ChangeFiling.objects.filter(organisation=org)
    if status:
        qs = qs.filter(status=status)
    return _filings_narrowed(qs, **filters).order_by("-id")


def filing_deadline(filing: ChangeFiling) -> dt.date | None:
    """REVIEW_WORKING_DAYS working days after submission; None unless the filing waits."""
    if filing.status != ChangeStatus.SUBMITTED:
        return None
    return deadline_after(timezone.localtime(filing.submitted_at).date(), REVIEW_WORKING_DAYS)


def fact_deadline(fact: EligibilityFact) -> dt.date:
    """The time the reviewer has to verify a declared fact."""
    return deadline_after(timezone.localtime(fact.recorded_at).date(), REVIEW_WORKING_DAYS)


def filing_field_labels(filing: ChangeFiling) -> list[str]:
    return [str(FILING_FIELDS.get(k, k)) for k in filing.changes]


def _display(field: str, value) -> str:
    if field == "provider_kind":
        return str(PROVIDER_KIND_LABELS.get(value, value or "—"))
    return str(value) if value not in (None, "") else "—"


def _current(org: Organisation, field: str):
    return org.legal_rep_id_masked if field == "legal_rep_id_number" else getattr(org, field, "")


@dataclass
class FilingRow:
    field: str
    label: str
    old: str
    new: str


def filing_rows(filing: ChangeFiling) -> list[FilingRow]:
    """Each changed item: the value it replaced (kept at approval; the current one before) and the
    new one."""
    org = filing.organisation
    approved = filing.status == ChangeStatus.APPROVED
    return [
        FilingRow(
            field,
            str(FILING_FIELDS.get(field, field)),
            _display(field, filing.previous.get(field) if approved else _current(org, field)),
            _display(field, new),
        )
        for field, new in filing.changes.items()
    ]


def filing_events(filing: ChangeFiling) -> list[ChangeFilingEvent]:
    return list(filing.events.select_related("actor"))
