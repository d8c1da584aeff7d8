"""Voucher reads, each scoped by the actor: a holder's people see its vouchers, officials the
vouchers of holders in their regions. Anything else is "not found", whatever its id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from innovoucher.accounts.permissions import actor_organisation_ids, scope_q
from innovoucher.accounts.roles import PARTY_ROLES, Role
from innovoucher.core import clock
from innovoucher.core.errors import NotFound, ValidationFailed
from innovoucher.policies.models import PolicyFamily
from innovoucher.regions.domain import region_within
from innovoucher.registry.models import QUOTE_KIND, Organisation
from innovoucher.registry.selectors import name_q
from innovoucher.vouchers import domain
from innovoucher.vouchers.codes import Code
from innovoucher.vouchers.models import Voucher, VoucherUse
from innovoucher.vouchers.permissions import HOLDER_KINDS, OFFICIAL_READERS, can_issue, visible_q
from innovoucher.vouchers.policy import ROUTE_LABELS, pinned_in_force
from innovoucher.vouchers.states import SPENDABLE

PAGE_SIZE = 20
NOT_FOUND = "创新券不存在或您无权查看"


def _visible(actor) -> QuerySet[Voucher]:
    return Voucher.objects.filter(visible_q(actor)).select_related("holder", "policy_version")


def voucher_get(*, actor, pk) -> Voucher:
    try:
        return _visible(actor).select_related("contract", "contract__order").get(pk=int(pk))
    except (Voucher.DoesNotExist, ValueError, TypeError):
        raise NotFound(NOT_FOUND, code=Code.VOUCHER_NOT_FOUND) from None


def voucher_list_for_official(
    *, actor, family: str = "", status: str = "", year: str | int = "", q: str = ""
) -> QuerySet[Voucher]:
    """Vouchers of holders in the actor's official regions (reviewers, operator, auditors)."""
    qs = Voucher.objects.filter(scope_q(actor, OFFICIAL_READERS)).select_related("holder")
    if family:
        qs = qs.filter(family_slug=family)
    if status:
        qs = qs.filter(status=status)
    if str(year).isdigit():
        qs = qs.filter(fiscal_year=int(year))
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | name_q(q, "holder"))
    return qs.order_by("-issued_on", "-id")


def voucher_list_for_actor(
    *, actor, family: str = "", status: str = "", year: str | int = ""
) -> QuerySet[Voucher]:
    qs = _visible(actor)
    if family:
        qs = qs.filter(family_slug=family)
    if status:
        qs = qs.filter(status=status)
    if str(year).isdigit():
        qs = qs.filter(fiscal_year=int(year))
    return qs.order_by("-issued_on", "-id")


def voucher_uses(voucher: Voucher) -> list[VoucherUse]:
    return list(voucher.uses.select_related("order", "redemption").order_by("id"))


def families() -> QuerySet[PolicyFamily]:
    return PolicyFamily.objects.all()


def family_names() -> dict[str, str]:
    return dict(PolicyFamily.objects.values_list("slug", "name"))


@dataclass
class Holding:
    """What one holder has of one policy in one year."""

    holder: Organisation
    family: str
    family_name: str
    year: int
    vouchers: list[Voucher] = field(default_factory=list)

    def _sum(self, attr: str) -> int:
        return sum(getattr(v, attr) or 0 for v in self.vouchers)

    @property
    def face_fen(self) -> int | None:
        faces = [v.face_fen for v in self.vouchers if v.face_fen is not None]
        return sum(faces) if faces else None

    @property
    def reserved_fen(self) -> int:
        return self._sum("reserved_fen")

    @property
    def used_fen(self) -> int:
        return self._sum("used_fen")

    @property
    def remaining_fen(self) -> int | None:
        live = [v for v in self.vouchers if v.face_fen is not None and v.status in SPENDABLE]
        return (
            sum(v.remaining_fen for v in live) if live else (None if self.face_fen is None else 0)
        )


def holder_orgs(*, actor) -> list[Organisation]:
    """Organisations whose vouchers `actor` manages (own ones, and teams hosted by their
    incubator)."""
    ids = set(actor_organisation_ids(actor, *PARTY_ROLES))
    qs = Organisation.objects.filter(
        Q(pk__in=ids) | Q(host_incubator_id__in=actor_organisation_ids(actor, Role.INCUBATOR_AGENT))
    )
    return list(qs.filter(kind__in=HOLDER_KINDS).order_by("id"))


def holder_org_get(*, actor, pk) -> Organisation:
    """One of `holder_orgs`; ValidationFailed naming the field for any other id."""
    holder = next((o for o in holder_orgs(actor=actor) if o.pk == pk), None)
    if holder is None:
        raise ValidationFailed(
            "请选择您代表的申领主体", details={"fields": {"holder_id": ["不是您代表的主体"]}}
        )
    return holder


