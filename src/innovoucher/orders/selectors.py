"""Order, contract and rating reads. Each is scoped by the actor: the client's and the provider's
people see their orders, officials those of clients in their regions, the contract reviewer the
contracts the policy gives them. Anything else is "not found", whatever its id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from innovoucher.accounts.permissions import actor_organisation_ids, actor_regions, scope_q
from innovoucher.accounts.roles import PARTY_ROLES, Role
from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import NotFound, ValidationFailed
from innovoucher.core.listing import date_range_q
from innovoucher.orders.codes import Code
from innovoucher.orders.domain import (
    SPLIT_WINDOW_DAYS,
    OrderFacts,
    checkout_deduction,
    similar_orders,
)
from innovoucher.orders.models import Order, OrderAttachment, Rating, ServiceContract
from innovoucher.orders.permissions import (
    LEVEL_ROLES,
    OFFICIAL_READERS,
    can_review_contract,
    visible_q,
)
from innovoucher.orders.policy import contract_review, contract_version
from innovoucher.orders.states import EDITABLE, ContractStatus, OrderStatus
from innovoucher.policies.services import engine_family
from innovoucher.providers.models import Booking, ProviderAdmission, Service
from innovoucher.providers.states import AdmissionStatus, BookingStatus
from innovoucher.registry.models import Organisation
from innovoucher.registry.selectors import name_q
from innovoucher.registry.states import RegistrationStatus
from innovoucher.vouchers import selectors as voucher_selectors
from innovoucher.vouchers.domain import PER_CONTRACT
from innovoucher.vouchers.models import Voucher, VoucherUse
from innovoucher.vouchers.permissions import is_official
from innovoucher.vouchers.policy import Pinned, pinned_version
from innovoucher.workdays.services import deadline_after

PAGE_SIZE = 20
# Ningxia's first review step 「注册审核与申领审核」 names no deadline: the platform assumes 5
# working
# days for the contract review (shown as such on the page).
DEFAULT_REVIEW_WORKING_DAYS = 5


def _visible(actor) -> QuerySet[Order]:
    return Order.objects.filter(visible_q(actor)).select_related("client", "provider", "service")


def order_get(*, actor, pk) -> Order:
    try:
        return _visible(actor).get(pk=int(pk))
    except (Order.DoesNotExist, ValueError, TypeError):
        raise NotFound("订单不存在或您无权查看", code=CoreCode.ORDER_NOT_FOUND) from None


def _own(actor) -> list[int]:
    return actor_organisation_ids(actor, *PARTY_ROLES)


def order_list_for_client(*, actor, status: str = "") -> QuerySet[Order]:
    hosts = actor_organisation_ids(actor, Role.INCUBATOR_AGENT)
    qs = Order.objects.filter(
        Q(client_id__in=_own(actor)) | Q(client__host_incubator_id__in=hosts)
    ).select_related("client", "provider")
    return (qs.filter(status=status) if status else qs).order_by("-placed_at", "-id")


def order_list_for_provider(*, actor, status: str = "") -> QuerySet[Order]:
    qs = Order.objects.filter(provider_id__in=_own(actor)).select_related(
        "client", "provider", "rating"
    )
    return (qs.filter(status=status) if status else qs).order_by("-placed_at", "-id")


def order_list_for_official(*, actor, status: str = "", family: str = "") -> QuerySet[Order]:
    qs = Order.objects.filter(scope_q(actor, OFFICIAL_READERS)).select_related("client", "provider")
    if status:
        qs = qs.filter(status=status)
    if family:
        qs = qs.filter(family_slug=family)
    return qs.order_by("-placed_at", "-id")


def order_list_for_role(*, actor, role: str, status: str = "") -> QuerySet[Order]:
    """The API's lists: `client` (ordered by the actor's parties), `provider` (received),
    `region` (the actor's regions, officials only; empty for anyone else)."""
    if role == "region":
        if not is_official(actor):
            return Order.objects.none()
        return order_list_for_official(actor=actor, status=status)
    if role == "provider":
        return order_list_for_provider(actor=actor, status=status)
    return order_list_for_client(actor=actor, status=status)


def client_get(*, actor, pk) -> Organisation:
    """A party the actor orders for (its own organisations and the teams its incubator hosts)."""
    client = next((o for o in voucher_selectors.holder_orgs(actor=actor) if o.pk == pk), None)
    if client is None:
        raise ValidationFailed(
            "请选择您代表的委托方", details={"fields": {"client_id": ["不是您代表的主体"]}}
        )
    return client


def order_facts(order: Order) -> OrderFacts:
    return OrderFacts(
        order.pk,
        order.client_id,
        order.provider_id,
        order.category,
        timezone.localtime(order.placed_at).date(),
        order.contract_amount_fen,
        order.status == OrderStatus.CANCELLED,
    )


def orders_similar(order: Order, window_days: int = SPLIT_WINDOW_DAYS) -> list[Order]:
    """Earlier live orders of the same client and provider in the same category within
    `window_days` (SPLIT_WINDOW_DAYS = 90 calendar days) before this order — the split-contract
    (化整为零) signal that the contract check and the redemption's automatic first check refer."""
    start = order.placed_at - dt.timedelta(days=window_days + 1)
    candidates = list(
        Order.objects.filter(
            client_id=order.client_id,
            provider_id=order.provider_id,
            category=order.category,
            placed_at__gte=start,
            placed_at__lte=order.placed_at,
        ).exclude(pk=order.pk)
    )
    keep = {
        f.id
        for f in similar_orders(
            order_facts(order), [order_facts(o) for o in candidates], window_days
        )
    }
    return [o for o in candidates if o.pk in keep]


# --- contracts ------------------------------------------------------------------------------------


def contract_get(*, actor, pk) -> ServiceContract:
    qs = ServiceContract.objects.filter(visible_q(actor, prefix="order__")).select_related(
        "order", "order__client", "order__provider"
    )
    try:
        return qs.get(pk=int(pk))
    except (ServiceContract.DoesNotExist, ValueError, TypeError):
        raise NotFound("合同不存在或您无权查看", code=Code.CONTRACT_NOT_FOUND) from None


def contract_for_order(order: Order) -> ServiceContract | None:
    return ServiceContract.objects.filter(order=order).first()


@dataclass(frozen=True)
class ContractFilter:
    """What a contract list is narrowed by: status, a name (client or provider, Chinese or
    pinyin) or a number or project, the client's region (officials), the submission dates."""

    status: str = ""
    q: str = ""
    region_code: str = ""
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None

    def apply(self, qs: QuerySet[ServiceContract]) -> QuerySet[ServiceContract]:
        if self.status:
            qs = qs.filter(status=self.status)
        if q := self.q.strip():
            qs = qs.filter(
                name_q(q, "order__client")
                | name_q(q, "order__provider")
                | Q(number__icontains=q)
                | Q(project_name__icontains=q)
            )
        if self.region_code:
            qs = qs.filter(region_code=self.region_code)
        return qs.filter(date_range_q("submitted_at__date", self.submitted_from, self.submitted_to))


def contract_list_for_party(
    *, actor, filters: ContractFilter | None = None
) -> QuerySet[ServiceContract]:
    own = _own(actor)
    qs = ServiceContract.objects.filter(Q(order__client_id__in=own) | Q(order__provider_id__in=own))
    qs = (filters or ContractFilter()).apply(qs)
    return qs.select_related("order", "order__client", "order__provider").order_by(
        "-created_at", "-id"
    )


def contract_list_for_client(*, actor) -> QuerySet[ServiceContract]:
    hosts = actor_organisation_ids(actor, Role.INCUBATOR_AGENT)
    qs = ServiceContract.objects.filter(
        Q(order__client_id__in=_own(actor)) | Q(order__client__host_incubator_id__in=hosts)
    )
    return qs.select_related("order", "order__client", "order__provider").order_by(
        "-created_at", "-id"
    )


@dataclass
class ReviewItem:
    contract: ServiceContract
    due_on: dt.date | None
    overdue: bool


def contract_queue_for_reviewer(
    *, actor, status: str = ContractStatus.SUBMITTED
) -> list[ReviewItem]:
    """Contracts waiting for `actor`: submitted, in a region where the actor holds the role the
    contract's policy names first in its review chain. Oldest deadline first."""
    roles = set(LEVEL_ROLES.values())
    if not actor_regions(actor, *roles):
        return []
    qs = ServiceContract.objects.filter(scope_q(actor, tuple(roles)), status=status).select_related(
        "order", "order__client", "order__provider"
    )
    today = clock.today()
    items = []
    for contract in qs.order_by("submitted_at", "id"):
        pinned = contract_version(contract)
        if can_review_contract(actor, contract, pinned.version):
            due = review_due_on(contract, pinned)
            items.append(ReviewItem(contract, due, bool(due and due < today)))
    return sorted(items, key=lambda i: (i.due_on or dt.date.max, i.contract.pk))


def contract_list_for_official(
    *, actor, filters: ContractFilter | None = None
) -> QuerySet[ServiceContract]:
    qs = ServiceContract.objects.filter(scope_q(actor, OFFICIAL_READERS)).select_related(
        "order", "order__client", "order__provider"
    )
    return (filters or ContractFilter()).apply(qs).order_by("-created_at", "-id")


def contract_regions_for_official(*, actor) -> list[str]:
    """The clients' regions of the contracts an official reads (the list's region filter)."""
    qs = ServiceContract.objects.filter(scope_q(actor, OFFICIAL_READERS))
    return sorted(set(qs.values_list("region_code", flat=True)))


# --- attachments, ratings, what can be ordered ----------------------------------------------------


def rating_for_order(order: Order) -> Rating | None:
    return Rating.objects.filter(order=order).first()


def needs_contract(order: Order) -> bool:
    """The order's policy issues one voucher per standard contract (Ningxia)."""
    if not order.family_slug:
        return False
    try:
        return pinned_version(order.family_slug, clock.today()).route == PER_CONTRACT
    except ValidationFailed:
        return False


def attachment_get(*, actor, pk) -> OrderAttachment:
    try:
        return (
            OrderAttachment.objects.filter(visible_q(actor, prefix="order__"))
            .select_related("order")
            .get(pk=int(pk))
        )
    except (OrderAttachment.DoesNotExist, ValueError, TypeError):
        raise NotFound("附件不存在或您无权查看", code=Code.ATTACHMENT_NOT_FOUND) from None


@dataclass
class RatingSummary:
    count: int
    score: Decimal | None
    quality: Decimal | None
    timeliness: Decimal | None
    late: int


def _one(value) -> Decimal | None:
    return (
        None
        if value is None
        else Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


def provider_rating_summary(provider: Organisation) -> RatingSummary:
    """The provider's ratings by clients (public figures: averages, one decimal)."""
    agg = Rating.objects.filter(provider=provider).aggregate(
        n=Count("id"),
        s=Avg("score"),
        q=Avg("quality"),
        t=Avg("timeliness"),
        late=Count("id", filter=Q(late=True)),
    )
    return RatingSummary(agg["n"], _one(agg["s"]), _one(agg["q"]), _one(agg["t"]), agg["late"])


def services_to_order(*, q: str = "", category: str = "") -> QuerySet[Service]:
    """Active services of providers admitted to at least one policy (public catalogue)."""
    admitted = ProviderAdmission.objects.filter(
        organisation=OuterRef("provider_id"), status=AdmissionStatus.ADMITTED
    )
    qs = Service.objects.filter(Exists(admitted), active=True).select_related("provider")
    q = (q or "").strip()
    if q:
        key = q.lower().replace(" ", "")
        match = Q(name__icontains=q) | name_q(q, "provider")
        if key.isascii() and key.isalnum():
            match |= Q(name_initials__contains=key)
        qs = qs.filter(match)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("provider__name", "name", "id")


def service_for_order(pk) -> Service:
    try:
        return services_to_order().get(pk=int(pk))
    except (Service.DoesNotExist, ValueError, TypeError):
        raise NotFound("服务不存在或已下架", code=Code.SERVICE_NOT_FOUND) from None


def bookings_to_order(*, actor) -> list[Booking]:
    """The actor's completed instrument bookings that have no order yet."""
    qs = Booking.objects.filter(
        organisation_id__in=_own(actor), status=BookingStatus.COMPLETED, order__isnull=True
    )
    return list(
        qs.select_related("instrument", "instrument__provider", "organisation").order_by("-start")
    )


def booking_for_order(*, actor, pk) -> Booking:
    try:
        return Booking.objects.select_related("instrument__provider").get(
            pk=int(pk), organisation_id__in=_own(actor)
        )
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise NotFound("预约不存在或您无权查看", code=CoreCode.BOOKING_NOT_FOUND) from None


def admitted_families(provider: Organisation) -> list[str]:
    return sorted(
        set(
            ProviderAdmission.objects.filter(
                organisation=provider, status=AdmissionStatus.ADMITTED
            ).values_list("family_slug", flat=True)
        )
    )


@dataclass
class OrderingFamily:
    slug: str
    name: str
    deduction: bool
    message: str
    article: str


def ordering_families(provider: Organisation) -> list[OrderingFamily]:
    """Policies in force the provider is admitted to, and whether each deducts at checkout with
    it."""
    result = []
    for slug in admitted_families(provider):
        try:
            pinned = pinned_version(slug, clock.today())
        except ValidationFailed:
            continue
        rule = checkout_deduction(pinned.version, pinned.family.region_code, provider.region_code)
        result.append(
            OrderingFamily(slug, pinned.family.name, rule.applies, rule.message, rule.article)
        )
    return result


# --- deadlines the policy sets --------------------------------------------------------------------


def rate_deadline(family_slug: str, on: dt.date) -> tuple[dict, str] | None:
    """The policy's `deadlines.rate_and_upload` ({days, unit, from}) and its article, if any."""
    if not family_slug:
        return None
    version = engine_family(family_slug).version_on(on)
    cited = version.process.get("deadlines") if version is not None else None
    if cited is None or "rate_and_upload" not in cited.value:
        return None
    return cited.value["rate_and_upload"], cited.article


def rating_due_on(order: Order) -> dt.date | None:
    """The last day to rate the provider: `rate_and_upload` days after delivery (Ningxia: 10
    working days); None where the policy sets no such deadline."""
    if order.delivered_on is None:
        return None
    rule = rate_deadline(order.family_slug, order.delivered_on)
    if rule is None:
        return None
    return deadline_after(order.delivered_on, int(rule[0]["days"]), rule[0].get("unit", "working"))


def review_due_on(contract: ServiceContract, pinned: Pinned | None = None) -> dt.date | None:
    """The contract review deadline: the first review step's, or DEFAULT_REVIEW_WORKING_DAYS."""
    if contract.submitted_at is None:
        return None
    pinned = pinned or contract_version(contract)
    step, _ = contract_review(pinned.version)
    rule = step.get("deadline") or {
        "days": DEFAULT_REVIEW_WORKING_DAYS,
        "unit": "working",
    }
    submitted_on = timezone.localtime(contract.submitted_at).date()
    return deadline_after(submitted_on, int(rule["days"]), rule.get("unit", "working"))


# --- what the order and contract pages show -------------------------------------------------------


def clients_for_ordering(*, actor, provider: Organisation) -> list[Organisation]:
    """The organisations `actor` may order for from `provider`: registered, and not the provider."""
    return [
        o
        for o in voucher_selectors.holder_orgs(actor=actor)
        if o.status == RegistrationStatus.APPROVED and o.pk != provider.pk
    ]


def vouchers_for_ordering(
    clients: list[Organisation], families: list[OrderingFamily]
) -> list[Voucher]:
    """The clients' vouchers that can pay at checkout under a policy that deducts there."""
    return [
        v
        for c in clients
        for f in families
        if f.deduction
        for v in voucher_selectors.spendable_for_order(client=c, family=f.slug)
    ]


def voucher_uses_for_order(order: Order) -> QuerySet[VoucherUse]:
    return VoucherUse.objects.filter(order=order).select_related("voucher")


def voucher_for_contract(contract: ServiceContract | None) -> Voucher | None:
    return Voucher.objects.filter(contract=contract).first() if contract is not None else None


def contract_fillable(order: Order, contract: ServiceContract | None) -> bool:
    """The order still needs its standard contract filled (or fixed) by the client."""
    return (
        order.status != OrderStatus.CANCELLED
        and (contract is None or contract.status in EDITABLE)
        and needs_contract(order)
    )


def order_ratable(order: Order, rating: Rating | None) -> bool:
    return rating is None and order.status in (OrderStatus.DELIVERED, OrderStatus.SETTLED)


@dataclass(frozen=True)
class RatingFigures:
    """One provider's ratings in one calendar year (by the date rated): on time, late (after the
    policy's rating period, e.g. Ningxia 10 working days of completion) and the average score."""

    provider_id: int
    year: int
    on_time: int
    late: int
    average: Decimal | None

    @property
    def total(self) -> int:
        return self.on_time + self.late


def rating_figures(*, year: int, provider: Organisation | None = None) -> list[RatingFigures]:
    """Ratings per provider for `year` (every provider rated, or one): the counts of on-time and
    late ratings and the average overall score (one decimal). The provider evaluation reads this;
    a late rating counts (it is kept and flagged, never dropped)."""
    qs = Rating.objects.filter(rated_at__year=year)
    if provider is not None:
        qs = qs.filter(provider=provider)
    rows = (
        qs.values("provider_id")
        .annotate(
            on_time=Count("id", filter=Q(late=False)),
            late_n=Count("id", filter=Q(late=True)),
            avg=Avg("score"),
        )
        .order_by("provider_id")
    )
    return [
        RatingFigures(r["provider_id"], year, r["on_time"], r["late_n"], _one(r["avg"]))
        for r in rows
    ]


def rating_is_late_now(order: Order) -> bool:
    """A rating given today would be after the rating period (the form warns the firm)."""
    due = rating_due_on(order)
    return bool(due and clock.today() > due)
