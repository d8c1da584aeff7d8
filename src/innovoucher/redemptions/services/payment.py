"""Payment of an approved redemption through the ledger, and the follow-up of its claim.

    payment_reserve_early(actor=…, redemption=r)  # review passed: shares publicity does not gate
    payment_reserve(actor=…, redemption=r)   # on approval: reserve / queue / refuse (兑完为止)
    payment_sync(redemption=r)               # tick: queued → payable, payable → paid
    payment_recover(actor=official, redemption=r, reasons=[…])   # sanction: money back; also
                                             # the repayment of a `recovering` one (recovery.py)
    payment_status(r)                        # what the payment panel shows

The ledger decides (`ledger.services.claim_reserve`): the funders' shares are reserved, the
claim waits in the fair queue, or it is refused by the policy's rule (`process.budget_exhaustion`:
wait / reject / carry_over) or by an annual cap. The redemption follows the claim through the
one executor. Every function is idempotent: the claim's business reference is
`redemption:<number>`, and a status already followed is left alone.

Shares the publicity does not gate (`process.publicity.gates`, Liaocheng art. 20: only the city's
money waits for 公示) are a claim of their own, `redemption:<number>:<levels>`, reserved when the
review chain has passed and paid in their funder's own batches; the redemption is paid when every
claim of it is paid (`redemption_claims`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q

from innovoucher.accounts.permissions import actor_can, actor_organisation_ids
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core import audit
from innovoucher.core import generation as counters
from innovoucher.core.errors import Conflict, NotFound, ValidationFailed
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.core.money import MoneyError, fen_to_yuan_display, yuan_to_fen
from innovoucher.core.refresh import refresh
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import Claim, Excess, FunderLevel, PaymentLine
from innovoucher.ledger.services.claims import claim_recovered_fen
from innovoucher.notifications.services import notify_organisations
from innovoucher.policies.services import engine_version
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.domain import paid_generation_name
from innovoucher.redemptions.models import Redemption, RedemptionChange
from innovoucher.redemptions.permissions import OFFICIAL_ROLES
from innovoucher.redemptions.services import vouchering
from innovoucher.redemptions.services.common import url_for
from innovoucher.redemptions.services.holdings import (
    claim_reference,
    early_claim,
    early_claims,
    release_holdings,
)
from innovoucher.redemptions.services.lifecycle import REDEMPTION, redemption_check
from innovoucher.redemptions.states import OFFICIAL, ClaimantKind, RedemptionStatus
from innovoucher.registry.payees import payee_ref
from innovoucher.registry.relations import controller_group_key

log = logging.getLogger(__name__)
R = RedemptionStatus

# Who may read a redemption's payment and who may recover it (a sanction of the policy's region).
READER_ROLES = (*REVIEWER_ROLES, Role.OPERATOR, Role.FINANCE_OFFICER, Role.AUDITOR)
RECOVER_ROLES = OFFICIAL_ROLES
# What reserving reads of a redemption besides its own row, loaded with it in one query.
PAYMENT_RELATED = ("policy_version__family", "applicant", "provider")
EXCESS = {"wait": Excess.WAIT, "reject": Excess.REJECT, "carry_over": Excess.CARRY_OVER}


# --- what the claim is made of -------------------------------------------------------------------


def _fen(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return yuan_to_fen(str(value)) if "." in str(value) else int(value)
    except (MoneyError, ValueError) as exc:
        raise ValidationFailed(f"出资份额“{value}”不是有效金额", code=Code.SHARES_INVALID) from exc


def claim_shares(redemption: Redemption) -> dict[str, int]:
    """The funders' shares in fen (zero shares left out: a claim share is always positive)."""
    shares = {level: _fen(v) for level, v in (redemption.shares or {}).items()}
    return {level: fen for level, fen in shares.items() if fen > 0 and level in FunderLevel.values}


def payee_organisation(redemption: Redemption):
    return (
        redemption.provider
        if redemption.payee_kind == ClaimantKind.PROVIDER
        else redemption.applicant
    )


