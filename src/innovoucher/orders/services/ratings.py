"""The client's rating of the provider after delivery (Ningxia: within 10 working days of delivery,
`process.deadlines.rate_and_upload`; a rating after the due date is kept and marked late)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import acting_user
from innovoucher.notifications.services import notify_organisation
from innovoucher.orders.codes import Code
from innovoucher.orders.models import Order, Rating
from innovoucher.orders.permissions import is_client
from innovoucher.orders.selectors import rating_due_on
from innovoucher.orders.states import OrderStatus
from innovoucher.registry.validation import FieldErrors

RATING_FIELDS = {"score": "总体评价", "quality": "服务质量", "timeliness": "服务时效"}


def _score(errors: FieldErrors, field: str, value) -> int | None:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= 5:
        errors.add(field, f"请为“{RATING_FIELDS[field]}”选择1至5分")
        return None
    return n


def rating_submit(*, actor, order: Order, score, quality, timeliness, comment: str = "") -> Rating:
    """Rate the provider once per order, after delivery."""
    if not is_client(actor, order):
        raise PermissionDenied("只有委托方的经办人可以评价服务机构")
    if order.status not in (OrderStatus.DELIVERED, OrderStatus.SETTLED):
        raise ValidationFailed("服务完成后才能评价", code=Code.NOT_DELIVERED)
    errors = FieldErrors()
    values = {
        f: _score(errors, f, v)
        for f, v in (("score", score), ("quality", quality), ("timeliness", timeliness))
    }
    errors.raise_if_any("评价信息有误")
    due = rating_due_on(order)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                order=order,
                provider=order.provider,
                comment=(comment or "").strip()[:2000],
                due_on=due,
                late=bool(due and clock.today() > due),
                rated_at=clock.now(),
                rated_by=acting_user(actor),
                **values,
            )
            audit.record(
                actor=actor,
                action="orders.rating.submit",
                obj=rating,
                region_code=order.region_code,
                data={"order": order.number, **values, "late": rating.late},
            )
            notify_organisation(
                organisation=order.provider,
                subject=f"委托方已评价：{order.subject}（总体{rating.score}分）",
                url=reverse("orders:detail", args=[order.pk]),
                key=f"order:{order.pk}:rated",
                email=False,
            )
    except IntegrityError:
        raise Conflict("该订单已评价，每个订单只能评价一次", code=Code.ALREADY_RATED) from None
    return rating
