"""Redemption reads, each scoped by the actor's roles and regions: the parties see applications
about their own services, officials those of their regions, an expert those with an expert step in
theirs. Anything outside that scope is "not found", whatever its id. Calls are public."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext, gettext_noop

from innovoucher.accounts.permissions import actor_can, actor_has_role, scope_q
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied
from innovoucher.orders.models import Order
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_family
from innovoucher.redemptions import domain, permissions
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.models import (
    Call,
    Invoice,
    Objection,
    Publicity,
    PublicityItem,
    Redemption,
    RedemptionDocument,
    ReviewStep,
    with_publicity_end,
)
from innovoucher.redemptions.states import (
    ACTIVE,
    CLAIMANT,
    PROVIDER,
    REDEEMABLE_ORDER,
    TRANSITIONS,
    ObjectionStatus,
    PublicityStatus,
    RedemptionStatus,
    StepStatus,
    actions_from,
)
from innovoucher.registry.payees import account_problem
from innovoucher.registry.selectors import name_q

PAGE_SIZE = 20
# Who may read the publicity lists with the objections (personal data of the objectors) in their
# region.
PUBLICITY_READER_ROLES = (*REVIEWER_ROLES, Role.OPERATOR, Role.AUDITOR)
NOT_FOUND = "兑付申请不存在或您无权查看"


def _readable(actor) -> QuerySet[Redemption]:
    return Redemption.objects.filter(permissions.readable_q(actor)).distinct()


def _filtered(
    qs: QuerySet[Redemption], *, status: str = "", family: str = ""
) -> QuerySet[Redemption]:
    if status:
        qs = qs.filter(status=status)
    if family:
        qs = qs.filter(family_slug=family)
    qs = with_publicity_end(qs)  # the status shown never says 公示中 after the period
    return qs.select_related("applicant", "provider", "order").order_by("-submitted_at", "-id")


def redemption_get(*, actor, pk) -> Redemption:
    try:
        return (
            _readable(actor)
            .select_related("applicant", "provider", "order", "policy_version", "call", "voucher")
            .get(pk=int(pk))
        )
    except (Redemption.DoesNotExist, ValueError, TypeError):
        raise NotFound(NOT_FOUND, code=Code.REDEMPTION_NOT_FOUND) from None


def _matching(q) -> QuerySet[Redemption]:
    """Redemptions matching `q`, each once: a semi-join on the ids rather than DISTINCT over the
    wide rows of the list (the redemption, its applicant, provider and order — PostgreSQL sorted
    all their columns for every page of the lists)."""
    return Redemption.objects.filter(pk__in=Redemption.objects.filter(q).values("pk"))


def redemption_list_for_party(*, actor, status: str = "", family: str = "") -> QuerySet[Redemption]:
    return _filtered(_matching(permissions.party_q(actor)), status=status, family=family)


def redemption_search(qs: QuerySet[Redemption], q: str) -> QuerySet[Redemption]:
    """`qs` narrowed to the applications whose applicant or provider is named `q` (Chinese or
    pinyin), or whose number holds it."""
    if q := (q or "").strip():
        qs = qs.filter(name_q(q, "applicant") | name_q(q, "provider") | Q(number__icontains=q))
    return qs


def redemption_list_for_official(
    *, actor, status: str = "", family: str = ""
) -> QuerySet[Redemption]:
    return _filtered(_matching(permissions.official_q(actor)), status=status, family=family)


# --- the reviewer's queue ----------------------------------------------------------------------


def review_queue_for_reviewer(
    *, actor, family: str = "", overdue: bool = False
) -> QuerySet[ReviewStep]:
    """Pending steps the actor may act on, earliest due first."""
    qs = ReviewStep.objects.filter(
        permissions.pending_step_q(actor),
        status=StepStatus.PENDING,
        redemption__status=RedemptionStatus.IN_REVIEW,
    )
    if family:
        qs = qs.filter(redemption__family_slug=family)
    if overdue:
        qs = qs.filter(due_on__lt=clock.today())
    return qs.select_related(
        "redemption", "redemption__applicant", "redemption__provider"
    ).order_by("due_on", "id")


def review_step_get(*, actor, pk=None, redemption_pk=None) -> ReviewStep:
    """The review step to decide, of an application the actor may read (acting on it is checked
    by the service): step `pk` (of application `redemption_pk` when given), or the pending step
    of application `redemption_pk`. The pages and the API both pick the step here.

    A step of another application, or no pending step, is a Conflict (`no_pending_step`): the
    page or the client is looking at a state that has moved on."""
    if redemption_pk is not None:
        redemption = redemption_get(actor=actor, pk=redemption_pk)
        steps = ReviewStep.objects.filter(redemption=redemption).select_related("redemption")
        step = (
            steps.filter(status=StepStatus.PENDING).first()
            if pk is None
            else steps.filter(pk=pk).first()
        )
        if step is None or step.status != StepStatus.PENDING:
            raise Conflict(
                "该申请当前没有待办理的审核环节，请刷新查看最新状态", code=Code.NO_PENDING_STEP
            )
        return step
    step = (
        ReviewStep.objects.filter(pk=pk).select_related("redemption").first()
        if str(pk).isdigit()
        else None
    )
    if step is None:
        raise NotFound("审核环节不存在或您无权查看", code=Code.STEP_NOT_FOUND)
    redemption_get(actor=actor, pk=step.redemption_id)
    return step


def steps_decided_by(*, actor) -> QuerySet[ReviewStep]:
    return (
        ReviewStep.objects.filter(decided_by=actor)
        .select_related("redemption", "redemption__applicant")
        .order_by("-decided_at")
    )


# --- what can be applied for -----------------------------------------------------------------


def orders_ready_for(*, actor) -> QuerySet[Order]:
    """Delivered or settled orders of the actor's organisations with no live application."""
    own = permissions.own_organisation_ids(actor)
    hosts = permissions.incubator_ids(actor)
    mine = (
        Q(client_id__in=own)
        | Q(provider_id__in=own)
        | Q(client__host_incubator_id__in=hosts)
        | Q(client_id__in=hosts)
    )
    live = Redemption.objects.filter(order=OuterRef("pk"), status__in=ACTIVE)
    return (
        Order.objects.filter(mine, status__in=REDEEMABLE_ORDER, delivered_on__isnull=False)
        .exclude(Exists(live))
        .select_related("client", "provider")
        .order_by("-delivered_on", "-id")
    )