def completed_at(redemption: Redemption) -> dt.datetime:
    """When the application became complete: its last (re)submission or the provider's
    confirmation, whichever came later. The fair queue is ordered by it."""
    last = RedemptionChange.objects.filter(
        redemption=redemption, action__in=("resubmit", "confirm")
    ).aggregate(at=Max("at"))["at"]
    moments = [
        m
        for m in (redemption.submitted_at, redemption.provider_confirmed_at, last)
        if m is not None
    ]
    return max(moments)


def annual_caps(redemption: Redemption, version) -> list[dict]:
    """The pinned version's yearly caps as the ledger's cap counters (per applicant / per group)."""
    applicant = redemption.applicant
    caps = []
    for cap in version.caps:
        if cap.kinds and applicant.kind not in cap.kinds:
            continue
        if cap.scope == "applicant_year":
            caps.append({"key": f"applicant:{applicant.party_key}", "limit_fen": cap.amount_fen})
        elif cap.scope == "group_year":
            caps.append({"key": f"group:{_group_key(redemption)}", "limit_fen": cap.amount_fen})
    return caps


def _group_key(redemption: Redemption) -> str:
    key = getattr(redemption, "group_key", "")
    if key:
        return key
    return controller_group_key(redemption.applicant)


def excess_rule(version) -> str:
    """What the ledger does when the money runs out (`process.budget_exhaustion`); a policy whose
    `process.carry_over` is false never carries a claim to the next year (it waits instead)."""
    param = version.process.get("budget_exhaustion")
    rule = EXCESS.get(param.value if param else "wait", Excess.WAIT)
    carry = version.process.get("carry_over")
    if rule == Excess.CARRY_OVER and carry is not None and carry.value is False:
        return Excess.WAIT
    return rule


# --- reserve on approval -------------------------------------------------------------------------


def early_levels(version) -> frozenset[str]:
    """Funder levels whose money does not wait for the publicity: those `process.publicity.gates`
    leaves out (none when the policy has no publicity or its publicity gates every share)."""
    param = version.process.get("publicity")
    gates = (param.value.get("gates") if param else None) or []
    return frozenset(FunderLevel.values) - set(gates) if gates else frozenset()


def split_shares(redemption: Redemption, version) -> tuple[dict[str, int], dict[str, int]]:
    """(shares reserved when the review passed, shares reserved on approval after publicity)."""
    shares, early = claim_shares(redemption), early_levels(version)
    return (
        {lv: fen for lv, fen in shares.items() if lv in early},
        {lv: fen for lv, fen in shares.items() if lv not in early},
    )


def _claim(actor, redemption: Redemption, version, reference: str, shares: dict) -> Claim:
    payee = payee_organisation(redemption)
    return ledger.claim_reserve(
        actor=actor,
        reference=reference,
        region_code=redemption.region_code,
        fiscal_year=redemption.fiscal_year,
        shares=shares,
        payee=ledger.Payee(
            kind=redemption.payee_kind,
            name=payee.name,
            account_masked=payee.bank_account_masked or "未登记",
            ref=payee_ref(payee),
        ),
        completed_at=completed_at(redemption),
        excess=excess_rule(version),
        caps=annual_caps(redemption, version),
        family=redemption.family_slug,
    )


