"""Reads of supervision. `sanction_in_force` and `controlled_entities` are system-level reads on an
organisation the caller has already loaded; every list for a person is scoped by region."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from innovoucher.accounts.permissions import (
    actor_organisation_ids,
    actor_regions,
    region_q,
    scope_q,
)
from innovoucher.core import clock
from innovoucher.core.errors import NotFound, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_version, policy_version_for
from innovoucher.providers.models import ProviderAdmission, Service
from innovoucher.providers.states import AdmissionStatus
from innovoucher.redemptions.models import Invoice, Redemption
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.regions.domain import is_region_code, region_prefix
from innovoucher.regions.listfilters import narrow, text_q
from innovoucher.regions.models import Region, RegionLevel
from innovoucher.registry.domain import MAJORITY_BP, stake_label
from innovoucher.registry.models import (
    ActualController,
    Director,
    EligibilityFact,
    FactKind,
    Organisation,
    Shareholder,
)
from innovoucher.registry.relations import related
from innovoucher.registry.selectors import facts_in_force, name_q
from innovoucher.supervision import domain
from innovoucher.supervision.codes import Code
from innovoucher.supervision.models import (
    Bulletin,
    Clawback,
    Complaint,
    CreditCommitment,
    CreditImport,
    IntegrityRecord,
    Measure,
    RevocationProposal,
    Sample,
    Sanction,
    SpotCheck,
)
from innovoucher.supervision.permissions import READER_ROLES, SUPERVISOR_ROLES, require_reader
from innovoucher.supervision.states import (
    BulletinStatus,
    CheckStatus,
    ClawbackStatus,
    ComplaintStatus,
    SanctionStatus,
)

MAIN_SHAREHOLDER_BP = 500  # 主要股东: a stake of 5 % or more (the text gives no threshold)


# --- sanctions ----------------------------------------------------------------------------------


def sanction_in_force(organisation: Organisation, scope: str, on: dt.date) -> Sanction | None:
    """The active sanction of `organisation` in `scope` on `on` that ends last, if any."""
    return (
        Sanction.objects.filter(
            organisation=organisation,
            scope=scope,
            status=SanctionStatus.ACTIVE,
            starts_on__lte=on,
            ends_on__gte=on,
        )
        .order_by("-ends_on", "-id")
        .first()
    )


def policy_document(family_slug: str) -> str:
    """The title of a policy's document (《…》), to cite beside an article."""
    family = PolicyFamily.objects.filter(slug=family_slug).first()
    return family.document if family is not None else ""


def active_sanction(organisation: Organisation, scope: str, family_slug: str) -> Sanction | None:
    """A primary sanction of `organisation` in `scope` under `family_slug` still active."""
    return Sanction.objects.filter(
        organisation=organisation,
        scope=scope,
        family_slug=family_slug,
        status=SanctionStatus.ACTIVE,
        derived_from__isnull=True,
    ).first()


def sanctions_for_official(actor, *, status: str = "", query: str = "") -> QuerySet[Sanction]:
    qs = Sanction.objects.select_related("organisation", "derived_from").filter(
        scope_q(actor, READER_ROLES)
    )
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(name_q(query, "organisation") | Q(organisation__uscc=query.upper()))
    return qs.order_by("-starts_on", "-id")