@dataclass
class ReadyOrder:
    order: Order
    can_apply: bool
    note: str = ""


def orders_ready_with_hints(*, actor, limit: int = 50) -> list[ReadyOrder]:
    """The orders ready for an application, each saying whether the actor's side applies under
    the policy in force today (`process.claimant`), or who does."""
    today = clock.today()
    rows = []
    for order in orders_ready_for(actor=actor)[:limit]:
        version = engine_family(order.family_slug).version_on(today) if order.family_slug else None
        if version is None:
            rows.append(ReadyOrder(order, False, "今日没有有效的适用政策版本"))
            continue
        inside = domain.in_region(
            order.provider.region_code,
            version.payee.region or engine_family(order.family_slug).region,
        )
        decision = domain.decide_claimant(
            version.process["claimant"].value,
            provider_in_region=inside,
            actor_sides=permissions.sides(actor, client=order.client, provider=order.provider),
        )
        ok = decision.kind is not None or "同时代表" in decision.message
        rows.append(ReadyOrder(order, ok, "" if ok else decision.message))
    return rows


def order_for_application(*, actor, pk) -> Order:
    try:
        return orders_ready_for(actor=actor).get(pk=int(pk))
    except (Order.DoesNotExist, ValueError, TypeError):
        raise NotFound(
            "订单不存在、尚未完成服务、已申请兑付，或您无权申请", code=CoreCode.ORDER_NOT_FOUND
        ) from None


def document_get(*, actor, pk) -> RedemptionDocument:
    try:
        doc = RedemptionDocument.objects.select_related("redemption").get(pk=int(pk))
    except (RedemptionDocument.DoesNotExist, ValueError, TypeError):
        raise NotFound("材料不存在或您无权查看", code=Code.DOCUMENT_NOT_FOUND) from None
    redemption_get(actor=actor, pk=doc.redemption_id)
    return doc


# --- one application in full ------------------------------------------------------------------


@dataclass
class Round:
    number: int
    steps: list[ReviewStep] = field(default_factory=list)
    documents: list[RedemptionDocument] = field(default_factory=list)


@dataclass
class Actions:
    confirm: bool = False
    withdraw: bool = False
    resubmit: bool = False
    step: ReviewStep | None = None  # the pending step the actor may decide


@dataclass
class ChangeRow:
    at: dt.datetime
    label: str
    status_label: str
    actor: object
    reasons: list[str]
    action: str = ""
    from_status: str = ""
    to_status: str = ""


def _change_rows(redemption: Redemption) -> list[ChangeRow]:
    labels = {"submit": gettext_noop("提交申请"), **{a: t.label for a, t in TRANSITIONS.items()}}
    return [
        ChangeRow(
            c.at,
            gettext(labels[c.action]) if c.action in labels else c.action,
            str(RedemptionStatus(c.to_status).label)
            if c.to_status in RedemptionStatus.values
            else c.to_status,
            c.actor,
            c.reasons,
            c.action,
            c.from_status,
            c.to_status,
        )
        for c in redemption.changes.select_related("actor")
    ]


