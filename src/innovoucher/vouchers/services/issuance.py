"""Issuing vouchers by the route of the policy version in force (`vouchers.domain.issuance_route`):

- claim (application without contract; Shaoxing 在线申领, Shanxi 即申即用): `voucher_claim`;
- per contract (Ningxia): `voucher_issue_for_contract`, called when the standard contract is
  approved;
- automatic (Urumqi 免申即享): `vouchers_issue_automatic` (tick step and an official's button);
- membership (Liaocheng): `voucher_grant_membership` (tick step, and lazily when first needed).

Each voucher pins the policy version it was issued under, its face value (with the article and
the trace of how it was computed) and its validity.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse

from innovoucher.accounts.permissions import actor_can
from innovoucher.core import audit, clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.money import fen_to_yuan
from innovoucher.notifications.services import notify_organisation
from innovoucher.policies.engine.model import PolicyVersion as EngineVersion
from innovoucher.policies.models import PolicyFamily
from innovoucher.regions.domain import region_prefix, region_within
from innovoucher.registry.fitness import refuse_if_banned, refuse_if_unfit  # supervision hook
from innovoucher.registry.models import QUOTE_KIND, Organisation
from innovoucher.registry.permissions import acts_for
from innovoucher.registry.states import RegistrationStatus
from innovoucher.vouchers import domain
from innovoucher.vouchers.codes import Code
from innovoucher.vouchers.models import Voucher, VoucherChange
from innovoucher.vouchers.permissions import HOLDER_KINDS, ISSUER_ROLES, OFFICIAL_READERS
from innovoucher.vouchers.policy import ROUTE_LABELS, Pinned, cn_date, pinned_version
from innovoucher.vouchers.quoting import failed_reasons, purchase_quote, trace_rows
from innovoucher.vouchers.states import IssuanceMode, VoucherStatus


def _holder_fits(pinned: Pinned, holder: Organisation) -> str:
    """The holder's quote kind; ValidationFailed naming the article when the policy does not cover
    it."""
    if holder.status != RegistrationStatus.APPROVED:
        raise ValidationFailed(
            "主体登记通过审核（实名认证）后才能获得创新券", code=Code.HOLDER_NOT_VERIFIED
        )
    kind = QUOTE_KIND.get(holder.kind)
    if holder.kind not in HOLDER_KINDS or kind not in pinned.version.applicant_kinds.value:
        raise ValidationFailed(
            f"“{pinned.family.name}”支持的主体不包括{holder.get_kind_display()}（{pinned.version.applicant_kinds.article}）",
            code=Code.HOLDER_KIND_NOT_SUPPORTED,
        )
    if not region_within(holder.region_code, pinned.family.region_code):
        raise ValidationFailed(
            f"“{pinned.family.name}”只面向本地区（{pinned.family.region_code}）注册的主体，"
            f"{holder.name}的注册地为{holder.region_code}",
            code=Code.HOLDER_OUT_OF_REGION,
        )
    return kind


def _cap_for(pinned: Pinned, kind: str):
    cap = domain.yearly_cap(pinned.version, kind)
    if cap is None:
        raise ValidationFailed(
            f"“{pinned.family.name}”未规定每年度额度，不能按年度发放创新券", code=Code.NO_YEARLY_CAP
        )
    return cap


def _assumptions(version: EngineVersion) -> list[str]:
    return [a for a in version.assumptions if "额度" in a or "上限" in a]


def _quota_trace(pinned: Pinned, cap) -> list[dict]:
    issuance = pinned.version.process["issuance"]
    rows = [
        {
            "step": "政策版本",
            "value": f"{pinned.version.title}（{pinned.version.code}）",
            "article": pinned.version.effective_from.article,
        },
        {"step": "发放方式", "value": ROUTE_LABELS[pinned.route], "article": issuance.article},
        {
            "step": f"面额：{cap.label or '每年度额度'}",
            "value": fen_to_yuan(cap.amount_fen),
            "article": cap.article,
        },
    ]
    rows += [
        {"step": "假设（政策原文未规定）", "value": a, "article": ""}
        for a in _assumptions(pinned.version)
    ]
    return rows


def _issue(
    actor,
    *,
    holder: Organisation,
    pinned: Pinned,
    mode: str,
    face_fen: int | None,
    article: str,
    trace: list,
    year: int,
    contract=None,
    reasons=(),
) -> Voucher:
    today = clock.today()
    validity = pinned.version.process.get("validity")
    voucher = Voucher.objects.create(
        number=domain.voucher_number("KJQ", year, holder.region_code, uuid.uuid4().hex[:8]),
        holder=holder,
        family_slug=pinned.family.slug,
        policy_version=pinned.row,
        region_code=holder.region_code,
        fiscal_year=year,
        mode=mode,
        face_fen=face_fen,
        contract=contract,
        issued_on=today,
        valid_until=domain.valid_until(validity.value if validity else None, today),
        article=article[:300],
        trace=trace,
        reasons=list(reasons),
        created_at=clock.now(),
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    VoucherChange.objects.create(
        voucher=voucher, action="issue", to_status=VoucherStatus.ISSUED, actor=user, at=clock.now()
    )
    audit.record(
        actor=actor,
        action="vouchers.voucher.issue",
        obj=voucher,
        region_code=holder.region_code,
        data={
            "number": voucher.number,
            "family": pinned.family.slug,
            "version": pinned.row.code,
            "mode": mode,
            "face": None if face_fen is None else fen_to_yuan(face_fen),
            "year": year,
        },
    )
    face = "金额在兑付时核定" if face_fen is None else f"面额 {fen_to_yuan(face_fen)} 元"
    until = f"，有效期至{cn_date(voucher.valid_until)}" if voucher.valid_until else ""
    notify_organisation(
        organisation=holder,
        subject=f"您已获得{pinned.family.name}（{face}）",
        body=f"券号 {voucher.number}，{year}年度{until}。依据：{article}",
        url=reverse("vouchers:detail", args=[voucher.pk]),
        key=f"voucher:{voucher.pk}:issued",
    )
    return voucher


def voucher_claim(*, actor, holder: Organisation, family: str) -> Voucher:
    """The holder claims its yearly voucher (face = the policy's `applicant_year` cap for its
    kind)."""
    if not acts_for(actor, holder):
        raise PermissionDenied("只有持券主体的经办人可以申领创新券")
    refuse_if_banned(holder)  # supervision hook: a banned party may not claim
    today = clock.today()
    pinned = pinned_version(family, today)
    if pinned.route != domain.CLAIM:
        raise ValidationFailed(
            f"“{pinned.family.name}”的创新券{ROUTE_LABELS.get(pinned.route, '')}，无需在线申领"
            f"（{pinned.version.process['issuance'].article}）",
            code=Code.NOT_CLAIMABLE,
        )
    cap = _cap_for(pinned, _holder_fits(pinned, holder))
    refuse_if_unfit(holder, family)  # supervision hook: credit commitment (Shaoxing 四（三）)
    if (
        Voucher.objects.filter(
            holder=holder,
            family_slug=family,
            fiscal_year=today.year,
            mode=IssuanceMode.APPLICATION,
            contract__isnull=True,
        )
        .exclude(status=VoucherStatus.RETURNED)
        .exists()
    ):
        raise Conflict(
            f"{holder.name}已申领{today.year}年度的{pinned.family.name}，每年度限申领一张",
            code=Code.ALREADY_CLAIMED,
        )
    try:
        with transaction.atomic():
            return _issue(
                actor,
                holder=holder,
                pinned=pinned,
                mode=IssuanceMode.APPLICATION,
                face_fen=cap.amount_fen,
                article=cap.article,
                trace=_quota_trace(pinned, cap),
                year=today.year,
            )
    except IntegrityError:
        raise Conflict(
            f"{holder.name}已申领{today.year}年度的创新券", code=Code.ALREADY_CLAIMED
        ) from None


def holder_year_committed(holder: Organisation, family: str, year: int) -> int:
    """Fen of the yearly cap that the holder's vouchers of `year` already take (see
    domain.committed)."""
    rows = Voucher.objects.filter(holder=holder, family_slug=family, fiscal_year=year).values_list(
        "status", "face_fen", "used_fen"
    )
    return domain.committed(list(rows)).total


def voucher_issue_for_contract(*, actor, contract, system: bool = False) -> Voucher:
    """One voucher for an approved standard contract (Ningxia): face = the engine's subsidy for the
    contract amount (marginal tiers), capped by what remains of the holder's yearly cap. Called by
    the contract approval (`orders.services.contract_approve`) in its transaction; idempotent."""
    existing = Voucher.objects.filter(contract=contract).first()
    if existing is not None:
        return existing
    if not system and not actor_can(actor, ISSUER_ROLES, contract.region_code):
        raise PermissionDenied("只有政策规定的审核部门可以审核合同并生成创新券")
    today = clock.today()
    pinned = pinned_version(contract.family_slug, today)
    if pinned.route != domain.PER_CONTRACT:
        raise ValidationFailed(
            f"“{pinned.family.name}”不按合同生成创新券", code=CoreCode.NOT_PER_CONTRACT
        )
    order = contract.order
    cap = _cap_for(pinned, _holder_fits(pinned, order.client))
    result = purchase_quote(
        version=pinned.row,
        client=order.client,
        provider=order.provider,
        category=order.category,
        amount_fen=contract.amount_fen,
        via_platform=order.via_platform,
        on=today,
    )
    if not result.eligible:
        reasons = "；".join(f"{r['message']}（{r['article']}）" for r in failed_reasons(result))
        raise ValidationFailed(
            f"按政策本合同不能生成创新券：{reasons}",
            code=Code.CONTRACT_NOT_ELIGIBLE,
            details={"reasons": failed_reasons(result)},
        )
    used = holder_year_committed(order.client, pinned.family.slug, today.year)
    remaining = max(cap.amount_fen - used, 0)
    face = min(result.subsidy_fen, remaining)
    if face <= 0:
        raise ValidationFailed(
            f"{order.client.name}{today.year}年度创新券额度"
            f"（{fen_to_yuan(cap.amount_fen)} 元）已用完（{cap.article}）",
            code=Code.YEARLY_CAP_REACHED,
        )
    step = {
        "step": f"年度额度：{cap.label or '每年度上限'} {fen_to_yuan(cap.amount_fen)}",
        "value": f"本年度已发放 {fen_to_yuan(used)}，尚余 {fen_to_yuan(remaining)}；"
        f"面额 = min({fen_to_yuan(result.subsidy_fen)}, {fen_to_yuan(remaining)}) = "
        f"{fen_to_yuan(face)}",
        "article": cap.article,
    }
    article = "；".join(
        dict.fromkeys(
            [
                pinned.version.process["issuance"].article,
                *(c.article for c in pinned.version.components),
            ]
        )
    )
    return _issue(
        actor,
        holder=order.client,
        pinned=pinned,
        mode=IssuanceMode.APPLICATION,
        face_fen=face,
        article=article,
        trace=[*trace_rows(result), step],
        year=today.year,
        contract=contract,
    )


def _may_issue_in(actor, family: PolicyFamily, system: bool) -> None:
    if not system and not actor_can(actor, ISSUER_ROLES, family.region_code):
        raise PermissionDenied(
            f"只有{family.name}所在地区的科技管理部门或平台运营机构可以发放创新券"
        )


def _eligible_holders(pinned: Pinned):
    kinds = [k for k in HOLDER_KINDS if QUOTE_KIND.get(k) in pinned.version.applicant_kinds.value]
    return Organisation.objects.filter(
        status=RegistrationStatus.APPROVED,
        kind__in=kinds,
        region_code__startswith=region_prefix(pinned.family.region_code),
    ).order_by("id")


def _quota_on(year: int) -> dt.date:
    today = clock.today()
    return (
        today
        if today.year == year
        else dt.date(year, 12, 31)
        if year < today.year
        else dt.date(year, 1, 1)
    )


def _grant_quota(
    actor, holder: Organisation, pinned: Pinned, mode: str, year: int
) -> Voucher | None:
    """Issue one yearly quota voucher unless the holder has it (the partial unique constraint
    decides races)."""
    if Voucher.objects.filter(
        holder=holder, family_slug=pinned.family.slug, fiscal_year=year, mode=mode
    ).exists():
        return None
    if mode == IssuanceMode.AUTOMATIC:
        cap = domain.yearly_cap(pinned.version, QUOTE_KIND.get(holder.kind, ""))
        if cap is None:
            return None
        face, article, trace = cap.amount_fen, cap.article, _quota_trace(pinned, cap)
    else:
        issuance = pinned.version.process["issuance"]
        face, article = None, issuance.article
        trace = [
            {
                "step": "发放方式",
                "value": ROUTE_LABELS[domain.MEMBERSHIP],
                "article": issuance.article,
            },
            {"step": "金额", "value": "在兑付时按政策核定", "article": issuance.article},
        ]
    try:
        with transaction.atomic():
            return _issue(
                actor,
                holder=holder,
                pinned=pinned,
                mode=mode,
                face_fen=face,
                article=article,
                trace=trace,
                year=year,
            )
    except IntegrityError:
        return None


def vouchers_issue_automatic(*, actor, family: str, year: int, system: bool = False) -> int:
    """免申即享: every verified eligible organisation in the policy region gets its yearly quota.
    Idempotent."""
    pinned = pinned_version(family, _quota_on(year))
    _may_issue_in(actor, pinned.family, system)
    if pinned.route != domain.AUTOMATIC:
        raise ValidationFailed(
            f"“{pinned.family.name}”不是免申即享方式发放（{pinned.version.process['issuance'].article}）",
            code=Code.NOT_AUTOMATIC,
        )
    return sum(
        1
        for h in _eligible_holders(pinned)
        if _grant_quota(actor, h, pinned, IssuanceMode.AUTOMATIC, year)
    )


def voucher_grant_membership(
    *, actor, holder: Organisation, family: str, system: bool = False
) -> Voucher:
    """The right to use vouchers of a membership policy this year (face NULL). Idempotent: returns
    the holder's right when it exists. The holder itself, an official of its region or the
    system."""
    if not system and not (
        acts_for(actor, holder) or actor_can(actor, OFFICIAL_READERS, holder.region_code)
    ):
        raise PermissionDenied("您无权为该主体办理创新券使用资格")
    today = clock.today()
    existing = Voucher.objects.filter(
        holder=holder, family_slug=family, fiscal_year=today.year, mode=IssuanceMode.MEMBERSHIP
    ).first()
    if existing is not None:
        return existing
    pinned = pinned_version(family, today)
    if pinned.route != domain.MEMBERSHIP:
        raise ValidationFailed(
            f"“{pinned.family.name}”不是注册即获资格的方式", code=Code.NOT_MEMBERSHIP
        )
    _holder_fits(pinned, holder)
    _grant_quota(actor, holder, pinned, IssuanceMode.MEMBERSHIP, today.year)
    return Voucher.objects.get(
        holder=holder, family_slug=family, fiscal_year=today.year, mode=IssuanceMode.MEMBERSHIP
    )


def vouchers_grant_membership_all(*, actor, family: str, system: bool = False) -> int:
    """Every verified party in the policy region gets its membership right for this year.
    Idempotent."""
    today = clock.today()
    pinned = pinned_version(family, today)
    _may_issue_in(actor, pinned.family, system)
    if pinned.route != domain.MEMBERSHIP:
        raise ValidationFailed(
            f"“{pinned.family.name}”不是注册即获资格的方式", code=Code.NOT_MEMBERSHIP
        )
    return sum(
        1
        for h in _eligible_holders(pinned)
        if _grant_quota(actor, h, pinned, IssuanceMode.MEMBERSHIP, today.year)
    )