def sanction_get(actor, pk) -> Sanction:
    found = sanctions_for_official(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("惩戒记录不存在或不在您的管辖范围内", code=Code.SANCTION_NOT_FOUND)
    return found


def _listed(
    qs: QuerySet,
    *,
    q: str = "",
    names: tuple[str, ...] = (),
    texts: tuple[str, ...] = (),
    date_field: str = "",
    **filters,
) -> QuerySet:
    """A list's filters (regions.listfilters): `q` finds the organisations at `names` (Chinese or
    pinyin, registry.selectors.name_q) or a text in `texts` (numbers, titles)."""
    qs = narrow(qs, date_field=date_field, **filters)
    if q := (q or "").strip():
        match = text_q(q, *texts)
        for path in names:
            match |= name_q(q, path)
        qs = qs.filter(match)
    return qs


def integrity_for_official(actor, **filters) -> QuerySet[IntegrityRecord]:
    """Integrity records in the actor's regions; `filters`: q (person, organisation), region,
    date_from / date_to (recorded on)."""
    qs = IntegrityRecord.objects.select_related("organisation", "sanction").filter(
        scope_q(actor, READER_ROLES)
    )
    return _listed(
        qs,
        names=("organisation",),
        texts=("person_name", "sanction__number"),
        date_field="recorded_on",
        **filters,
    )


# --- the controller graph (Urumqi art. 20 last paragraph) --------------------------------------


def _person_label(name: str, masked: str) -> str:
    return f"{name}（{masked}）" if masked else name


def spread_roots(org: Organisation) -> list[domain.Root]:
    """The legal representative, the directors, the actual controller and the main shareholders
    of `org` (Urumqi art. 20 last paragraph)."""
    roots: list[domain.Root] = []
    if org.legal_rep_id_hash:
        label = _person_label(org.legal_rep_name, org.legal_rep_id_masked)
        roots.append((f"person:{org.legal_rep_id_hash}", label, "法定代表人"))
    for director in Director.objects.filter(organisation=org):
        roots.append((director.holder_key, director.holder_label, director.title))
    controller = ActualController.objects.filter(organisation=org).first()
    if controller is not None:
        roots.append((controller.holder_key, controller.holder_label, "实际控制人"))
    for row in Shareholder.objects.filter(organisation=org, stake_bp__gte=MAIN_SHAREHOLDER_BP):
        roots.append((row.holder_key, row.holder_label, f"主要股东（{stake_label(row.stake_bp)}）"))
    return roots


def _holder_q(keys: list[str]) -> Q:
    hashes = [k[7:] for k in keys if k.startswith("person:")]
    codes = [k[5:] for k in keys if k.startswith("uscc:")]
    return (Q(holder_id_hash__in=hashes) & ~Q(holder_id_hash="")) | (
        Q(holder_uscc__in=codes) & ~Q(holder_uscc="")
    )


def _controlled(keys: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """What each holder key controls: declared actual control or a majority stake."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for row in ActualController.objects.filter(_holder_q(keys)).select_related("organisation"):
        org = row.organisation
        found.setdefault(row.holder_key, []).append((org.party_key, org.name, "实际控制"))
    majority = Shareholder.objects.filter(_holder_q(keys), stake_bp__gt=MAJORITY_BP)
    for row in majority.select_related("organisation"):
        org = row.organisation
        label = stake_label(row.stake_bp, verb="控股")
        found.setdefault(row.holder_key, []).append((org.party_key, org.name, label))
    return found


def controlled_entities(org: Organisation) -> list[tuple[Organisation, list[dict]]]:
    """Registered organisations set up or controlled by `org`'s legal representative, main
    shareholders or actual controller (up to three links), each with its path as evidence."""
    paths = domain.spread(org.party_key, org.name, spread_roots(org), _controlled)
    codes = [k[5:] for k in paths if k.startswith("uscc:")]
    ids = [int(k[4:]) for k in paths if k.startswith("org:")]
    orgs = Organisation.objects.filter((Q(uscc__in=codes) & ~Q(uscc="")) | Q(pk__in=ids))
    found = [(o, [h.as_dict() for h in paths[o.party_key]]) for o in orgs if o.pk != org.pk]
    return sorted(found, key=lambda pair: (len(pair[1]), pair[0].pk))


# --- sampling frames -----------------------------------------------------------------------------

# Redemptions a spot check looks at: decided in favour (approved and later), not yet recovered.
FRAME_STATUSES = (
    RedemptionStatus.APPROVED,
    RedemptionStatus.QUEUED,
    RedemptionStatus.PAYABLE,
    RedemptionStatus.PAID,
)


def frame_redemptions(
    *, region_code: str, family: str, period_from: dt.date, period_to: dt.date, provider=None
) -> QuerySet[Redemption]:
    """The sampling frame: redemptions of `family` in `region_code` whose service was completed in
    the period (optionally at one provider), approved or later."""
    qs = Redemption.objects.filter(
        region_q([region_code]),
        family_slug=family,
        status__in=FRAME_STATUSES,
        completed_on__gte=period_from,
        completed_on__lte=period_to,
    )
    if provider is not None:
        qs = qs.filter(provider=provider)
    return qs.select_related("applicant", "provider", "policy_version__family").order_by("pk")


def risk_items(redemptions, limits: dict) -> list[domain.RiskItem]:
    """What the automatic checks know about each redemption of a frame; `limits` gives the tier
    bounds and caps (fen) of each pinned policy version id."""
    redemptions = list(redemptions)
    invoices: dict[int, list[str]] = {}
    for inv in Invoice.objects.filter(redemption__in=redemptions):
        keys = [f"no:{inv.number}", f"same:{inv.issuer}|{inv.amount_fen}|{inv.issued_on}"]
        invoices.setdefault(inv.redemption_id, []).extend(keys)
    taken = Invoice.objects.exclude(redemption__in=redemptions).filter(
        number__in=[k[3:] for keys in invoices.values() for k in keys if k.startswith("no:")]
    )
    outside = {f"no:{n}" for n in taken.values_list("number", flat=True)}
    items = []
    for r in redemptions:
        keys = invoices.get(r.pk, [])
        keys += [f"outside:{k}" for k in keys if k in outside]
        items.append(
            domain.RiskItem(
                id=r.pk,
                applicant=str(r.applicant_id),
                provider=str(r.provider_id),
                contract_fen=r.contract_amount_fen,
                completed_on=r.completed_on,
                related=related(r.applicant, r.provider) is not None,
                invoice_keys=tuple(keys),
                limits_fen=limits.get(r.policy_version_id, ()),
            )
        )
    return items


# --- spot checks, clawbacks, complaints ---------------------------------------------------------


def samples_for_official(actor, **filters) -> QuerySet[Sample]:
    """Spot-check samples in the actor's regions; `filters`: q (number, provider), region,
    date_from / date_to (drawn on)."""
    qs = Sample.objects.filter(scope_q(actor, READER_ROLES)).select_related("provider")
    return _listed(
        qs, names=("provider",), texts=("number",), date_field="created_at__date", **filters
    )


def sample_get(actor, pk) -> Sample:
    found = samples_for_official(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("抽查批次不存在或不在您的管辖范围内", code=Code.SAMPLE_NOT_FOUND)
    return found


def checks_for_official(actor, *, status: str = "", **filters) -> QuerySet[SpotCheck]:
    """Spot checks in the actor's regions; `filters`: q (number, redemption, applicant,
    provider), date_from / date_to (due on)."""
    qs = SpotCheck.objects.select_related(
        "sample", "redemption", "redemption__applicant", "redemption__provider"
    ).filter(scope_q(actor, READER_ROLES))
    return _listed(
        qs,
        status=status,
        names=("redemption__applicant", "redemption__provider"),
        texts=("number", "redemption__number"),
        date_field="due_on",
        **filters,
    )


def check_get(actor, pk) -> SpotCheck:
    found = checks_for_official(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("抽查记录不存在或不在您的管辖范围内", code=Code.CHECK_NOT_FOUND)
    return found


def clawbacks_for_official(actor, *, status: str = "", **filters) -> QuerySet[Clawback]:
    """Clawback notices in the actor's regions; `filters`: q (number, redemption,
    organisation), region, date_from / date_to (due on)."""
    qs = Clawback.objects.select_related("organisation", "redemption", "spot_check").filter(
        scope_q(actor, READER_ROLES)
    )
    return _listed(
        qs,
        status=status,
        names=("organisation",),
        texts=("number", "redemption__number"),
        date_field="due_on",
        **filters,
    )


def clawback_get(actor, pk) -> Clawback:
    found = clawbacks_for_official(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("追回通知不存在或不在您的管辖范围内", code=Code.CLAWBACK_NOT_FOUND)
    return found


def complaints_for_official(actor, *, status: str = "", **filters) -> QuerySet[Complaint]:
    """Complaints and reports handled in the actor's regions; `filters`: q (number, provider,
    complainant, reporter), region, date_from / date_to (received on)."""
    qs = Complaint.objects.select_related("provider", "complainant").filter(
        scope_q(actor, READER_ROLES)
    )
    return _listed(
        qs,
        status=status,
        names=("provider", "complainant"),
        texts=("number", "reporter_name"),
        date_field="received_at__date",
        **filters,
    )


def complaint_get(actor, pk) -> Complaint:
    found = complaints_for_official(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("投诉举报不存在或不在您的管辖范围内", code=Code.COMPLAINT_NOT_FOUND)
    return found


# --- credit commitments -------------------------------------------------------------------------


def commitment_latest(organisation: Organisation, family_slug: str) -> CreditCommitment | None:
    """The party's latest signed commitment under a policy (shown on its applications)."""
    return (
        CreditCommitment.objects.filter(organisation=organisation, family_slug=family_slug)
        .order_by("-signed_at", "-id")
        .first()
    )


