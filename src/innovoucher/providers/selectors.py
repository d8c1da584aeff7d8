"""Provider reads. The directory is public (admitted providers only); admissions and bookings are
scoped to the actor: reviewers, operators and auditors in their regions, a provider's staff to
their own, experts to the admissions assigned to them. Out of scope is "not found"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from innovoucher.accounts.permissions import actor_organisation_ids, scope_q
from innovoucher.accounts.roles import PARTY_ROLES, REGISTRY_READER_ROLES
from innovoucher.core import clock
from innovoucher.core.errors import NotFound
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_family
from innovoucher.providers.models import Booking, ExpertAssignment, Instrument, ProviderAdmission, Service
from innovoucher.providers.services.catalogue import search_initials
from innovoucher.providers.states import AdmissionStatus, BookingStatus
from innovoucher.registry.models import Organisation

PAGE_SIZE = 20


def _admitted() -> QuerySet[ProviderAdmission]:
    return ProviderAdmission.objects.filter(organisation=OuterRef("pk"), status=AdmissionStatus.ADMITTED)


def provider_directory(*, q: str = "", region: str = "", kind: str = "", category: str = "", family: str = "") -> QuerySet[Organisation]:
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
            match |= Q(provider_profile__name_initials__contains=key) | Q(provider_profile__name_pinyin__contains=key)
            match |= Q(services__name_initials__contains=key, services__active=True)
        qs = qs.filter(match)
    if region:
        from innovoucher.regions.domain import is_region_code, region_prefix

        if is_region_code(region):
            qs = qs.filter(region_code__startswith=region_prefix(region))
    if kind:
        qs = qs.filter(provider_kind=kind)
    if category:
        qs = qs.filter(Exists(Service.objects.filter(provider=OuterRef("pk"), category=category, active=True)))
    return qs.distinct().order_by("region_code", "name", "id")


def provider_get_public(*, pk) -> Organisation:
    try:
        return Organisation.objects.filter(Exists(_admitted())).get(pk=int(pk))
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise NotFound("服务机构不存在或尚未入库", code="provider_not_found") from None


def admissions_of(provider: Organisation) -> list[ProviderAdmission]:
    return list(ProviderAdmission.objects.filter(organisation=provider).order_by("family_slug", "-id"))


def families_admitted(provider: Organisation) -> list[str]:
    return sorted(set(ProviderAdmission.objects.filter(organisation=provider, status=AdmissionStatus.ADMITTED).values_list("family_slug", flat=True)))


@dataclass
class Support:
    family: str
    name: str
    supported: bool


def category_support(category: str, families: list[str], on: dt.date | None = None) -> list[Support]:
    """Whether the version in force of each policy family supports `category` (computed)."""
    on = on or clock.today()
    names = dict(PolicyFamily.objects.filter(slug__in=families).values_list("slug", "name"))
    result = []
    for slug in families:
        if slug not in names:
            continue
        version = engine_family(slug).version_on(on)
        result.append(Support(slug, names[slug], bool(version and version.supports_category(category))))
    return result


@dataclass
class ServiceRow:
    service: Service
    support: list[Support]


def services_public(provider: Organisation, on: dt.date | None = None) -> list[ServiceRow]:
    families = families_admitted(provider)
    return [ServiceRow(s, category_support(s.category, families, on)) for s in Service.objects.filter(provider=provider, active=True)]


def instruments_public(provider: Organisation) -> list[Instrument]:
    return list(Instrument.objects.filter(provider=provider, active=True))


def instrument_get_public(*, pk) -> Instrument:
    try:
        inst = Instrument.objects.select_related("provider").get(pk=int(pk), active=True)
    except (Instrument.DoesNotExist, ValueError, TypeError):
        raise NotFound("仪器不存在或暂不开放预约", code="instrument_not_found") from None
    provider_get_public(pk=inst.provider_id)
    return inst


def instrument_busy(instrument: Instrument, *, start: dt.datetime, end: dt.datetime) -> list[Booking]:
    """Holding bookings in a window (the public calendar shows times, not who booked)."""
    return list(Booking.objects.filter(instrument=instrument, status__in=[BookingStatus.REQUESTED, BookingStatus.CONFIRMED],
                                       start__lt=end, end__gt=start).order_by("start"))


# ---- scoped reads ----------------------------------------------------------------------------

def _admission_scope(actor) -> Q:
    q = scope_q(actor, REGISTRY_READER_ROLES, field="organisation__region_code")
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
        return ProviderAdmission.objects.filter(_admission_scope(actor)).select_related("organisation").get(pk=int(pk))
    except (ProviderAdmission.DoesNotExist, ValueError, TypeError):
        raise NotFound("入库申请不存在或您无权查看", code="admission_not_found") from None


def expert_assignments(*, actor, admission: ProviderAdmission) -> list[ExpertAssignment]:
    """All assignments for reviewers; an expert sees only their own (scores stay independent)."""
    qs = ExpertAssignment.objects.filter(admission=admission).select_related("expert")
    from innovoucher.providers.permissions import can_review

    if can_review(actor, admission.organisation):
        return list(qs)
    return [a for a in qs if a.expert_id == getattr(actor, "pk", None)]


def provider_orgs_for_staff(*, actor) -> list[Organisation]:
    from innovoucher.providers.permissions import is_provider

    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    return [o for o in Organisation.objects.filter(pk__in=ids).order_by("id") if is_provider(o)]


def party_orgs(*, actor) -> list[Organisation]:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    return list(Organisation.objects.filter(pk__in=ids, status="approved").order_by("id"))


def bookings_for_provider(*, actor, provider: Organisation) -> list[Booking]:
    if provider.pk not in actor_organisation_ids(actor, *PARTY_ROLES):
        raise NotFound("服务机构不存在或您无权查看")
    return list(Booking.objects.filter(instrument__provider=provider).select_related("instrument", "organisation").order_by("-start"))


def bookings_for_party(*, actor) -> list[Booking]:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    return list(Booking.objects.filter(organisation_id__in=ids).select_related("instrument", "instrument__provider").order_by("-start"))


def booking_get(*, actor, pk) -> Booking:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    qs = Booking.objects.filter(Q(organisation_id__in=ids) | Q(instrument__provider_id__in=ids)).select_related("instrument__provider", "organisation")
    try:
        return qs.get(pk=int(pk))
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise NotFound("预约不存在或您无权查看", code="booking_not_found") from None


def service_get_for_staff(*, actor, pk) -> Service:
    ids = actor_organisation_ids(actor, *PARTY_ROLES)
    try:
        return Service.objects.select_related("provider").get(pk=int(pk), provider_id__in=ids)
    except (Service.DoesNotExist, ValueError, TypeError):
        raise NotFound("服务不存在或您无权查看") from None


__all__ = ["search_initials"]
