"""The service catalogue and the directory's search keys (pinyin initials stored on save)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.lifecycle import Lifecycle, acting_user, transition_apply, transition_record
from innovoucher.core.money import fen_to_yuan, yuan_to_fen
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES
from innovoucher.providers.models import ProviderProfile, Service, ServiceChange
from innovoucher.providers.permissions import require_provider_staff
from innovoucher.providers.states import SERVICE_TRANSITIONS, STAFF, ServiceStatus
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


MAX_NAME = 100  # characters of a service or instrument name
MAX_SHORT = 200  # characters of a fee standard, location, model number


def max_price_fen() -> int:
    """The upper bound of a published price (settings.INNOVOUCHER_MAX_PRICE_YUAN)."""
    return int(getattr(settings, "INNOVOUCHER_MAX_PRICE_YUAN", 10_000_000)) * 100


def price_fen(errors: FieldErrors, field: str, value, label: str) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        errors.add(field, f"请填写{label}（元）")
        return None
    try:
        fen = yuan_to_fen(text)
    except (ValidationFailed, ValueError, ArithmeticError, TypeError):
        errors.add(field, f"{label}应为以元为单位、最多两位小数的金额，例如 1200.00")
        return None
    if fen < 0:
        errors.add(field, f"{label}不能为负数")
        return None
    if fen > max_price_fen():
        errors.add(field, f"{label}不能超过{fen_to_yuan(max_price_fen())}元，请核对金额")
        return None
    return fen


def bounded_text(
    errors: FieldErrors, field: str, value, label: str, limit: int, *, required_=False
):
    text = (value or "").strip()
    if required_ and not text:
        errors.add(field, f"请填写{label}")
    elif len(text) > limit:
        errors.add(field, f"{label}不能超过{limit}个字（现有{len(text)}个字）")
    return text


def _service_fields(errors: FieldErrors, values: dict) -> dict:
    category = values.get("category", "")
    if category not in SERVICE_CATEGORIES:
        errors.add("category", "请选择服务类别")
    name = bounded_text(errors, "name", values.get("name"), "服务名称", MAX_NAME, required_=True)
    fen = price_fen(errors, "price", values.get("price"), "参考价格")
    try:
        days = int(str(values.get("turnaround_days") or "").strip())
        if not 1 <= days <= MAX_TURNAROUND_DAYS:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("turnaround_days", f"服务周期应为1到{MAX_TURNAROUND_DAYS}之间的天数")
        days = None
    fee = bounded_text(errors, "fee_standard", values.get("fee_standard"), "收费标准", MAX_SHORT)
    description = bounded_text(errors, "description", values.get("description"), "服务内容", 5000)
    process = bounded_text(errors, "process", values.get("process"), "服务流程", 5000)
    return {
        "category": category,
        "name": name,
        "price_fen": fen,
        "turnaround_days": days,
        "fee_standard": fee,
        "description": description,
        "process": process,
    }


SERVICE = Lifecycle(
    app="providers",
    entity="service",
    noun="服务项目",
    model=Service,
    statuses=ServiceStatus,
    table=SERVICE_TRANSITIONS,
    change_model=ServiceChange,
    change_fk="service",
    region=lambda service: service.provider.region_code,
    authorize=lambda actor, service, transition: require_provider_staff(actor, service.provider),
    reasons_field=None,
)


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
    fields = _service_fields(
        errors,
        {
            "category": category,
            "name": name,
            "price": price,
            "turnaround_days": turnaround_days,
            "description": description,
            "process": process,
            "fee_standard": fee_standard,
        },
    )
    errors.raise_if_any("服务信息有误")
    with transaction.atomic():
        now = clock.now()
        service = Service.objects.create(
            provider=provider,
            name_initials=search_initials(fields["name"])[:200],
            created_at=now,
            status=ServiceStatus.PUBLISHED,
            active=True,
            **fields,
        )
        profile_sync(provider)
        transition_record(
            SERVICE,
            actor=actor,
            obj=service,
            action="publish",
            source="",
            target=ServiceStatus.PUBLISHED,
            reasons=[],
            at=now,
            change={"data": {"after": _snapshot(service)}},
            audit_data={
                "category": category,
                "name": service.name,
                "price_fen": fields["price_fen"],
            },
        )
    return service


EDITABLE = (
    "category",
    "name",
    "price_fen",
    "turnaround_days",
    "fee_standard",
    "description",
    "process",
)


def _snapshot(service: Service) -> dict:
    return {f: getattr(service, f) for f in EDITABLE}


def service_edit(*, actor, service: Service, **values) -> Service:
    """Change a service's description or price. Orders already placed keep the price they were
    placed at (an order copies its amount); the change is kept in the service's history."""
    require_provider_staff(actor, service.provider)
    errors = FieldErrors()
    fields = _service_fields(errors, values)
    errors.raise_if_any("服务信息有误")
    before = _snapshot(service)
    changed = {f: v for f, v in fields.items() if before[f] != v}
    if not changed:
        return service
    with transaction.atomic():
        now = clock.now()
        Service.objects.filter(pk=service.pk).update(
            **changed,
            name_initials=search_initials(fields["name"])[:200],
            updated_at=now,
        )
        service.refresh_from_db()
        ServiceChange.objects.create(
            service=service,
            action="edit",
            from_status=service.status,
            to_status=service.status,
            actor=acting_user(actor),
            at=now,
            data={"before": {f: before[f] for f in changed}, "after": changed},
        )
        profile_sync(service.provider)
        audit.record(
            actor=actor,
            action="providers.service.edit",
            obj=service,
            region_code=service.provider.region_code,
            data={"before": {f: before[f] for f in changed}, "after": changed},
        )
    return service


def _move(actor, service: Service, action: str, active: bool) -> Service:
    return transition_apply(
        SERVICE,
        actor=actor,
        obj=service,
        action=action,
        by=STAFF,
        values={"active": active, "updated_at": clock.now()},
    )


def service_withdraw(*, actor, service: Service) -> Service:
    """Take a service off the catalogue: no new orders; open orders go on at their price."""
    return _move(actor, service, "withdraw", False)


def service_republish(*, actor, service: Service) -> Service:
    return _move(actor, service, "republish", True)