@dataclass
class Dossier:
    redemption: Redemption
    rounds: list[Round]
    documents: list[RedemptionDocument]
    invoices: list[Invoice]
    changes: list[ChangeRow]
    pending: ReviewStep | None
    actions: Actions
    policy_region: str


def redemption_dossier(*, actor, redemption: Redemption) -> Dossier:
    """Everything the detail page shows: steps per round (newest first), documents (superseded
    ones kept), invoices, the history of changes, and what the actor may do now."""
    steps = list(
        ReviewStep.objects.filter(redemption=redemption)
        .select_related("decided_by")
        .order_by("-round", "position")
    )
    docs = list(
        RedemptionDocument.objects.filter(redemption=redemption).order_by("-round", "kind", "id")
    )
    rounds: dict[int, Round] = {}
    for s in steps:
        rounds.setdefault(s.round, Round(s.round)).steps.append(s)
    for d in docs:
        rounds.setdefault(d.round, Round(d.round)).documents.append(d)
    pending = next((s for s in steps if s.status == StepStatus.PENDING), None)
    region = engine_family(redemption.family_slug).region
    return Dossier(
        redemption=redemption,
        rounds=[rounds[k] for k in sorted(rounds, reverse=True)],
        documents=docs,
        invoices=list(Invoice.objects.filter(redemption=redemption)),
        changes=_change_rows(redemption),
        pending=pending,
        actions=_actions(actor, redemption, pending, region),
        policy_region=region,
    )


def _actions(actor, redemption: Redemption, pending: ReviewStep | None, region: str) -> Actions:
    claimant = permissions.is_claimant(actor, redemption)
    status = redemption.status
    allowed = {t.action for t in actions_from(status, CLAIMANT)} if claimant else set()
    provider = permissions.acts_for_provider(actor, redemption.provider) and bool(
        actions_from(status, PROVIDER)
    )
    step = (
        pending
        if pending is not None
        and status == RedemptionStatus.IN_REVIEW
        and permissions.can_act_on_step(actor, pending, region)
        else None
    )
    return Actions(
        confirm=provider, withdraw="withdraw" in allowed, resubmit="resubmit" in allowed, step=step
    )


# --- calls -----------------------------------------------------------------------------------


CALL_STATES = ("open", "upcoming", "closed")


