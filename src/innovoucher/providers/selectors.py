"""Provider reads. The directory is public (admitted providers only); admissions and bookings are
scoped to the actor: reviewers, operators and auditors in their regions, a provider's staff to
their own, experts to the admissions assigned to them. Out of scope is "not found"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.permissions import actor_organisation_ids, actor_regions, scope_q, within
from innovoucher.accounts.roles import PARTY_ROLES, REGISTRY_READER_ROLES, Role
from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import NotFound
from innovoucher.core.listing import date_range_q
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_family
from innovoucher.providers.codes import Code
from innovoucher.providers.domain import (
    OpeningCalendar,
    Slot,
    admit_wait,
    week_grid,
    week_start,
)
from innovoucher.providers.models import (
    AdmissionCertificate,
    Booking,
    ExpertAssignment,
    Instrument,
    ProviderAdmission,
    ProviderRecognition,
    Service,
)
from innovoucher.providers.permissions import (
    RECOGNITION_OFFICIALS,
    booking_provider_side,
    can_confirm_recognition,
    can_initial_review_admission,
    can_review_admission,
    is_provider,
    recognition_policy_region,
)
from innovoucher.providers.states import (
    ACTIVE_STATUSES,
    ADMISSION_ACTION_LABELS,
    COUNTY,
    OFFICIAL,
    PROVIDER,
    RECOGNITION_ACTION_LABELS,
    REVIEWER,
    SERVICE_ACTION_LABELS,
    AdmissionStatus,
    BookingStatus,
    RecognitionStatus,
    actions_from,
    booking_actions_from,
    recognition_actions_from,
)
from innovoucher.regions.domain import is_region_code, region_prefix, region_within
from innovoucher.registry.models import Organisation
from innovoucher.registry.selectors import name_q
from innovoucher.workdays.services import work_calendar

PAGE_SIZE = 20
CALENDAR_HOURS = (8, 20)  # the weekly calendar shows 08:00–20:00 in hourly slots


def _admitted() -> QuerySet[ProviderAdmission]:
    return ProviderAdmission.objects.filter(
        organisation=OuterRef("pk"), status=AdmissionStatus.ADMITTED
    )


def provider_directory(
    *, q: str = "", region: str = "", kind: str = "", category: str = "", family: str = ""
) -> QuerySet[Organisation]:
    """Admitted providers (public). `q` matches the name (Chinese substring), its pinyin initials
    or full pinyin, or a service name; `region` is a region code prefix (a province contains its
    cities)."""
    admitted = _admitted()
    if family:
        admitted = admitted.filter(family_slug=family)
    qs = Organisation.objects.filter(Exists(admitted)).select_related("provider_profile")
    q = (q or "").strip()
    if q:
        low = q.lower()
        match = Q(name__icontains=q) | Q(services__name__icontains=q, services__active=True)
        if low.isascii() and low.replace(" ", "").isalnum():
            key = low.replace(" ", "")
            # The name's keys live on the organisation (registry keeps them with the name, ADR
            # 0013).
            match |= Q(name_initials__contains=key) | Q(name_pinyin__contains=key)
            match |= Q(services__name_initials__contains=key, services__active=True)
        qs = qs.filter(match)
    if region:
        if is_region_code(region):
            qs = qs.filter(region_code__startswith=region_prefix(region))
    if kind:
        qs = qs.filter(provider_kind=kind)
    if category:
        qs = qs.filter(
            Exists(Service.objects.filter(provider=OuterRef("pk"), category=category, active=True))
        )
    return qs.distinct().order_by("region_code", "name", "id")


def provider_get_public(*, pk) -> Organisation:
    try:
        return Organisation.objects.filter(Exists(_admitted())).get(pk=int(pk))
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise NotFound("服务机构不存在或尚未入库", code=Code.PROVIDER_NOT_FOUND) from None


def admissions_of(provider: Organisation) -> list[ProviderAdmission]:
    return list(
        ProviderAdmission.objects.filter(organisation=provider).order_by("family_slug", "-id")
    )


def admissions_admitted(provider: Organisation) -> list[ProviderAdmission]:
    """The provider's admissions in force (the public page lists them)."""
    return [a for a in admissions_of(provider) if a.status == AdmissionStatus.ADMITTED]


