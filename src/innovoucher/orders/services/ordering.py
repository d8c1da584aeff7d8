"""Orders: placing (from a published service or a completed instrument booking), the provider's
acceptance and delivery, the client's settlement with one-click deduction, cancellation.

Where the pinned policy deducts at checkout (`always`, or `in_region` with a provider inside the
region) the client picks a voucher when ordering and the order holds the estimated deduction; at
settlement the engine computes the deduction again and the hold becomes the voucher's use. The
provider has no action to refuse it. Elsewhere the client pays in full and claims afterwards.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.money import MoneyError, fen_to_yuan, yuan_to_fen
from innovoucher.notifications.services import notify_organisation
from innovoucher.orders.codes import Code
from innovoucher.orders.models import Order, OrderChange
from innovoucher.orders.selectors import rating_due_on
from innovoucher.orders.services import deduction as deductions
from innovoucher.orders.services.transition import apply_order_transition
from innovoucher.orders.states import CLIENT, PROVIDER, OrderStatus
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES
from innovoucher.providers.states import BookingStatus
from innovoucher.registry.fitness import refuse_if_banned  # supervision hook
from innovoucher.registry.models import OFFICIAL_KINDS
from innovoucher.registry.permissions import acts_for
from innovoucher.registry.states import RegistrationStatus
from innovoucher.registry.validation import FieldErrors
from innovoucher.vouchers import services as vouchers
from innovoucher.vouchers.domain import voucher_number
from innovoucher.vouchers.models import Voucher
from innovoucher.vouchers.policy import cn_date, pinned_version
from innovoucher.vouchers.states import SPENDABLE

MAX_SUBJECT = 200


def order_url(order: Order) -> str:
    return reverse("orders:detail", args=[order.pk])


def parse_amount(errors: FieldErrors, field: str, value, label: str) -> int | None:
    if value is None or str(value).strip() == "":
        errors.add(field, f"请填写{label}（元）")
        return None
    try:
        fen = yuan_to_fen(value)
    except MoneyError as exc:
        errors.add(field, f"{label}：{exc}")
        return None
    if fen <= 0:
        errors.add(field, f"{label}须大于0")
        return None
    return fen


def _basis(errors: FieldErrors, client, service, booking, category: str):
    """(provider, category, default amount in fen, default subject) of what is ordered."""
    if (service is None) == (booking is None):
        errors.add("service", "请选择一项服务，或选择一次已完成的仪器预约")
        return None, category, None, ""
    if service is not None:
        if not service.active:
            errors.add("service", "该服务已下架，不能下单")
        return service.provider, service.category, service.price_fen, service.name
    if booking.status != BookingStatus.COMPLETED:
        errors.add("booking", "仪器预约完成后才能据此生成订单")
    if booking.organisation_id != client.pk:
        errors.add("booking", "只能用本单位的仪器预约生成订单")
    category = category or "testing"
    if category not in SERVICE_CATEGORIES:
        errors.add("category", "请选择服务类别")
    return (
        booking.instrument.provider,
        category,
        booking.billed_fen,
        f"仪器机时：{booking.instrument.name}",
    )


def _check_parties(client, provider) -> None:
    if client.kind in OFFICIAL_KINDS or client.status != RegistrationStatus.APPROVED:
        raise ValidationFailed("委托方须为登记审核通过的主体", code=Code.CLIENT_NOT_VERIFIED)
    if provider is not None and provider.status != RegistrationStatus.APPROVED:
        raise ValidationFailed(
            "该服务机构的主体登记尚未通过审核，暂不能下单", code=Code.PROVIDER_NOT_VERIFIED
        )
    if provider is not None and provider.pk == client.pk:
        raise ValidationFailed("不能向本单位下单", code=Code.SAME_PARTY)


def _check_voucher(errors: FieldErrors, voucher, client, family: str) -> None:
    today = clock.today()
    if voucher.holder_id != client.pk:
        errors.add("voucher", "只能使用本单位的创新券（创新券实名使用，不得转让）")
    elif voucher.family_slug != family:
        errors.add("voucher", "所选创新券与订单适用的政策不一致")
    elif voucher.status not in SPENDABLE or (voucher.valid_until and voucher.valid_until < today):
        errors.add(
            "voucher", f"创新券{voucher.number}当前不可使用（{voucher.get_status_display()}）"
        )
    elif voucher.contract_id:
        errors.add("voucher", "该创新券对应一份服务合同，只能用于该合同的订单")


def order_place(
    *,
    actor,
    client,
    service=None,
    booking=None,
    family: str = "",
    subject: str = "",
    contract_amount=None,
    voucher=None,
    category: str = "",
    idempotency_key: str = "",
) -> Order:
    """Place an order with a provider; with a voucher where the policy deducts at checkout.

    With an `idempotency_key` (the API's `Idempotency-Key` header, the form's one-time token) a
    retried request — sequential or concurrent — returns the order the first one placed instead
    of placing a second (unique per client), with `order.replayed` set."""
    if not acts_for(actor, client):
        raise PermissionDenied("只有委托方的经办人可以下单")
    key = _idempotency_key(idempotency_key)
    if key and (first := _placed_with(client, key)) is not None:
        return first
    errors = FieldErrors()
    provider, category, default_fen, default_subject = _basis(
        errors, client, service, booking, category
    )
    _check_parties(client, provider)
    amount = parse_amount(
        errors,
        "contract_amount",
        contract_amount
        if contract_amount not in (None, "")
        else (fen_to_yuan(default_fen) if default_fen else None),
        "合同金额",
    )
    if booking is not None and amount is not None and amount != booking.billed_fen:
        errors.add(
            "contract_amount",
            f"仪器使用的订单金额为服务机构确认的实际费用 {fen_to_yuan(booking.billed_fen)} 元",
        )
    subject = (subject or default_subject or "").strip()
    if not subject:
        errors.add("subject", "请填写服务内容（标的）")
    elif len(subject) > MAX_SUBJECT:
        errors.add(
            "subject", f"服务内容（标的）不能超过{MAX_SUBJECT}个字（现有{len(subject)}个字）"
        )
    if family:
        errors.run("family", pinned_version, family, clock.today())
    if voucher is not None:
        if not family:
            errors.add("family", "使用创新券须选择适用的政策")
        else:
            _check_voucher(errors, voucher, client, family)
    errors.raise_if_any("订单信息有误")
    refuse_if_banned(client if voucher is not None else None)  # supervision hook: deduction
    hold = None
    if voucher is not None:
        hold = deductions.estimate_for_placement(
            voucher=voucher,
            client=client,
            provider=provider,
            category=category,
            amount_fen=amount,
            on=clock.today(),
        )
    try:
        with transaction.atomic():
            order = _create(
                actor, client, provider, service, booking, family, category, subject, amount
            )
            if key:  # a concurrent retry waits here on the unique index, then fails and replays
                Order.objects.filter(pk=order.pk).update(idempotency_key=key)
                order.idempotency_key = key
            if hold is not None:
                vouchers.voucher_reserve_for_order(
                    actor=actor, voucher=voucher, order=order, amount_fen=hold.deduction_fen
                )
            notify_organisation(
                organisation=provider,
                subject=f"新订单待确认：{order.subject}",
                body=f"委托方：{client.name}，合同金额 {fen_to_yuan(amount)} 元",
                url=order_url(order),
                key=f"order:{order.pk}:placed",
            )
    except IntegrityError:
        if key and (first := _placed_with(client, key)) is not None:
            return first
        if booking is not None and Order.objects.filter(booking=booking).exists():
            raise Conflict(
                "该仪器预约已生成订单，不能重复下单", code=Code.BOOKING_ALREADY_ORDERED
            ) from None
        raise
    return order


def _idempotency_key(value) -> str:
    key = str(value or "").strip()
    if len(key) > 64 or any(not (ch.isascii() and (ch.isalnum() or ch in "-_.:")) for ch in key):
        raise ValidationFailed(
            "幂等键格式不正确：最多 64 个字母、数字或 - _ . : 字符",
            code=Code.IDEMPOTENCY_KEY_INVALID,
            details={"fields": {"idempotency_key": ["幂等键格式不正确"]}},
        )
    return key


def _placed_with(client, key: str) -> Order | None:
    """The order an earlier request with `key` placed, marked `replayed` for the interface."""
    order = Order.objects.filter(client=client, idempotency_key=key).first()
    if order is not None:
        order.replayed = True
    return order


def _create(actor, client, provider, service, booking, family, category, subject, amount) -> Order:
    now = clock.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    order = Order.objects.create(
        number=voucher_number("DD", now.year, client.region_code, uuid.uuid4().hex[:8]),
        client=client,
        provider=provider,
        service=service,
        booking=booking,
        family_slug=family,
        category=category,
        subject=subject,
        region_code=client.region_code,
        contract_amount_fen=amount,
        paid_fen=0,
        placed_at=now,
        created_by=user,
    )
    OrderChange.objects.create(
        order=order, action="place", to_status=OrderStatus.PLACED, actor=user, at=now
    )
    audit.record(
        actor=actor,
        action="orders.order.place",
        obj=order,
        region_code=order.region_code,
        data={
            "number": order.number,
            "provider": provider.pk,
            "amount": fen_to_yuan(amount),
            "family": family,
            "service": getattr(service, "pk", None),
            "booking": getattr(booking, "pk", None),
        },
    )
    return order


def order_accept(*, actor, order: Order) -> Order:
    def tell_client(order: Order) -> None:
        notify_organisation(
            organisation=order.client,
            subject=f"服务机构已确认接单：{order.subject}",
            url=order_url(order),
            key=f"order:{order.pk}:accepted",
            email=False,
        )

    return apply_order_transition(
        actor=actor,
        order=order,
        action="accept",
        by=PROVIDER,
        values={"accepted_at": clock.now()},
        after=tell_client,
    )


def order_deliver(*, actor, order: Order, delivered_on: dt.date | None = None) -> Order:
    """The provider records that the service is complete (服务完成日期, the start of the rating
    period)."""
    today = clock.today()
    delivered_on = delivered_on or today
    if delivered_on > today or delivered_on < order.placed_at.date() - dt.timedelta(days=1):
        raise ValidationFailed(
            "服务完成日期须在下单之后、且不晚于今天",
            code=Code.DELIVERED_ON_INVALID,
            details={"fields": {"delivered_on": ["请填写实际的服务完成日期"]}},
        )

    def tell_client(order: Order) -> None:
        due = rating_due_on(order)
        notify_organisation(
            organisation=order.client,
            subject=f"服务已完成，请结算并评价：{order.subject}",
            body=f"请在{cn_date(due)}前对服务机构作出评价并上传相关材料。"
            if due
            else "请结算并对服务机构作出评价。",
            url=order_url(order),
            due_on=due,
            key=f"order:{order.pk}:delivered",
        )

    return apply_order_transition(
        actor=actor,
        order=order,
        action="deliver",
        by=PROVIDER,
        values={"delivered_on": delivered_on},
        after=tell_client,
    )


def order_settle(*, actor, order: Order) -> Order:
    """The client settles a delivered order: the voucher hold becomes the deduction the engine
    computes now (limited by the voucher), and the client pays the rest."""
    use, deduction = deductions.settlement(order, clock.today())
    amount = deduction.deduction_fen if deduction else 0
    values = {
        "settled_at": clock.now(),
        "deduction_fen": amount,
        "paid_fen": order.contract_amount_fen - amount,
        "trace": deduction.trace if deduction else [],
    }
    if deduction is not None and not deduction.eligible:
        values["reasons"] = [f"{r['message']}（{r['article']}）" for r in deduction.reasons]

    def draw_and_tell(order: Order) -> None:
        if use is not None and amount > 0:
            vouchers.voucher_use(actor=actor, voucher=use.voucher, order=order, amount_fen=amount)
        elif use is not None:
            vouchers.voucher_release_for_order(actor=actor, voucher=use.voucher, order=order)
        text = f"创新券抵扣 {fen_to_yuan(amount)} 元，委托方实付 {fen_to_yuan(order.paid_fen)} 元"
        notify_organisation(
            organisation=order.provider,
            subject=f"订单已结算：{order.subject}",
            body=text,
            url=order_url(order),
            key=f"order:{order.pk}:settled",
        )

    return apply_order_transition(
        actor=actor, order=order, action="settle", by=CLIENT, values=values, after=draw_and_tell
    )


def _release_and_tell(actor, party: str, reason: str, subject: str):
    """The after-hook of a cancellation: free the order's voucher hold, give back the contract's
    voucher, and tell the other side."""

    def after(order: Order) -> None:
        use = deductions.hold_for_order(order)
        if use is not None:
            vouchers.voucher_release_for_order(actor=actor, voucher=use.voucher, order=order)
        voucher = Voucher.objects.filter(contract__order=order).first()
        if voucher is not None:
            vouchers.voucher_return_unused(
                actor=actor, voucher=voucher, reason=reason.format(number=order.number)
            )
        notify_organisation(
            organisation=getattr(order, party),
            subject=f"{subject}：{order.subject}",
            body="理由：" + "；".join(order.reasons),
            url=order_url(order),
            key=f"order:{order.pk}:{'cancelled' if party == 'provider' else 'declined'}",
        )

    return after


def order_cancel(*, actor, order: Order, reasons) -> Order:
    after = _release_and_tell(
        actor,
        "provider",
        "订单{number}已由委托方取消，合同对应的创新券自动退回",
        "委托方已取消订单",
    )
    return apply_order_transition(
        actor=actor, order=order, action="cancel", by=CLIENT, reasons=reasons, after=after
    )


def order_decline(*, actor, order: Order, reasons) -> Order:
    after = _release_and_tell(
        actor,
        "client",
        "订单{number}已由服务机构取消，合同对应的创新券自动退回",
        "服务机构已取消订单",
    )
    return apply_order_transition(
        actor=actor, order=order, action="decline", by=PROVIDER, reasons=reasons, after=after
    )