def payment_reserve_early(*, actor, redemption: Redemption) -> Claim | None:
    """The review chain has passed: reserve the shares the publicity does not gate (Liaocheng:
    the province's share after 省科技厅确认, paid in the province's monthly batch, art. 17; only
    the city's waits for 公示, art. 20). Idempotent. A re-deliberation that changed them
    releases the unpaid claim and reserves the new amounts; once paid they cannot change."""
    redemption.refresh_from_db()
    version = engine_version(redemption.policy_version)
    early, _ = split_shares(redemption, version)
    if not early or redemption.status not in (R.PUBLICITY, R.APPROVED):
        return None
    base = f"{claim_reference(redemption)}:{'+'.join(sorted(early))}"
    with transaction.atomic():
        current = early_claim(redemption)
        if current is not None:
            stored = {s.funder_level: s.amount_fen for s in current.shares.all()}
            if stored == early:
                return current
            if (
                current.status == Claim.Status.PAID
                or current.payment_lines.filter(status=PaymentLine.Status.EXPORTED).exists()
            ):
                raise Conflict(
                    f"兑付申请 {redemption.number} 不受公示约束的份额已拨付（或在银行支付途中），"
                    "不能再调整其金额；如需收回请使用追回",
                    code=Code.EARLY_SHARE_PAID,
                )
            if current.status != Claim.Status.REJECTED:
                ledger.claim_release(
                    actor=actor, reference=current.reference, reason="重新审议后补助金额调整"
                )
            base = f"{base}:{early_claims(redemption).count() + 1}"
        return _claim(actor, redemption, version, base, early)


def redemption_claims(redemption: Redemption) -> list[Claim]:
    """Every claim paying this redemption: the one reserved on approval and the early one."""
    claims = list(Claim.objects.filter(reference=claim_reference(redemption)))
    early = early_claim(redemption)
    return claims + ([early] if early is not None else [])


@dataclass(frozen=True)
class ClaimsState:
    """Where the claims of one redemption stand together: refused or waiting when one is, paid
    when every one is."""

    status: str
    reason: str
    reason_code: str
    amount_fen: int


def claims_state(claims: list[Claim]) -> ClaimsState | None:
    if not claims:
        return None
    amount = sum(c.amount_fen for c in claims)
    for status in (Claim.Status.REJECTED, Claim.Status.QUEUED, Claim.Status.RELEASED):
        first = next((c for c in claims if c.status == status), None)
        if first is not None:
            return ClaimsState(status, first.reason, first.reason_code, amount)
    paid = all(c.status == Claim.Status.PAID for c in claims)
    return ClaimsState(Claim.Status.PAID if paid else Claim.Status.RESERVED, "", "", amount)


def payment_reserve(*, actor, redemption: Redemption) -> Redemption:
    """Ask the ledger for the money of an approved redemption and follow its answer."""
    return reserve_fresh(actor=actor, redemption=refresh(redemption, related=PAYMENT_RELATED))


def reserve_fresh(*, actor, redemption: Redemption) -> Redemption:
    """`payment_reserve` of a redemption its caller has just re-read in this transaction (the
    approval: `transition_apply` re-reads the row after its compare-and-swap)."""
    if redemption.status != R.APPROVED:
        return redemption
    if not claim_shares(redemption):
        log.warning("兑付申请 %s 没有出资份额，未登记资金", redemption.number)
        return redemption
    version = engine_version(redemption.policy_version)
    early, gated = split_shares(redemption, version)
    with transaction.atomic():
        if early:
            payment_reserve_early(actor=actor, redemption=redemption)
        if not gated:
            return _follow(actor, redemption, redemption_claims(redemption))
        # The claim just reserved (or found) is the one `redemption_claims` would read again.
        claim = _claim(actor, redemption, version, claim_reference(redemption), gated)
        current = early_claim(redemption) if early else None
        return _follow(actor, redemption, [claim] + ([current] if current is not None else []))