def active_admissions(organisation: Organisation) -> QuerySet[ProviderAdmission]:
    return ProviderAdmission.objects.filter(
        organisation=organisation, status__in=list(ACTIVE_STATUSES)
    )


def recognition_in_force(
    organisation: Organisation, family: str, on: dt.date
) -> ProviderRecognition | None:
    return (
        ProviderRecognition.objects.filter(
            organisation=organisation,
            family_slug=family,
            status=RecognitionStatus.CONFIRMED,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .order_by("-valid_until", "-id")
        .first()
    )


def families_admitted(provider: Organisation) -> list[str]:
    return sorted(
        set(
            ProviderAdmission.objects.filter(
                organisation=provider, status=AdmissionStatus.ADMITTED
            ).values_list("family_slug", flat=True)
        )
    )


@dataclass
class Support:
    family: str
    name: str
    supported: bool


def category_support(
    category: str, families: list[str], on: dt.date | None = None
) -> list[Support]:
    """Whether the version in force of each policy family supports `category` (computed)."""
    on = on or clock.today()
    names = dict(PolicyFamily.objects.filter(slug__in=families).values_list("slug", "name"))
    result = []
    for slug in families:
        if slug not in names:
            continue
        version = engine_family(slug).version_on(on)
        result.append(
            Support(slug, names[slug], bool(version and version.supports_category(category)))
        )
    return result


@dataclass
class ServiceRow:
    service: Service
    support: list[Support]


def services_public(provider: Organisation, on: dt.date | None = None) -> list[ServiceRow]:
    families = families_admitted(provider)
    return [
        ServiceRow(s, category_support(s.category, families, on))
        for s in Service.objects.filter(provider=provider, active=True)
    ]


def instruments_public(provider: Organisation) -> list[Instrument]:
    return list(Instrument.objects.filter(provider=provider, active=True))


def instrument_get_public(*, pk) -> Instrument:
    try:
        inst = Instrument.objects.select_related("provider").get(pk=int(pk), active=True)
    except (Instrument.DoesNotExist, ValueError, TypeError):
        raise NotFound("仪器不存在或暂不开放预约", code=Code.INSTRUMENT_NOT_FOUND) from None
    provider_get_public(pk=inst.provider_id)
    return inst


def instrument_busy(
    instrument: Instrument, *, start: dt.datetime, end: dt.datetime
) -> list[Booking]:
    """Holding bookings in a window (the public calendar shows times, not who booked)."""
    return list(
        Booking.objects.filter(
            instrument=instrument,
            status__in=[BookingStatus.REQUESTED, BookingStatus.CONFIRMED],
            start__lt=end,
            end__gt=start,
        ).order_by("start")
    )


# ---- scoped reads ----------------------------------------------------------------------------


def _admission_scope(actor) -> Q:
    q = scope_q(actor, REGISTRY_READER_ROLES, field="organisation__region_code")
    q |= scope_q(actor, REGISTRY_READER_ROLES, field="review_region_code") & ~Q(
        review_region_code=""
    )
    own = actor_organisation_ids(actor, *PARTY_ROLES)
    if own:
        q |= Q(organisation_id__in=own)
    if getattr(actor, "is_authenticated", False):
        q |= Q(Exists(ExpertAssignment.objects.filter(admission=OuterRef("pk"), expert=actor)))
    return q


def admission_list_for_actor(*, actor, status: str = "") -> QuerySet[ProviderAdmission]:
    qs = ProviderAdmission.objects.filter(_admission_scope(actor)).select_related("organisation")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def admission_get(*, actor, pk) -> ProviderAdmission:
    try:
        return (
            ProviderAdmission.objects.filter(_admission_scope(actor))
            .select_related("organisation")
            .get(pk=int(pk))
        )
    except (ProviderAdmission.DoesNotExist, ValueError, TypeError):
        raise NotFound("入库申请不存在或您无权查看", code=Code.ADMISSION_NOT_FOUND) from None


def expert_assignments(*, actor, admission: ProviderAdmission) -> list[ExpertAssignment]:
    """All assignments for reviewers; an expert sees only their own (scores stay independent)."""
    qs = ExpertAssignment.objects.filter(admission=admission).select_related("expert")
    if can_review_admission(actor, admission):
        return list(qs)
    return [a for a in qs if a.expert_id == getattr(actor, "pk", None)]


def expert_regions(admission: ProviderAdmission) -> tuple[str, str]:
    """(provider's region, policy's region): an expert whose role region covers either may score."""
    policy_region = (
        PolicyFamily.objects.filter(slug=admission.family_slug)
        .values_list("region_code", flat=True)
        .first()
        or ""
    )
    return admission.organisation.region_code, policy_region or admission.organisation.region_code


def experts_for_admission(*, actor, admission: ProviderAdmission) -> list:
    """Experts the reviewer may assign: an expert role whose region covers the provider's region
    or the policy's region (the reviewer themself excluded)."""
    regions = expert_regions(admission)
    rows = (
        RoleAssignment.objects.filter(role=Role.EXPERT, active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    seen, result = set(), []
    for a in rows:
        if a.user_id in seen or a.user_id == getattr(actor, "pk", None):
            continue
        if any(within(r, a.region_code) for r in regions):
            seen.add(a.user_id)
            result.append(a.user)
    return result


def provider_orgs_for_staff(*, actor) -> list[Organisation]:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    return [o for o in Organisation.objects.filter(pk__in=ids).order_by("id") if is_provider(o)]


def staff_provider_find(*, actor, pk) -> Organisation | None:
    """The provider with id `pk` if the actor works for it (None otherwise)."""
    return next((o for o in provider_orgs_for_staff(actor=actor) if str(o.pk) == str(pk)), None)


def party_org_find(*, actor, pk) -> Organisation | None:
    """The approved organisation with id `pk` if the actor acts for it (None otherwise)."""
    return next((o for o in party_orgs(actor=actor) if str(o.pk) == str(pk)), None)


def party_orgs(*, actor) -> list[Organisation]:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    return list(Organisation.objects.filter(pk__in=ids, status="approved").order_by("id"))


def _booking_filtered(
    qs: QuerySet[Booking], *, status: str, q: str, path: str, start, end
) -> QuerySet[Booking]:
    if status:
        qs = qs.filter(status=status)
    if q := (q or "").strip():
        qs = qs.filter(name_q(q, path) | Q(instrument__name__icontains=q))
    return qs.filter(date_range_q("start__date", start, end))


def bookings_for_provider(
    *,
    actor,
    provider: Organisation,
    status: str = "",
    q: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Booking]:
    """The bookings of a provider's instruments, latest slot first; `q` finds the booking
    organisation (Chinese or pinyin) or the instrument, `start`/`end` bound the slot's day."""
    if provider.pk not in actor_organisation_ids(actor, *PARTY_ROLES):
        raise NotFound("服务机构不存在或您无权查看", code=Code.PROVIDER_NOT_FOUND)
    qs = Booking.objects.filter(instrument__provider=provider).select_related(
        "instrument", "organisation"
    )
    qs = _booking_filtered(qs, status=status, q=q, path="organisation", start=start, end=end)
    return qs.order_by("-start", "-id")


def bookings_waiting_for_staff(*, actor) -> QuerySet[Booking]:
    """Bookings of the actor's provider organisations that wait on them: to confirm (requested)
    or to record as completed (confirmed and ended)."""
    ids = [o.pk for o in provider_orgs_for_staff(actor=actor)]
    ended = Q(status=BookingStatus.CONFIRMED, end__lte=clock.now())
    return (
        Booking.objects.filter(instrument__provider_id__in=ids)
        .filter(Q(status=BookingStatus.REQUESTED) | ended)
        .select_related("instrument", "organisation")
        .order_by("start", "id")
    )


def booking_rows_for_party(
    *,
    actor,
    status: str = "",
    q: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Booking]:
    """The bookings of the organisations the actor acts for, latest slot first; `q` finds the
    provider (Chinese or pinyin) or the instrument."""
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    qs = Booking.objects.filter(organisation_id__in=ids).select_related(
        "instrument", "instrument__provider"
    )
    qs = _booking_filtered(
        qs, status=status, q=q, path="instrument__provider", start=start, end=end
    )
    return qs.order_by("-start", "-id")


def bookings_for_party(*, actor) -> list[Booking]:
    return list(booking_rows_for_party(actor=actor))


def booking_get(*, actor, pk) -> Booking:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    qs = Booking.objects.filter(
        Q(organisation_id__in=ids) | Q(instrument__provider_id__in=ids)
    ).select_related("instrument__provider", "organisation")
    try:
        return qs.get(pk=int(pk))
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise NotFound("预约不存在或您无权查看", code=CoreCode.BOOKING_NOT_FOUND) from None


def booking_side(*, actor, booking: Booking) -> bool:
    """True when the actor acts for the instrument's provider (False: for the booking
    organisation)."""
    return booking_provider_side(actor, booking)


def booking_actions_for(*, actor, booking: Booking) -> list:
    """The booking actions open to the actor on its side (provider staff, or the booker)."""
    return booking_actions_from(
        booking.status, provider_side=booking_side(actor=actor, booking=booking)
    )


@dataclass
class WeekView:
    instrument: Instrument
    monday: dt.date
    days: list[dt.date]
    rows: list[list[Slot]]
    previous: dt.date
    next: dt.date
    hours: tuple[int, int]


def instrument_opening(instrument: Instrument) -> OpeningCalendar:
    """The instrument's opening hours with the national working-day calendar (holidays, 调休)."""
    calendar = work_calendar()
    return OpeningCalendar(
        hours=dict(instrument.opening_hours or {}),
        follows_workdays=instrument.follows_workdays,
        holidays=calendar.holidays,
        workdays=calendar.workdays,
    )


def instrument_week(instrument: Instrument, *, week_of: dt.date | None = None) -> WeekView:
    """The instrument's week (Monday to Sunday) as a grid of hourly slots: busy (a holding
    booking overlaps), past, or free to book."""
    monday = week_start(week_of or clock.today())
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time()))
    end = start + dt.timedelta(days=7)
    busy = [
        (
            timezone.localtime(b.start).replace(tzinfo=None),
            timezone.localtime(b.end).replace(tzinfo=None),
        )
        for b in instrument_busy(instrument, start=start, end=end)
    ]
    now = timezone.localtime(clock.now()).replace(tzinfo=None)
    rows = week_grid(
        monday, busy, now, hours=CALENDAR_HOURS, opening=instrument_opening(instrument)
    )
    return WeekView(
        instrument,
        monday,
        [monday + dt.timedelta(days=i) for i in range(7)],
        rows,
        monday - dt.timedelta(days=7),
        monday + dt.timedelta(days=7),
        CALENDAR_HOURS,
    )


# ---- out-of-region recognitions ------------------------------------------------------------


def _policy_slugs_in(actor) -> list[str]:
    """Policies whose region lies where the actor confirms recognitions."""
    scopes = actor_regions(actor, *RECOGNITION_OFFICIALS)
    return [
        slug
        for slug, region in PolicyFamily.objects.values_list("slug", "region_code")
        if any(within(region, s) for s in scopes)
    ]


def _recognition_scope(actor) -> Q:
    q = Q(family_slug__in=_policy_slugs_in(actor))
    own = actor_organisation_ids(actor, *PARTY_ROLES)
    if own:
        q |= Q(organisation_id__in=own)
    return q | scope_q(actor, REGISTRY_READER_ROLES, field="organisation__region_code")


def recognition_list_for_actor(
    *, actor, status: str = "", family: str = "", q: str = ""
) -> QuerySet[ProviderRecognition]:
    """Recognitions the actor files or confirms; `q` finds the provider (Chinese or pinyin),
    the recognising body or the document number."""
    qs = ProviderRecognition.objects.filter(_recognition_scope(actor)).select_related(
        "organisation"
    )
    if status:
        qs = qs.filter(status=status)
    if family:
        qs = qs.filter(family_slug=family)
    if q := (q or "").strip():
        qs = qs.filter(
            name_q(q, "organisation")
            | Q(recognising_body__icontains=q)
            | Q(document_no__icontains=q)
        )
    return qs.order_by("-id")


def recognition_list_for_official(
    *, actor, status: str = RecognitionStatus.SUBMITTED
) -> QuerySet[ProviderRecognition]:
    """Recognitions of the policies of the actor's region waiting for (or past) their decision."""
    qs = ProviderRecognition.objects.filter(family_slug__in=_policy_slugs_in(actor)).select_related(
        "organisation"
    )
    return qs.filter(status=status).order_by("filed_at", "id") if status else qs.order_by("-id")


def recognition_get(*, actor, pk) -> ProviderRecognition:
    try:
        return (
            ProviderRecognition.objects.filter(_recognition_scope(actor))
            .select_related("organisation")
            .get(pk=int(pk))
        )
    except (ProviderRecognition.DoesNotExist, ValueError, TypeError):
        raise NotFound("区外认定不存在或您无权查看", code=Code.RECOGNITION_NOT_FOUND) from None


def can_decide_recognition(*, actor, recognition: ProviderRecognition) -> bool:
    return can_confirm_recognition(actor, recognition_policy_region(recognition))


def recognition_actions_for(*, actor, recognition: ProviderRecognition) -> list:
    """The recognition actions open to the actor: an official's decisions, the provider's
    withdrawal."""
    kinds = []
    if can_decide_recognition(actor=actor, recognition=recognition):
        kinds.append(OFFICIAL)
    if recognition.organisation in provider_orgs_for_staff(actor=actor):
        kinds.append(PROVIDER)
    return recognition_actions_from(recognition.status, tuple(kinds)) if kinds else []


def recognition_history(recognition: ProviderRecognition) -> list[tuple]:
    """(change row, Chinese label of its action), oldest first."""
    return [
        (c, RECOGNITION_ACTION_LABELS.get(c.action, c.action))
        for c in recognition.changes.select_related("actor")
    ]


# ---- the admission page ----------------------------------------------------------------------


def admission_history(admission: ProviderAdmission) -> list[tuple]:
    """(change row, Chinese label of its action), oldest first."""
    return [
        (c, ADMISSION_ACTION_LABELS.get(c.action, c.action))
        for c in admission.changes.select_related("actor")
    ]


def admission_actions_for(*, actor, admission: ProviderAdmission) -> list:
    """The admission steps the actor may take now (initial review for its county, the later
    steps for a reviewer of its region; 入库 only once the publicity period is over — the same
    rule the service applies, `domain.admit_wait`)."""
    initial = can_initial_review_admission(actor, admission)
    reviewer = can_review_admission(actor, admission)
    today = clock.today()
    return [
        t
        for t in actions_from(admission.status)
        if ((t.by == COUNTY and initial) or (t.by == REVIEWER and reviewer))
        and not (t.action == "admit" and admit_wait(admission.publicity_ends_on, today))
    ]


@dataclass
class AdmissionPage:
    history: list[tuple]
    assignments: list[ExpertAssignment]
    actions: list
    experts_to_assign: list
    my_assignment: ExpertAssignment | None
    reviewer: bool


def admission_page(*, actor, admission: ProviderAdmission) -> AdmissionPage:
    """What the admission page shows the actor: history, expert scores (an expert sees only their
    own), the steps open to them, the experts they may still assign, their own open assignment."""
    reviewer = can_review_admission(actor, admission)
    assignments = expert_assignments(actor=actor, admission=admission)
    assigned = {a.expert_id for a in assignments}
    eligible = (
        experts_for_admission(actor=actor, admission=admission)
        if reviewer and admission.status == AdmissionStatus.EXPERT_REVIEW
        else []
    )
    mine = next((a for a in assignments if a.expert_id == actor.pk and a.conflict is None), None)
    return AdmissionPage(
        history=admission_history(admission),
        assignments=assignments,
        actions=admission_actions_for(actor=actor, admission=admission),
        experts_to_assign=[e for e in eligible if e.pk not in assigned],
        my_assignment=mine,
        reviewer=reviewer,
    )


def experts_by_ids(ids) -> list:
    """Users chosen as experts by id (whether each may score is the service's check)."""
    wanted = {int(i) for i in ids if str(i).isdigit()}
    return list(get_user_model().objects.filter(pk__in=wanted))


# ---- the provider workspace ------------------------------------------------------------------


@dataclass
class ProviderDesk:
    org: Organisation
    admissions: list[ProviderAdmission]
    services: list[Service]
    instruments: list[Instrument]
    bookings: list[Booking]


def provider_desks(*, actor) -> list[ProviderDesk]:
    """For each provider the actor works for: its admissions, catalogue, instruments and the
    bookings that wait on its staff."""
    own = provider_orgs_for_staff(actor=actor)
    waiting = list(bookings_waiting_for_staff(actor=actor)[:50])
    return [
        ProviderDesk(
            org=org,
            admissions=admissions_of(org),
            services=list(
                Service.objects.filter(provider=org).order_by("-active", "category", "id")
            ),
            instruments=list(Instrument.objects.filter(provider=org)),
            bookings=[b for b in waiting if b.instrument.provider_id == org.pk],
        )
        for org in own
    ]


def bookings_for_staff_or_party(*, actor, status: str = "") -> list[Booking]:
    """The API's booking list: a provider's staff see the bookings of their providers'
    instruments; anyone else the bookings of the organisations they act for."""
    own = provider_orgs_for_staff(actor=actor)
    if own:
        rows: list[Booking] = []
        for org in own:
            rows.extend(bookings_for_provider(actor=actor, provider=org, status=status))
        return rows
    return [b for b in bookings_for_party(actor=actor) if not status or b.status == status]


# ---- the provider's own catalogue -------------------------------------------------------------


def default_family_for(org: Organisation, families) -> str:
    """The policy an admission form starts on: the one of the provider's own region (the most
    local first), else the first listed."""
    mine = [f for f in families if f.region_code and region_within(org.region_code, f.region_code)]
    mine.sort(key=lambda f: -len(region_prefix(f.region_code)))
    chosen = mine[0] if mine else (families[0] if families else None)
    return chosen.slug if chosen else ""


def service_for_staff(*, actor, pk) -> Service:
    """A service of a provider the actor works for (published or withdrawn)."""
    ids = [o.pk for o in provider_orgs_for_staff(actor=actor)]
    try:
        return Service.objects.select_related("provider").get(pk=int(pk), provider_id__in=ids)
    except (Service.DoesNotExist, ValueError, TypeError):
        raise NotFound("服务不存在或您无权修改", code=Code.OWN_SERVICE_NOT_FOUND) from None


def service_history(service: Service) -> list[tuple]:
    """(change, label, [(field label, before, after, is money)]) of a service, oldest first."""
    labels = {f.name: f.verbose_name for f in Service._meta.fields}
    rows = []
    for c in service.changes.select_related("actor").order_by("id"):
        before, after = c.data.get("before") or {}, c.data.get("after") or {}
        diff = [
            (labels.get(k, k), before.get(k), v, k.endswith("_fen"))
            for k, v in after.items()
            if c.action == "edit"
        ]
        rows.append((c, SERVICE_ACTION_LABELS.get(c.action, c.action), diff))
    return rows


def service_open_orders(service: Service) -> int:
    """Orders of the service not yet settled or cancelled (they keep their price)."""
    return service.orders.exclude(status__in=("settled", "cancelled")).count()


def instrument_for_staff(*, actor, pk) -> Instrument:
    ids = [o.pk for o in provider_orgs_for_staff(actor=actor)]
    try:
        return Instrument.objects.select_related("provider").get(pk=int(pk), provider_id__in=ids)
    except (Instrument.DoesNotExist, ValueError, TypeError):
        raise NotFound("仪器不存在或您无权修改", code=Code.INSTRUMENT_NOT_FOUND) from None


def admission_certificates(admission: ProviderAdmission) -> list[AdmissionCertificate]:
    return list(admission.certificates.all())


def admission_certificate_get(admission: ProviderAdmission, pk) -> AdmissionCertificate:
    try:
        return admission.certificates.get(pk=int(pk))
    except (AdmissionCertificate.DoesNotExist, ValueError, TypeError):
        raise NotFound("资质证书不存在", code=Code.ADMISSION_NOT_FOUND) from None


def booking_order_id(booking: Booking) -> int | None:
    """The order made from a completed booking, if any (orders holds the link)."""
    order = getattr(booking, "order", None) if hasattr(booking, "order") else None
    return order.pk if order is not None else None


def admission_certificates_open(*, actor, admission: ProviderAdmission) -> bool:
    """The provider's staff may still add certificates (before the county's confirmation)."""
    return admission.status == AdmissionStatus.APPLIED and admission.organisation_id in {
        o.pk for o in provider_orgs_for_staff(actor=actor)
    }
