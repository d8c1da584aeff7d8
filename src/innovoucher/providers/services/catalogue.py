"""The service catalogue and the directory's search keys (pinyin initials stored on save)."""

from __future__ import annotations

from django.db import transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.money import yuan_to_fen
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES
from innovoucher.providers.models import ProviderProfile, Service
from innovoucher.providers.permissions import require_provider_staff
from innovoucher.registry.models import Organisation
from innovoucher.registry.search import search_initials, search_pinyin
from innovoucher.registry.validation import FieldErrors

MAX_TURNAROUND_DAYS = 3650


def profile_sync(organisation: Organisation, intro: str | None = None) -> ProviderProfile:
    """Store the directory search keys of a provider (called by the services that change it).
    Registry never imports providers: a registry change of a provider's name reaches here through
    whatever hook the registry offers, never through an import from registry."""
    profile = ProviderProfile.objects.filter(organisation=organisation).first() or ProviderProfile(
        organisation=organisation
    )
    profile.name_initials = search_initials(organisation.name)[:200]
    profile.name_pinyin = search_pinyin(organisation.name)[:800]
    if intro is not None:
        profile.intro = intro.strip()
    profile.updated_at = clock.now()
    profile.save()
    return profile


def price_fen(errors: FieldErrors, field: str, value, label: str) -> int | None:
    try:
        fen = yuan_to_fen(str(value).strip())
    except (ValidationFailed, ValueError, ArithmeticError, TypeError):
        errors.add(field, f"{label}应为以元为单位、最多两位小数的金额，例如 1200.00")
        return None
    if fen < 0:
        errors.add(field, f"{label}不能为负数")
        return None
    return fen


def service_publish(
    *,
    actor,
    provider: Organisation,
    category: str,
    name: str,
    price: str,
    turnaround_days,
    description: str = "",
    process: str = "",
    fee_standard: str = "",
) -> Service:
    """Publish a service of the provider's catalogue. Whether a policy supports it is computed
    from the policy in force (see selectors.service_support), never stored."""
    require_provider_staff(actor, provider)
    errors = FieldErrors()
    if category not in SERVICE_CATEGORIES:
        errors.add("category", "请选择服务类别")
    if not (name or "").strip():
        errors.add("name", "请填写服务名称")
    fen = price_fen(errors, "price", price, "参考价格")
    try:
        days = int(turnaround_days)
        if not 1 <= days <= MAX_TURNAROUND_DAYS:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("turnaround_days", f"服务周期应为1到{MAX_TURNAROUND_DAYS}之间的天数")
        days = None
    errors.raise_if_any("服务信息有误")
    with transaction.atomic():
        service = Service.objects.create(
            provider=provider,
            category=category,
            name=name.strip()[:200],
            description=(description or "").strip(),
            process=(process or "").strip(),
            fee_standard=(fee_standard or "").strip()[:300],
            price_fen=fen,
            turnaround_days=days,
            name_initials=search_initials(name.strip())[:200],
            created_at=clock.now(),
        )
        profile_sync(provider)
        audit.record(
            actor=actor,
            action="providers.service.publish",
            obj=service,
            region_code=provider.region_code,
            data={"category": category, "name": service.name, "price_fen": fen},
        )
    return service


def service_withdraw(*, actor, service: Service) -> Service:
    require_provider_staff(actor, service.provider)
    with transaction.atomic():
        Service.objects.filter(pk=service.pk).update(active=False)
        audit.record(
            actor=actor,
            action="providers.service.withdraw",
            obj=service,
            region_code=service.provider.region_code,
        )
    service.refresh_from_db()
    return service