def _follow(actor, redemption: Redemption, claims: list[Claim]) -> Redemption:
    """Move the redemption where its claims are. Returns it (unchanged when already there)."""
    claim = claims_state(claims)
    if claim is None:
        return redemption
    values = {} if redemption.claim_reference else {"claim_reference": claims[0].reference}
    status = redemption.status
    if claim.status == Claim.Status.RESERVED and status in (R.APPROVED, R.QUEUED):
        redemption = transition_apply(
            REDEMPTION, actor=actor, obj=redemption, action="reserve", by=SYSTEM, values=values
        )
        _tell(
            redemption,
            "资金已预留，待拨付",
            f"兑付申请 {redemption.number} 的补助资金已预留，"
            f"将按批次拨付至{_payee_label(redemption)}。",
            "reserved",
        )
    elif claim.status == Claim.Status.QUEUED and status == R.APPROVED:
        redemption = transition_apply(
            REDEMPTION,
            actor=actor,
            obj=redemption,
            action="queue",
            by=SYSTEM,
            reasons=[claim.reason],
            values=values,
        )
        _tell(
            redemption,
            "预算不足，排队等待",
            f"兑付申请 {redemption.number} 已审定，{claim.reason}",
            "queued",
        )
    elif claim.status == Claim.Status.REJECTED and status in (R.APPROVED, R.QUEUED):
        reason = (
            claim.reason if claim.reason_code == "cap_exceeded" else f"预算已兑完：{claim.reason}"
        )
        redemption = transition_apply(
            REDEMPTION,
            actor=actor,
            obj=redemption,
            action="exhausted",
            by=SYSTEM,
            reasons=[reason],
            values=values,
        )
        release_holdings(actor=actor, redemption=redemption)
        _release_live(actor, claims, reason)
        _tell(
            redemption,
            "预算已兑完，未获兑付",
            f"兑付申请 {redemption.number}：{reason}",
            "exhausted",
        )
    elif claim.status == Claim.Status.PAID and status == R.PAYABLE:
        redemption = transition_apply(
            REDEMPTION, actor=actor, obj=redemption, action="pay", by=SYSTEM, values=values
        )
        counters.bump(
            paid_generation_name(redemption.fiscal_year)
        )  # the cached public statistics read `paid`
        vouchering.mark_redeemed(actor=actor, redemption=redemption)
        _tell(
            redemption,
            "补助资金已拨付",
            f"兑付申请 {redemption.number} 的补助资金 {fen_to_yuan_display(claim.amount_fen)} 元"
            f"已拨付至{_payee_label(redemption)}。",
            "paid",
        )
    elif values:
        Redemption.objects.filter(pk=redemption.pk, claim_reference="").update(**values)
        redemption.refresh_from_db()
    return redemption


def _release_live(actor, claims: list[Claim], reason: str) -> None:
    """One claim of a split redemption was refused: the others give their money back (what is
    already paid stays paid)."""
    for claim in claims:
        claim.refresh_from_db()
        if claim.status in (Claim.Status.QUEUED, Claim.Status.RESERVED):
            try:
                ledger.claim_release(actor=actor, reference=claim.reference, reason=reason)
            except Conflict as exc:
                log.warning("资金申请 %s 未能释放：%s", claim.reference, exc.message)


def _payee_label(redemption: Redemption) -> str:
    return payee_organisation(redemption).name


def _tell(redemption: Redemption, subject: str, body: str, event: str) -> None:
    notify_organisations(
        organisations=[redemption.applicant, redemption.provider],
        subject=f"{subject}（{redemption.number}）",
        body=body,
        url=url_for("redemptions:payment_detail", redemption.pk),
        key=f"redemption:{redemption.pk}:payment:{event}",
    )


# --- following the ledger (tick) -----------------------------------------------------------------


def payment_sync(*, redemption: Redemption, actor=None) -> bool:
    """Bring one redemption level with its claim. True when it moved."""
    if not redemption.claim_reference:
        return False
    claims = redemption_claims(redemption)
    if not claims:
        return False
    before = redemption.status
    with transaction.atomic():
        after = _follow(actor, redemption, claims)
    return after.status != before


def payment_sync_all(moment=None) -> int:
    """Tick step: reserve approved redemptions not yet in the ledger, then follow every claim that
    is waiting or being paid. Each redemption in its own transaction; a second run moves nothing."""
    moved = 0
    for r in (
        Redemption.objects.filter(status=R.APPROVED, claim_reference="")
        .filter(_reservable())
        .distinct()
        .order_by("id")
    ):
        moved += _safely(
            lambda r=r: payment_reserve(actor=None, redemption=r).status != R.APPROVED, r
        )
    waiting = (
        Redemption.objects.filter(status__in=(R.QUEUED, R.PAYABLE, R.APPROVED))
        .exclude(claim_reference="")
        .order_by("id")
    )
    for r in waiting:
        moved += _safely(lambda r=r: payment_sync(redemption=r), r)
    return moved


