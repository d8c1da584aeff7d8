"""Provider reads. The directory is public (admitted providers only); admissions and bookings are
scoped to the actor: reviewers, operators and auditors in their regions, a provider's staff to
their own, experts to the admissions assigned to them. Out of scope is "not found"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.permissions import actor_organisation_ids, actor_regions, scope_q, within
from innovoucher.accounts.roles import PARTY_ROLES, REGISTRY_READER_ROLES, Role
from innovoucher.core import clock
from innovoucher.core.errors import NotFound
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_family
from innovoucher.providers.domain import Slot, week_grid, week_start
from innovoucher.providers.models import (
    Booking,
    ExpertAssignment,
    Instrument,
    ProviderAdmission,
    ProviderRecognition,
    Service,
)
from innovoucher.providers.permissions import RECOGNITION_OFFICIALS, can_review_admission
from innovoucher.providers.services.catalogue import search_initials
from innovoucher.providers.states import AdmissionStatus, BookingStatus, RecognitionStatus
from innovoucher.registry.models import Organisation

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
    or full pinyin, or a service name; `region` is a region code prefix (a province contains its cities)."""
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
            match |= Q(provider_profile__name_initials__contains=key) | Q(
                provider_profile__name_pinyin__contains=key
            )
            match |= Q(services__name_initials__contains=key, services__active=True)
        qs = qs.filter(match)
    if region:
        from innovoucher.regions.domain import is_region_code, region_prefix

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
        raise NotFound("服务机构不存在或尚未入库", code="provider_not_found") from None


def admissions_of(provider: Organisation) -> list[ProviderAdmission]:
    return list(
        ProviderAdmission.objects.filter(organisation=provider).order_by("family_slug", "-id")
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
        raise NotFound("仪器不存在或暂不开放预约", code="instrument_not_found") from None
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
        raise NotFound("入库申请不存在或您无权查看", code="admission_not_found") from None


def expert_assignments(*, actor, admission: ProviderAdmission) -> list[ExpertAssignment]:
    """All assignments for reviewers; an expert sees only their own (scores stay independent)."""
    qs = ExpertAssignment.objects.filter(admission=admission).select_related("expert")
    if can_review_admission(actor, admission):
        return list(qs)
    return [a for a in qs if a.expert_id == getattr(actor, "pk", None)]


def experts_for_admission(*, actor, admission: ProviderAdmission) -> list:
    """Experts the reviewer may assign: an expert role whose region covers the provider's region
    or the policy's region (the reviewer themself excluded)."""
    from innovoucher.providers.services.admission import expert_regions

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
    from innovoucher.providers.permissions import is_provider

    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    return [o for o in Organisation.objects.filter(pk__in=ids).order_by("id") if is_provider(o)]


def party_orgs(*, actor) -> list[Organisation]:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    return list(Organisation.objects.filter(pk__in=ids, status="approved").order_by("id"))


def bookings_for_provider(*, actor, provider: Organisation, status: str = "") -> QuerySet[Booking]:
    if provider.pk not in actor_organisation_ids(actor, *PARTY_ROLES):
        raise NotFound("服务机构不存在或您无权查看")
    qs = Booking.objects.filter(instrument__provider=provider).select_related(
        "instrument", "organisation"
    )
    if status:
        qs = qs.filter(status=status)
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


def bookings_for_party(*, actor) -> list[Booking]:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    return list(
        Booking.objects.filter(organisation_id__in=ids)
        .select_related("instrument", "instrument__provider")
        .order_by("-start")
    )


def booking_get(*, actor, pk) -> Booking:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    qs = Booking.objects.filter(
        Q(organisation_id__in=ids) | Q(instrument__provider_id__in=ids)
    ).select_related("instrument__provider", "organisation")
    try:
        return qs.get(pk=int(pk))
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise NotFound("预约不存在或您无权查看", code="booking_not_found") from None


def booking_side(*, actor, booking: Booking) -> bool:
    """True when the actor acts for the instrument's provider (False: for the booking organisation)."""
    return booking.instrument.provider_id in actor_organisation_ids(actor, *PARTY_ROLES)


@dataclass
class WeekView:
    instrument: Instrument
    monday: dt.date
    days: list[dt.date]
    rows: list[list[Slot]]
    previous: dt.date
    next: dt.date
    hours: tuple[int, int]


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
    rows = week_grid(monday, busy, now, hours=CALENDAR_HOURS)
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


def recognition_list_for_actor(*, actor, status: str = "") -> QuerySet[ProviderRecognition]:
    qs = ProviderRecognition.objects.filter(_recognition_scope(actor)).select_related(
        "organisation"
    )
    if status:
        qs = qs.filter(status=status)
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
        raise NotFound("区外认定不存在或您无权查看", code="recognition_not_found") from None


def can_decide_recognition(*, actor, recognition: ProviderRecognition) -> bool:
    return recognition.family_slug in _policy_slugs_in(actor)


def service_get_for_staff(*, actor, pk) -> Service:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    try:
        return Service.objects.select_related("provider").get(pk=int(pk), provider_id__in=ids)
    except (Service.DoesNotExist, ValueError, TypeError):
        raise NotFound("服务不存在或您无权查看") from None


__all__ = ["search_initials"]
