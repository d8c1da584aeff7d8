"""Approval documents (批复): numbered, issued when a publicity list closes (one per list) or,
for a policy without publicity (Ningxia), one per policy, body and day of approval; rendered
as a PDF like a government document.

    approval_issue_for_publicity(actor=None, publicity=p)   # tick, after the list closed
    approval_issue_batches(moment)                          # tick, approvals of days gone by
    approval_pdf(approval) -> bytes                          # WeasyPrint + Noto CJK

Numbers: `<prefix>〔<year>〕<n>号`, e.g. 晋科券批〔2026〕12号, sequential per policy family and
year; the prefix comes from `APPROVAL_PREFIX` (policy slug → prefix, generic `<slug>批`). The
number is unique in the database: a collision (two issuers at once) takes the next number.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from innovoucher.accounts.permissions import actor_can, actor_organisation_ids, scope_q
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, NotFound
from innovoucher.core.lifecycle import acting_user
from innovoucher.core.listing import date_range_q
from innovoucher.core.money import fen_to_yuan_display, fen_to_yuan_grouped
from innovoucher.ledger.models import FunderLevel
from innovoucher.notifications.services import notify_organisation
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_version
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.domain import cn_date
from innovoucher.redemptions.models import Approval, Publicity, Redemption, RedemptionChange
from innovoucher.redemptions.services.common import next_serial, url_for
from innovoucher.redemptions.services.payment import (
    claim_shares,
    payee_organisation,
    payment_reserve,
)
from innovoucher.redemptions.services.publicity import publishing_region
from innovoucher.redemptions.states import ItemStatus, PublicityStatus, RedemptionStatus
from innovoucher.regions.domain import region_level
from innovoucher.regions.selectors import region_label
from innovoucher.registry.models import Organisation, OrganisationKind

log = logging.getLogger(__name__)
R = RedemptionStatus
APPROVAL_PREFIX = {
    "shanxi": "晋科券批",
    "shaoxing": "绍科券批",
    "urumqi": "乌科券批",
    "liaocheng": "聊科券批",
    "ningxia": "宁科券批",
}
READER_ROLES = (*REVIEWER_ROLES, Role.OPERATOR, Role.FINANCE_OFFICER, Role.AUDITOR)
# Redemptions a no-publicity approval batch lists: approved ones, whatever the ledger did since.
BATCHED = (R.APPROVED, R.QUEUED, R.PAYABLE, R.PAID, R.RECOVERED)


def approval_prefix(family: str) -> str:
    return APPROVAL_PREFIX.get(family, f"{family}批")


def approval_number(family: str, year: int, serial: int) -> str:
    return f"{approval_prefix(family)}〔{year}〕{serial}号"


def _issue(
    actor,
    *,
    family: str,
    region: str,
    title: str,
    redemptions: list[Redemption],
    publicity: Publicity | None,
) -> Approval:
    today = clock.today()
    total = sum(r.subsidy_fen for r in redemptions)
    for _ in range(8):
        number = approval_number(
            family, today.year, next_serial(Approval, approval_prefix(family), today.year)
        )
        try:
            with transaction.atomic():
                approval = Approval.objects.create(
                    number=number,
                    family_slug=family,
                    region_code=region,
                    title=title[:200],
                    publicity=publicity,
                    issued_on=today,
                    total_fen=total,
                    issued_at=clock.now(),
                    issued_by=acting_user(actor),
                )
            break
        except IntegrityError:
            if publicity is not None and Approval.objects.filter(publicity=publicity).exists():
                return Approval.objects.get(
                    publicity=publicity
                )  # issued by someone else at the same moment
    else:
        raise Conflict("批复文号生成冲突，请稍后重试", code=Code.NUMBER_CONFLICT)
    Redemption.objects.filter(pk__in=[r.pk for r in redemptions], approval__isnull=True).update(
        approval=approval
    )
    audit.record(
        actor=actor,
        action="redemptions.approval.issue",
        obj=approval,
        region_code=region,
        data={
            "number": approval.number,
            "total_fen": total,
            "redemptions": [r.number for r in redemptions],
        },
    )
    for r in redemptions:
        body = (
            f"{approval.title}（{approval.number}）已下达，您的兑付申请 {r.number} "
            f"核定补助 {fen_to_yuan_display(r.subsidy_fen)} 元。"
        )
        for org in {r.applicant, r.provider}:
            notify_organisation(
                organisation=org,
                subject=f"兑付已批复（{approval.number}）",
                body=body,
                url=url_for("redemptions:approval_detail", approval.pk),
                key=f"approval:{approval.pk}:{r.pk}",
            )
    return approval


def approval_issue_for_publicity(*, actor, publicity: Publicity) -> Approval | None:
    """The 批复 of a closed list: the items cleared (公示无异议); then their money is reserved."""
    existing = Approval.objects.filter(publicity=publicity).first()
    if existing is not None or publicity.status != PublicityStatus.CLOSED:
        return existing
    items = publicity.items.filter(status=ItemStatus.CLEARED).select_related(
        "redemption__applicant", "redemption__provider"
    )
    redemptions = [
        i.redemption
        for i in items
        if i.redemption.status == R.APPROVED and i.redemption.approval_id is None
    ]
    if not redemptions:
        return None
    family = _family_name(publicity.family_slug)
    title = f"关于下达{family}兑付资金的批复（{publicity.number}公示无异议项目）"
    with transaction.atomic():
        approval = _issue(
            actor,
            family=publicity.family_slug,
            region=publicity.region_code,
            title=title,
            redemptions=redemptions,
            publicity=publicity,
        )
    for r in redemptions:
        _reserve_safely(actor, r)
    return approval


def _reserve_safely(actor, redemption: Redemption) -> None:
    try:
        payment_reserve(actor=actor, redemption=redemption)
    except Conflict as exc:  # someone moved it meanwhile; the tick's sync step looks again
        log.info("兑付申请 %s 预留资金跳过：%s", redemption.number, exc.message)


def _family_name(slug: str) -> str:
    return PolicyFamily.objects.filter(slug=slug).values_list("name", flat=True).first() or slug


def approval_issue_due(moment=None) -> int:
    """Tick step: a 批复 for each closed list without one, and one per policy, body and day for
    redemptions approved without publicity on the days before today. Runs twice harmlessly."""
    issued = 0
    for publicity in Publicity.objects.filter(
        status=PublicityStatus.CLOSED, approval__isnull=True
    ).order_by("id"):
        issued += approval_issue_for_publicity(actor=None, publicity=publicity) is not None
    return issued + approval_issue_batches()


def approval_issue_batches(*, actor=None) -> int:
    """No-publicity policies: one 批复 per (family, publishing body, day of approval), for days
    that are over (a day's batch is complete at midnight)."""
    today = clock.today()
    approved = (
        RedemptionChange.objects.filter(
            action="approve", redemption__approval__isnull=True, redemption__status__in=BATCHED
        )
        .select_related(
            "redemption__applicant", "redemption__provider", "redemption__policy_version__family"
        )
        .order_by("at", "id")
    )
    groups: dict[tuple[str, str, dt.date], list[Redemption]] = {}
    for change in approved:
        day = clock_day(change.at)
        if day >= today:
            continue
        r = change.redemption
        region = publishing_region(r, engine_version(r.policy_version))
        group = groups.setdefault((r.family_slug, region, day), [])
        if r not in group:
            group.append(r)
    for (family, region, day), redemptions in groups.items():
        title = f"关于下达{_family_name(family)}兑付资金的批复（{cn_date(day)}审定）"
        with transaction.atomic():
            _issue(
                actor,
                family=family,
                region=region,
                title=title,
                redemptions=redemptions,
                publicity=None,
            )
    return len(groups)


def clock_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# --- reading -------------------------------------------------------------------------------------


def _party_or_official_q(actor) -> Q:
    orgs = actor_organisation_ids(actor)
    q = scope_q(actor, READER_ROLES) | scope_q(actor, READER_ROLES, "redemptions__region_code")
    if orgs:
        q |= (
            Q(redemptions__applicant_id__in=orgs)
            | Q(redemptions__provider_id__in=orgs)
            | Q(redemptions__submitted_via_id__in=orgs)
        )
    return q


def approval_list_for_actor(
    *,
    actor,
    q: str = "",
    issued_from: dt.date | None = None,
    issued_to: dt.date | None = None,
):
    """批复 the actor may read: officials of the issuing region or of a listed applicant's
    region, and the parties (applicant, provider, incubator) of a listed redemption. `q` (number
    or title) and the issue dates narrow them."""
    if not getattr(actor, "is_authenticated", False):
        return Approval.objects.none()
    ids = Approval.objects.filter(_party_or_official_q(actor)).values("pk")
    qs = Approval.objects.filter(pk__in=ids)
    if q := (q or "").strip():
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q))
    qs = qs.filter(date_range_q("issued_on", issued_from, issued_to))
    return qs.order_by("-issued_on", "-id")