def _reservable() -> Q:
    """Approved with its approval document issued, or approved under a policy without publicity
    (reserved at once; this only retries a reservation that failed)."""
    return Q(approval__isnull=False) | Q(publicity_items__isnull=True)


def _safely(fn, redemption: Redemption) -> int:
    try:
        return int(bool(fn()))
    except Conflict as exc:  # moved by someone else meanwhile: the next run looks again
        log.info("兑付申请 %s 资金同步跳过：%s", redemption.number, exc.message)
        return 0


# --- recovery (sanction) -------------------------------------------------------------------------


def payment_recover(
    *,
    actor,
    redemption: Redemption,
    reasons,
    amount_fen: int | None = None,
    recovery_reference: str = "",
) -> Redemption:
    """Claw back a paid redemption's money (sanction) to the budgets it came from."""
    redemption_check(
        actor=actor,
        redemption=redemption,
        action="recover",
        by=OFFICIAL,
        reasons=reasons,
        source=False,
    )
    claims = redemption_claims(redemption)
    if redemption.status == R.RECOVERING and any(
        c.payment_lines.filter(status=PaymentLine.Status.EXPORTED).exists() for c in claims
    ):
        raise Conflict(
            f"兑付申请 {redemption.number} 先行拨付的资金仍在银行支付途中，"
            "请待银行回执到账后再登记缴回",
            code=Code.IN_BANK_PAYMENT,
        )
    paid = [c for c in claims if c.status == Claim.Status.PAID]
    if not paid or redemption.status not in (R.PAID, R.RECOVERING):
        raise Conflict(
            f"该兑付申请当前状态为“{redemption.get_status_display()}”，"
            "只有已拨付的申请才能追回资金",
            code=Code.NOT_PAID,
        )
    outstanding = {c.reference: c.amount_fen - claim_recovered_fen(c) for c in paid}
    amount = sum(outstanding.values()) if amount_fen is None else amount_fen
    reference = (recovery_reference or f"追回-{redemption.number}").strip()[:80]
    ending = redemption.status == R.RECOVERING
    with transaction.atomic():
        redemption = transition_apply(
            REDEMPTION, actor=actor, obj=redemption, action="recover", by=OFFICIAL, reasons=reasons
        )
        reasons = redemption.reasons
        counters.bump(
            paid_generation_name(redemption.fiscal_year)
        )  # left `paid`: the cached public statistics
        if ending:  # refused after an early payment: the rest goes as for any refusal
            release_holdings(actor=actor, redemption=redemption)
        for claim_ref, part in _recovery_parts(amount, outstanding).items():
            ledger.claim_recover(
                actor=actor,
                reference=claim_ref,
                amount_fen=part,
                recovery_reference=reference,
                reason="；".join(reasons),
            )
        audit.record(
            actor=actor,
            action="redemptions.payment.recover",
            obj=redemption,
            region_code=redemption.region_code,
            data={"amount_fen": amount, "recovery_reference": reference, "reasons": reasons},
        )
        _tell(
            redemption,
            "补助资金被追回",
            f"兑付申请 {redemption.number} 的补助资金 {fen_to_yuan_display(amount)} 元已被追回，"
            f"理由：{'；'.join(reasons)}",
            "recovered",
        )
    return redemption


def _recovery_parts(amount, outstanding: dict[str, int]) -> dict[str, int]:
    """The amount taken from the paid claims in order (a split redemption has two). An amount
    that is not a positive integer within what is outstanding goes whole to the first claim,
    whose ledger service refuses it with the limit."""
    total = sum(outstanding.values())
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= total:
        return {next(iter(outstanding)): amount}
    parts, left = {}, amount
    for ref, room in outstanding.items():
        take = min(room, left)
        if take > 0:
            parts[ref], left = take, left - take
    return parts