COMMITMENT_RULE = "credit_commitment"  # the eligibility rule of a policy asking for it


def commitment_rule(family_slug: str, on: dt.date):
    """(version code, rule) of the credit commitment the policy in force on `on` asks for, or
    None when it asks for none."""
    row = policy_version_for(family_slug=family_slug, on=on)
    if row is None:
        return None
    rule = next((r for r in engine_version(row).eligibility if r.code == COMMITMENT_RULE), None)
    return (row.code, rule) if rule is not None else None


# Where a policy names no provider credit requirement the platform still asks a clean record.
DEFAULT_PROVIDER_CREDIT = ("", "服务机构须无不良信用记录")


def provider_rule(family_slug: str, on: dt.date, key: str):
    """The cited provider-supervision requirement `key` (provider_credit, provider_measures,
    county_bulletins) of the policy version in force on `on`, or None."""
    row = policy_version_for(family_slug=family_slug, on=on) if family_slug else None
    return getattr(engine_version(row), key, None) if row is not None else None


def provider_credit_rule(family_slug: str, on: dt.date) -> tuple[str, str]:
    """(article, requirement) of the provider credit condition of the policy in force on `on`."""
    cited = provider_rule(family_slug, on, "provider_credit")
    return (cited.article, cited.value) if cited is not None else DEFAULT_PROVIDER_CREDIT