def approval_get(*, actor, pk) -> Approval:
    approval = approval_list_for_actor(actor=actor).filter(pk=pk).first()
    if approval is None:
        raise NotFound("批复不存在或您无权查看", code=Code.APPROVAL_NOT_FOUND)
    return approval


def is_official_reader(actor, approval: Approval) -> bool:
    return actor_can(actor, READER_ROLES, approval.region_code)


# --- the document --------------------------------------------------------------------------------


def issuing_body(region: str) -> str:
    kinds = (OrganisationKind.GOV_PROVINCE, OrganisationKind.GOV_CITY, OrganisationKind.GOV_COUNTY)
    official = (
        Organisation.objects.filter(region_code=region, kind__in=kinds)
        .order_by("id")
        .values_list("name", flat=True)
        .first()
    )
    if official:
        return official
    body = "科学技术厅" if region_level(region) == "province" else "科学技术局"
    return f"{region_label(region)}{body}"


def approval_document(approval: Approval) -> dict:
    """Everything the page and the PDF show: the policy text cited, one row per redemption with
    its funders' shares, the totals."""
    redemptions = list(
        approval.redemptions.select_related(
            "applicant", "provider", "policy_version__family"
        ).order_by("id")
    )
    versions = {r.policy_version_id: engine_version(r.policy_version) for r in redemptions}
    levels = [lv for lv in FunderLevel.values if any(lv in claim_shares(r) for r in redemptions)]
    rows, totals = [], {lv: 0 for lv in levels}
    for i, r in enumerate(redemptions, 1):
        shares = claim_shares(r)
        for lv in levels:
            totals[lv] += shares.get(lv, 0)
        rows.append(
            {
                "n": i,
                "redemption": r,
                "applicant": r.applicant.name,
                "provider": r.provider.name,
                "category": SERVICE_CATEGORIES.get(r.category, r.category),
                "contract": fen_to_yuan_grouped(r.contract_amount_fen),
                "subsidy": fen_to_yuan_grouped(r.subsidy_fen),
                "subsidy_fen": r.subsidy_fen,
                "shares": [fen_to_yuan_grouped(shares.get(lv, 0)) for lv in levels],
                "payee": payee_organisation(r).name,
            }
        )
    version = next(iter(versions.values()), None)
    family = PolicyFamily.objects.filter(slug=approval.family_slug).first()
    articles = []
    if version is not None:
        for key in ("review_chain", "publicity", "budget_exhaustion"):
            if key in version.process:
                articles.append(version.process[key].article)
        articles.append(version.payee.article)
    publicity = approval.publicity
    return {
        "approval": approval,
        "rows": rows,
        "levels": [FunderLevel(lv).label for lv in levels],
        "totals": [fen_to_yuan_grouped(totals[lv]) for lv in levels],
        "funder_totals": [
            (FunderLevel(lv).label, fen_to_yuan_grouped(totals[lv])) for lv in levels
        ],
        "total_fen": sum(r.subsidy_fen for r in redemptions),
        "total": fen_to_yuan_grouped(sum(r.subsidy_fen for r in redemptions)),
        "family": family,
        "document": family.document if family else "",
        "version_title": _distinct_title(
            version.title if version else "", family.document if family else ""
        ),
        "articles": [a for a in articles if a],
        "body": issuing_body(approval.region_code),
        "region": region_label(approval.region_code),
        "publicity": publicity,
        "publicity_period": f"{cn_date(publicity.starts_on)}至{cn_date(publicity.ends_on)}"
        if publicity
        else "",
        "issued_cn": cn_date(approval.issued_on),
    }


def _distinct_title(title: str, document: str) -> str:
    """The version's title where it says more than the document's name."""
    return (
        ""
        if title.replace("《", "").replace("》", "") == document.replace("《", "").replace("》", "")
        else title
    )


def approval_pdf(approval: Approval) -> bytes:
    """The 批复 as PDF (A4, GB/T 9704 margins, Noto Serif CJK embedded by WeasyPrint)."""
    from weasyprint import HTML

    html = render_to_string("redemptions/approval_pdf.html", approval_document(approval))
    return HTML(string=html).write_pdf()


def approval_filename(approval: Approval) -> str:
    return f"批复-{approval.number}.pdf"