def holdings_for_party(*, actor, orgs: list[Organisation] | None = None) -> list[Holding]:
    """The actor's organisations' vouchers grouped by policy and year (newest year first).
    `orgs`: `holder_orgs(actor=actor)` when the caller has it already."""
    names = family_names()
    groups: dict[tuple, Holding] = {}
    orgs = holder_orgs(actor=actor) if orgs is None else orgs
    qs = (
        Voucher.objects.filter(holder__in=orgs)
        .select_related("holder", "contract")
        .order_by("-fiscal_year", "family_slug", "id")
    )
    for v in qs:
        key = (v.holder_id, v.family_slug, v.fiscal_year)
        groups.setdefault(
            key,
            Holding(
                v.holder, v.family_slug, names.get(v.family_slug, v.family_slug), v.fiscal_year
            ),
        ).vouchers.append(v)
    return list(groups.values())


@dataclass
class ClaimOption:
    holder: Organisation
    family: str
    family_name: str
    route: str
    face_fen: int | None
    article: str
    note: str


def claim_options(*, actor, orgs: list[Organisation] | None = None) -> list[ClaimOption]:
    """Vouchers the actor's organisations can claim now (claim route, right kind and region, not
    yet claimed). `orgs`: `holder_orgs(actor=actor)` when the caller has it already."""
    orgs = holder_orgs(actor=actor) if orgs is None else orgs
    if not orgs:
        return []
    today = clock.today()
    pinned_claims = [p for p in pinned_in_force(today) if p.route == domain.CLAIM]
    if not pinned_claims:
        return []
    claimed = set(
        Voucher.objects.filter(
            holder__in=orgs,
            family_slug__in=[p.family.slug for p in pinned_claims],
            fiscal_year=today.year,
            contract__isnull=True,
            mode="application",
        )
        .exclude(status="returned")
        .values_list("holder_id", "family_slug")
    )
    options = []
    for pinned in pinned_claims:
        for org in orgs:
            if (org.pk, pinned.family.slug) in claimed:
                continue
            option = _claim_option(org, pinned)
            if option is not None:
                options.append(option)
    return options


def _claim_option(org: Organisation, pinned) -> ClaimOption | None:
    """The claim `org` may make under `pinned` (the caller checked it has not claimed yet)."""
    kind = QUOTE_KIND.get(org.kind)
    if (
        org.status != "approved"
        or kind not in pinned.version.applicant_kinds.value
        or not region_within(org.region_code, pinned.family.region_code)
    ):
        return None
    cap = domain.yearly_cap(pinned.version, kind)
    if cap is None:
        return None
    note = "；".join(a for a in pinned.version.assumptions if "额度" in a)
    return ClaimOption(
        org, pinned.family.slug, pinned.family.name, pinned.route, cap.amount_fen, cap.article, note
    )


def spendable_for_order(*, client: Organisation, family: str, order=None) -> list[Voucher]:
    """The client's vouchers of `family` that can pay for an order now: live, valid, with money
    left,
    and — for a contract voucher — only the order of its contract."""
    today = clock.today()
    qs = Voucher.objects.filter(
        holder=client, family_slug=family, status__in=list(SPENDABLE), face_fen__isnull=False
    )
    qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today)).select_related(
        "contract"
    )
    result = []
    for v in qs.order_by("valid_until", "id"):
        if v.remaining_fen <= 0:
            continue
        if v.contract_id and (order is None or v.contract.order_id != order.pk):
            continue
        result.append(v)
    return result


@dataclass
class IssuingFamily:
    family: PolicyFamily
    route: str
    label: str


def issuing_families(*, actor) -> list[IssuingFamily]:
    """Policies in force whose yearly vouchers the official may issue by button (automatic /
    membership)."""
    if not any(can_issue(actor, f.region_code) for f in PolicyFamily.objects.all()):
        return []
    result = []
    for pinned in pinned_in_force(clock.today()):
        if not can_issue(actor, pinned.family.region_code):
            continue
        if pinned.route in (domain.AUTOMATIC, domain.MEMBERSHIP):
            result.append(IssuingFamily(pinned.family, pinned.route, ROUTE_LABELS[pinned.route]))
    return result


def issuing_family_get(*, actor, family: str) -> IssuingFamily:
    """One of `issuing_families`; ValidationFailed `not_issuable` for any other policy."""
    choice = next((i for i in issuing_families(actor=actor) if i.family.slug == family), None)
    if choice is None:
        raise ValidationFailed(
            "该政策当前不能由您按年度发放创新券",
            code=Code.NOT_ISSUABLE,
            details={"fields": {"family": ["请选择可由您发放的政策"]}},
        )
    return choice


def vouchers_expiring(
    *, actor, within_days: int = 30, orgs: list[Organisation] | None = None
) -> list[Voucher]:
    today = clock.today()
    orgs = holder_orgs(actor=actor) if orgs is None else orgs
    qs = Voucher.objects.filter(
        holder__in=orgs,
        status__in=list(SPENDABLE),
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=within_days),
    )
    return [v for v in qs.order_by("valid_until") if v.remaining_fen is None or v.remaining_fen > 0]