def commitment_for_version(
    organisation: Organisation, family_slug: str, version: str
) -> CreditCommitment | None:
    return CreditCommitment.objects.filter(
        organisation=organisation, family_slug=family_slug, policy_version=version
    ).first()


def credit_fact_against(organisation: Organisation, on: dt.date) -> EligibilityFact | None:
    """The credit-status fact in force on `on` that records a bad record (a dishonesty or
    abnormal-operation listing), if any."""
    fact = facts_in_force(organisation=organisation, on=on).get(FactKind.CREDIT_STATUS)
    return fact if fact is not None and fact.flag is False else None


def commitments_for_party(actor) -> QuerySet[CreditCommitment]:
    ids = actor_organisation_ids(actor)
    return CreditCommitment.objects.filter(organisation_id__in=ids).select_related("organisation")


def commitments_for_official(actor, **filters) -> QuerySet[CreditCommitment]:
    """Commitments signed in the actor's regions; `filters`: q (organisation, policy), region,
    date_from / date_to (signed on)."""
    qs = CreditCommitment.objects.filter(scope_q(actor, READER_ROLES)).select_related(
        "organisation", "signed_by"
    )
    return _listed(
        qs, names=("organisation",), texts=("family_slug",), date_field="signed_on", **filters
    )


def organisation_by_uscc(value: str, field: str = "uscc") -> Organisation:
    """The registered party a form names by its unified social credit code (the service that
    receives it checks the actor's scope); a field error when none is registered."""
    code = (value or "").strip().upper()
    org = Organisation.objects.filter(uscc=code).first() if code else None
    if org is None:
        message = "未找到该统一社会信用代码的登记主体"
        raise ValidationFailed(
            message, code=Code.ORGANISATION_UNKNOWN, details={"fields": {field: [message]}}
        )
    return org


def organisation_by_pk(pk: int) -> Organisation:
    """The registered party an API request names by id (the service checks the actor's scope)."""
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise NotFound("主体不存在", code=Code.ORGANISATION_UNKNOWN)
    return org


def overview_for_official(actor) -> dict:
    """The supervision desk of an official: active bans, and the checks, clawbacks and
    complaints still open in the actor's regions."""
    return {
        "sanctions": sanctions_for_official(actor, status=SanctionStatus.ACTIVE)[:5],
        "checks": checks_for_official(actor).exclude(status=CheckStatus.CONCLUDED)[:10],
        "clawbacks": clawbacks_for_official(actor).exclude(status=ClawbackStatus.REPAID)[:10],
        "complaints": complaints_for_official(actor).exclude(status=ComplaintStatus.ANSWERED)[:10],
    }


# --- dishonesty-list imports ---------------------------------------------------------------------


def credit_imports_for_official(actor, **filters) -> QuerySet[CreditImport]:
    """List imports in the actor's regions; `filters`: status, q (number, source, file name),
    region, date_from / date_to (uploaded on)."""
    qs = CreditImport.objects.filter(scope_q(actor, READER_ROLES)).select_related("created_by")
    return _listed(
        qs,
        texts=("number", "source", "file_name"),
        date_field="created_at__date",
        **filters,
    )