# --- reading -------------------------------------------------------------------------------------


def can_read_payment(actor, redemption: Redemption) -> bool:
    orgs = set(actor_organisation_ids(actor))
    if orgs & {redemption.applicant_id, redemption.provider_id, redemption.submitted_via_id}:
        return True
    return actor_can(actor, READER_ROLES, redemption.region_code)


def redemption_get_for_payment(*, actor, pk) -> Redemption:
    """A redemption whose payment the actor may see (a party of it, or an official of its
    region)."""
    redemption = (
        Redemption.objects.select_related("applicant", "provider", "approval").filter(pk=pk).first()
    )
    if redemption is None or not can_read_payment(actor, redemption):
        raise NotFound("兑付申请不存在或您无权查看", code=Code.REDEMPTION_NOT_FOUND)
    return redemption


AWAITS = "待公示期满无异议后预留"


@dataclass
class ShareView:
    level: str
    label: str
    amount_fen: int
    status: str
    status_label: str
    budget: str
    recovered_fen: int


@dataclass
class LineView:
    code: str
    period: str
    payer_region: str
    amount_fen: int
    status: str
    status_label: str
    bank_reference: str
    failure_reason: str
    settled_at: dt.datetime | None


@dataclass
class PaymentStatus:
    redemption: Redemption
    stage: str
    stage_label: str
    claim_status: str = ""
    claim_status_label: str = ""
    reason: str = ""
    amount_fen: int = 0
    recovered_fen: int = 0
    payee_name: str = ""
    payee_account: str = ""
    shares: list[ShareView] = field(default_factory=list)
    lines: list[LineView] = field(default_factory=list)
    can_recover: bool = False


def payment_status(redemption: Redemption, actor=None) -> PaymentStatus:
    """The payment of one redemption as the ledger sees it (for the panel and the API)."""
    result = PaymentStatus(
        redemption=redemption,
        stage=redemption.status,
        stage_label=redemption.get_status_display(),
        amount_fen=redemption.subsidy_fen,
    )
    payee = payee_organisation(redemption)
    result.payee_name, result.payee_account = payee.name, payee.bank_account_masked
    if redemption.status in (R.QUEUED, R.REJECTED) and redemption.reasons:
        result.reason = "；".join(redemption.reasons)
    claims = redemption_claims(redemption)
    state = claims_state(claims)
    if state is not None:
        result.claim_status = state.status
        result.claim_status_label = Claim.Status(state.status).label
        result.reason = state.reason or result.reason
        result.payee_name, result.payee_account = (
            claims[0].payee_name,
            claims[0].payee_account_masked,
        )
    for claim in claims:
        for share in claim.shares.select_related("budget"):
            result.shares.append(
                ShareView(
                    share.funder_level,
                    share.get_funder_level_display(),
                    share.amount_fen,
                    share.status,
                    share.get_status_display(),
                    str(share.budget) if share.budget else "",
                    share.recovered_fen,
                )
            )
        for line in PaymentLine.objects.filter(claim=claim).select_related("batch").order_by("id"):
            result.lines.append(
                LineView(
                    line.code,
                    line.batch.period,
                    line.payer_region,
                    line.amount_fen,
                    line.status,
                    line.get_status_display(),
                    line.bank_reference,
                    line.failure_reason,
                    line.settled_at,
                )
            )
    if claims:  # shares not yet claimed: those the publicity gates, until the list closes
        claimed = {s.level for s in result.shares}
        for level, fen in claim_shares(redemption).items():
            if level not in claimed:
                result.shares.append(
                    ShareView(level, FunderLevel(level).label, fen, "waiting", AWAITS, "", 0)
                )
    result.shares.sort(key=lambda s: FunderLevel.values.index(s.level))
    result.recovered_fen = sum(s.recovered_fen for s in result.shares)
    result.can_recover = (
        actor is not None
        and redemption.status in (R.PAID, R.RECOVERING)
        and actor_can(actor, RECOVER_ROLES, redemption.region_code)
    )
    return result