def call_list_public(*, family: str = "", state: str = "", q: str = "") -> QuerySet[Call]:
    """Published calls, latest window first; `state` ("open", "upcoming", "closed" today, as
    `call_state` says) and `q` (title or number) narrow them."""
    qs = Call.objects.all()
    if family:
        qs = qs.filter(family_slug=family)
    today = clock.today()
    if state == "open":
        qs = qs.filter(opens_on__lte=today, closes_on__gte=today)
    elif state == "upcoming":
        qs = qs.filter(opens_on__gt=today)
    elif state == "closed":
        qs = qs.filter(closes_on__lt=today)
    if q := (q or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return qs.order_by("-opens_on", "-id")


def call_get_public(*, pk) -> Call:
    try:
        return Call.objects.get(pk=int(pk))
    except (Call.DoesNotExist, ValueError, TypeError):
        raise NotFound("兑付通知不存在", code=Code.CALL_NOT_FOUND) from None


def call_state(call: Call, on: dt.date | None = None) -> str:
    on = on or clock.today()
    return "upcoming" if on < call.opens_on else "closed" if on > call.closes_on else "open"


def families_with_calls(*, actor=None, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(slug, name) of the policies in force whose cadence needs calls — those `actor` may publish
    for, when given (the reviewer body of the policy's own region)."""
    on = on or clock.today()
    out = []
    for family in PolicyFamily.objects.order_by("slug"):
        version = engine_family(family.slug).version_on(on)
        if version is None or not domain.needs_call(version):
            continue
        if actor is None or actor_can(
            actor, permissions.call_role(family.region_code), family.region_code
        ):
            out.append((family.slug, family.name))
    return out


@dataclass(frozen=True)
class Amounts:
    """The money of one application, each figure with its own label: what the contract says,
    what the firm paid out of its own pocket, what the voucher deducted at checkout, the
    subsidy."""

    contract_fen: int
    paid_total_fen: int
    deduction_fen: int
    own_paid_fen: int
    subsidy_fen: int


def redemption_amounts(redemption: Redemption) -> Amounts:
    order = redemption.order
    deduction = order.deduction_fen if order is not None else 0
    deduction = min(deduction, redemption.paid_amount_fen)
    return Amounts(
        contract_fen=redemption.contract_amount_fen,
        paid_total_fen=redemption.paid_amount_fen,
        deduction_fen=deduction,
        own_paid_fen=redemption.paid_amount_fen - deduction,
        subsidy_fen=redemption.subsidy_fen,
    )


def payee_account_notice(redemption: Redemption) -> str:
    """Why the subsidy cannot be paid into the payee's account yet ("" when it can): shown on
    the application to the payee (who must register one) and to the officials."""
    payee = redemption.provider if redemption.payee_kind == "provider" else redemption.applicant
    return account_problem(payee) if payee is not None else ""


# --- publicity and objections
# -------------------------------------------------------------------------------------


def publicity_list_public(*, state: str = "", q: str = ""):
    """Published lists (started), newest first; `state` "open" or "closed" and `q` (title or
    number) narrow them."""
    today = clock.today()
    qs = Publicity.objects.filter(starts_on__lte=today).annotate(item_count=Count("items"))
    if q := (q or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    if state == "open":
        qs = qs.filter(status=PublicityStatus.OPEN, ends_on__gte=today)
    elif state == "closed":
        qs = qs.filter(Q(status=PublicityStatus.CLOSED) | Q(ends_on__lt=today))
    return qs.order_by("-starts_on", "-id")


def publicity_get_public(*, pk) -> Publicity:
    publicity = Publicity.objects.filter(pk=pk, starts_on__lte=clock.today()).first()
    if publicity is None:
        raise NotFound("公示不存在或尚未发布", code=Code.PUBLICITY_NOT_FOUND)
    return publicity


def publicity_items(publicity: Publicity):
    return publicity.items.select_related("redemption__applicant", "redemption__provider").order_by(
        "id"
    )


def publicity_is_open(publicity: Publicity) -> bool:
    return (
        publicity.status == PublicityStatus.OPEN
        and publicity.starts_on <= clock.today() <= publicity.ends_on
    )


def item_get_public(*, pk) -> PublicityItem:
    item = (
        PublicityItem.objects.select_related("publicity", "redemption")
        .filter(pk=pk, publicity__starts_on__lte=clock.today())
        .first()
    )
    if item is None:
        raise NotFound("公示项目不存在", code=Code.ITEM_NOT_FOUND)
    return item


def publicity_list_for_official(*, actor):
    """Lists of the publishing bodies in the actor's regions (prepared ones included), with
    the number of open objections."""
    if not actor_can_read_any(actor):
        raise PermissionDenied("只有科技管理部门可以管理公示", code=Code.NOT_OFFICIAL)
    return (
        Publicity.objects.filter(scope_q(actor, PUBLICITY_READER_ROLES))
        .annotate(
            item_count=Count("items", distinct=True),
            open_objections=Count(
                "items__objections",
                filter=Q(items__objections__status=ObjectionStatus.OPEN),
                distinct=True,
            ),
        )
        .order_by("-starts_on", "-id")
    )


def actor_can_read_any(actor) -> bool:
    return actor_has_role(actor, *PUBLICITY_READER_ROLES)


def objection_list_for_official(*, actor, status: str = "", q: str = ""):
    """Objections to the lists of the official's regions, newest first; `q` finds the applicant
    objected to (Chinese or pinyin), the objector or the redemption's number."""
    qs = (
        Objection.objects.filter(
            scope_q(actor, PUBLICITY_READER_ROLES, "item__publicity__region_code")
        )
        .select_related("item__publicity", "item__redemption__applicant")
        .order_by("-submitted_at", "-id")
    )
    if q := (q or "").strip():
        qs = qs.filter(
            name_q(q, "item__redemption__applicant")
            | Q(objector_name__icontains=q)
            | Q(item__redemption__number__icontains=q)
        )
    return qs.filter(status=status) if status else qs


def objection_get(*, actor, pk) -> Objection:
    objection = objection_list_for_official(actor=actor).filter(pk=pk).first()
    if objection is None:
        raise NotFound("异议不存在或您无权查看", code=Code.OBJECTION_NOT_FOUND)
    return objection


def can_decide(actor, objection: Objection) -> bool:
    return objection.status == ObjectionStatus.OPEN and actor_can(
        actor, permissions.OFFICIAL_ROLES, objection.item.publicity.region_code
    )


def objection_list_to_decide(*, actor) -> QuerySet[Objection]:
    """Open objections the actor's body must decide (its to-dos)."""
    scope = scope_q(actor, permissions.OFFICIAL_ROLES, "item__publicity__region_code")
    return Objection.objects.filter(scope, status=ObjectionStatus.OPEN).select_related(
        "item__publicity", "item__redemption__applicant"
    )


def redemption_publicity_items(redemption: Redemption):
    return redemption.publicity_items.select_related("publicity").order_by("id")