def credit_import_get(actor, pk) -> CreditImport:
    found = credit_imports_for_official(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("导入批次不存在或不在您的管辖范围内", code=Code.IMPORT_NOT_FOUND)
    return found


def credit_import_matches(imp: CreditImport):
    """The rows of an import that matched a registered party (shown to officials)."""
    return imp.listings.filter(organisation__isnull=False).select_related("organisation", "fact")


# --- provider measures and revocation ------------------------------------------------------------


def measures_for_official(actor) -> QuerySet[Measure]:
    return Measure.objects.filter(scope_q(actor, READER_ROLES)).select_related("provider")


def measures_for_provider(actor) -> QuerySet[Measure]:
    return Measure.objects.filter(provider_id__in=actor_organisation_ids(actor)).select_related(
        "provider"
    )


def measures_visible(actor, **filters) -> QuerySet[Measure]:
    """The measures of the actor's regions and those against its own organisations; `filters`:
    status, q (number, provider), region, date_from / date_to (issued on)."""
    qs = Measure.objects.filter(
        scope_q(actor, READER_ROLES) | Q(provider_id__in=actor_organisation_ids(actor))
    ).select_related("provider")
    return _listed(
        qs, names=("provider",), texts=("number",), date_field="created_at__date", **filters
    )


def provider_has_measures(actor) -> bool:
    return measures_for_provider(actor).exists()


def measure_get(actor, pk) -> Measure:
    found = (measures_for_official(actor) | measures_for_provider(actor)).filter(pk=pk).first()
    if found is None:
        raise NotFound("通报整改记录不存在或不在您的管辖范围内", code=Code.MEASURE_NOT_FOUND)
    return found


def admissions_in(provider: Organisation, family_slug: str, statuses) -> list[ProviderAdmission]:
    return list(
        ProviderAdmission.objects.filter(
            organisation=provider, family_slug=family_slug, status__in=list(statuses)
        )
    )


def revocations_for_official(actor) -> QuerySet[RevocationProposal]:
    return RevocationProposal.objects.filter(scope_q(actor, READER_ROLES)).select_related(
        "provider"
    )


def revocation_get(actor, pk) -> RevocationProposal:
    found = revocations_for_official(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("撤销入库建议不存在或不在您的管辖范围内", code=Code.MEASURE_NOT_FOUND)
    return found


# --- bulletins (Liaocheng art. 22) ---------------------------------------------------------------

ADMITTED = (AdmissionStatus.ADMITTED, AdmissionStatus.SUSPENDED)


def _counties(region_code: str) -> list[tuple[str, str]]:
    """(code, name) of the counties of a region: from the GB/T 2260 table, and any county where
    parties are registered (so a region without loaded reference data still has its counties)."""
    root = Region.objects.filter(code=region_code).first()
    found: dict[str, str] = {}
    if root is not None and root.level == RegionLevel.COUNTY:
        found[root.code] = root.full_name or root.name
    elif root is not None:
        prefix = region_code[:2] if root.level == RegionLevel.PROVINCE else region_code[:4]
        for r in Region.objects.filter(code__startswith=prefix, level=RegionLevel.COUNTY):
            found[r.code] = r.full_name or r.name
    registered = Organisation.objects.filter(region_q([region_code])).exclude(
        kind__startswith="gov"
    )
    for code in registered.values_list("region_code", flat=True).distinct():
        if code[4:] != "00" and code not in found:
            region = Region.objects.filter(code=code).first()
            found[code] = (region.full_name or region.name) if region else code
    return sorted(found.items())


def bulletin_candidates(
    *, region_code: str, family: str, period_from: dt.date, period_to: dt.date, minimum: int
) -> list[dict]:
    """Counties of the region and providers admitted under `family` whose redemptions of the
    period number fewer than `minimum` (low use), and providers with no service on show
    (closed information), each with the figure as evidence."""
    used = Redemption.objects.filter(
        family_slug=family, submitted_at__date__gte=period_from, submitted_at__date__lte=period_to
    )
    entries: list[dict] = []
    by_county = dict(
        used.values_list("region_code").annotate(n=Count("id")).values_list("region_code", "n")
    )
    for code, name in _counties(region_code):
        n = by_county.get(code, 0)
        if n < minimum:
            entries.append(
                {
                    "kind": "county",
                    "name": name,
                    "region": code,
                    "figure": n,
                    "reason": f"评价期内创新券兑付申请 {n} 笔，使用效率低",
                }
            )
    admitted = ProviderAdmission.objects.filter(
        region_q([region_code], "organisation__region_code"),
        family_slug=family,
        status__in=list(ADMITTED),
    ).select_related("organisation")
    by_provider = dict(
        used.values_list("provider_id").annotate(n=Count("id")).values_list("provider_id", "n")
    )
    open_ids = set(
        Service.objects.filter(active=True).values_list("provider_id", flat=True).distinct()
    )
    for admission in admitted.order_by("organisation__region_code", "organisation_id"):
        org = admission.organisation
        reasons = []
        n = by_provider.get(org.pk, 0)
        if n < minimum:
            reasons.append(f"评价期内提供创新券服务 {n} 笔，使用效率低")
        if org.pk not in open_ids:
            reasons.append("未按规定公开开放服务信息")
        if reasons:
            entries.append(
                {
                    "kind": "provider",
                    "name": org.name,
                    "region": org.region_code,
                    "figure": n,
                    "reason": "；".join(reasons),
                }
            )
    return entries


def bulletins_for_official(actor, **filters) -> QuerySet[Bulletin]:
    """Bulletins of the actor's regions; `filters`: status, q (number, title), region,
    date_from / date_to (drafted on)."""
    qs = Bulletin.objects.filter(scope_q(actor, READER_ROLES))
    return _listed(qs, texts=("number", "title"), date_field="created_at__date", **filters)


def bulletin_get(actor, pk) -> Bulletin:
    found = bulletins_for_official(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("通报不存在或不在您的管辖范围内", code=Code.BULLETIN_NOT_FOUND)
    return found


def bulletins_published(**filters) -> QuerySet[Bulletin]:
    """Published bulletins (public: the portal's supervision page); `filters`: q (number,
    title), region, date_from / date_to (published on)."""
    qs = Bulletin.objects.filter(status=BulletinStatus.PUBLISHED).order_by("-decided_at", "-id")
    filters.pop("status", None)
    return _listed(qs, texts=("number", "title"), date_field="decided_at__date", **filters)


def bulletin_get_public(pk) -> Bulletin:
    found = bulletins_published().filter(pk=pk).first()
    if found is None:
        raise NotFound("通报不存在或尚未发布", code=Code.BULLETIN_NOT_FOUND)
    return found


# --- staff accountability (Urumqi art. 22) -------------------------------------------------------

# Where an audit event's record can be opened (object type -> URL name taking its pk).
RECORD_URLS = {
    "supervision.sanction": "supervision:sanction",
    "supervision.spotcheck": "supervision:check",
    "supervision.clawback": "supervision:clawback",
    "supervision.complaint": "supervision:complaint",
    "supervision.creditimport": "supervision:credit_import",
    "supervision.measure": "supervision:measure",
    "supervision.bulletin": "supervision:bulletin",
    "supervision.sample": "supervision:sample",
    "redemptions.redemption": "redemptions:detail",
    "vouchers.voucher": "vouchers:detail",
    "orders.order": "orders:detail",
    "orders.servicecontract": "orders:contract",
}


def staff_actions(
    actor,
    *,
    user: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region: str = "",
) -> QuerySet[AuditEvent]:
    """Audit events of officials' own actions in the supervisor's regions (or with no region but
    done by officials of them), newest first; filtered by user name, action prefix, dates,
    region prefix."""
    regions = actor_regions_of_supervisor(actor)
    qs = AuditEvent.objects.filter(region_q(regions)).exclude(actor__isnull=True)
    if user:
        qs = qs.filter(actor_label__icontains=user.strip())
    if action:
        qs = qs.filter(action__startswith=action.strip())
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    if region := (region or "").strip():
        prefix = region_prefix(region) if is_region_code(region) else region
        qs = qs.filter(region_code__startswith=prefix)
    return qs.order_by("-at", "-id")


def actor_regions_of_supervisor(actor) -> list[str]:
    return list(actor_regions(actor, *SUPERVISOR_ROLES))


def require_staff_supervisor(actor) -> None:
    """Only supervisors (S&T reviewers) search staff actions."""
    if not actor_regions_of_supervisor(actor):
        raise PermissionDenied("只有科技管理部门的监督人员可以查询工作人员的操作记录")


def require_region_reader(actor, region_code: str) -> None:
    require_reader(actor, region_code)


def clock_today() -> dt.date:
    return clock.today()
