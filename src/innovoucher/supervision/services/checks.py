"""Spot checks (抽查): draw a sample from a documented sampling frame — at random with a recorded
seed, by risk score, or both; sample size from a confidence level and a margin of error — then
each check runs planned → in progress → findings → concluded with an outcome. Flying checks
(飞行抽查, Liaocheng art. 23) are not announced to the parties."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse

from innovoucher.core import audit, clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.lifecycle import transition_apply
from innovoucher.notifications.services import notify_organisation
from innovoucher.policies.services import engine_version
from innovoucher.supervision import domain, selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.lifecycles import CHECK
from innovoucher.supervision.models import Finding, Sample, SpotCheck
from innovoucher.supervision.permissions import require_supervisor
from innovoucher.supervision.services import clawbacks, measures
from innovoucher.supervision.services.common import new_number, required_text
from innovoucher.supervision.states import OFFICIAL, Outcome, SampleMethod
from innovoucher.workdays.services import deadline_after

# The texts set no time limit for a check: 20 working days from the draw (an assumption).
CHECK_DAYS = 20
FLYING_ARTICLE = "聊城市科技创新券管理办法第二十三条（飞行抽查）"
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _invalid(field: str, message: str, code: str = Code.FRAME_INVALID) -> ValidationFailed:
    return ValidationFailed(message, code=code, details={"fields": {field: [message]}})


def _decimal(value, field: str, label: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _invalid(field, f"{label}须为数字，如 0.95", Code.SAMPLE_SIZE_INVALID) from None


def _size(population: int, size, confidence: Decimal, margin: Decimal) -> int:
    if size not in (None, ""):
        try:
            size = int(size)
        except (TypeError, ValueError):
            raise _invalid("size", "样本量须为整数", Code.SAMPLE_SIZE_INVALID) from None
        if not 1 <= size <= population:
            message = f"样本量须在 1 至 {population}（抽样框数量）之间"
            raise _invalid("size", message, Code.SAMPLE_SIZE_INVALID)
        return size
    try:
        return max(1, domain.sample_size(population, confidence, margin))
    except ValueError:
        message = "置信水平须为 0.90、0.95 或 0.99，允许误差须在 0 与 1 之间"
        raise _invalid("confidence", message, Code.SAMPLE_SIZE_INVALID) from None


def _limits(frame) -> dict:
    """Tier bounds and caps (fen) of each policy version pinned in the frame."""
    found = {}
    for redemption in frame:
        if redemption.policy_version_id not in found:
            version = engine_version(redemption.policy_version)
            amounts = [c.amount_fen for c in version.caps]
            amounts += [t.up_to_fen for c in version.components for t in c.tiers if t.up_to_fen]
            found[redemption.policy_version_id] = tuple(sorted(set(amounts)))
    return found


def _chosen(method: str, items, size: int, seed: int) -> tuple[list[int], dict]:
    risks = domain.score_frame(items)
    scores = {i: r.score for i, r in risks.items()}
    if method == SampleMethod.RANDOM:
        chosen = domain.random_sample(scores, size, seed)
    elif method == SampleMethod.RISK:
        chosen = domain.risk_sample(scores, size)
    else:
        chosen = domain.combined_sample(scores, size, seed)
    return chosen, risks


def sample_draw(
    *,
    actor,
    region_code: str,
    family: str,
    period_from: dt.date,
    period_to: dt.date,
    method: str = SampleMethod.RANDOM,
    provider=None,
    confidence="0.95",
    margin="0.05",
    size=None,
    seed=None,
    flying: bool = False,
) -> Sample:
    """Draw spot checks from the frame (family, period, region, provider). The same seed over the
    same frame gives the same sample; the seed, the frame and the sizes are recorded."""
    require_supervisor(actor, region_code)
    if method not in SampleMethod.values:
        raise _invalid("method", "请选择抽取方式：随机、按风险或两者结合")
    if not isinstance(period_from, dt.date) or not isinstance(period_to, dt.date):
        raise _invalid("period_from", "请填写抽查期间")
    if period_from > period_to:
        raise _invalid("period_to", "抽查期间的结束日期不能早于开始日期")
    confidence = _decimal(confidence, "confidence", "置信水平")
    margin = _decimal(margin, "margin", "允许误差")
    frame = list(
        selectors.frame_redemptions(
            region_code=region_code,
            family=family,
            period_from=period_from,
            period_to=period_to,
            provider=provider,
        )
    )
    if not frame:
        raise _invalid(
            "period_from", "抽样框内没有可抽查的兑付申请，请调整政策、期间或地区", Code.FRAME_EMPTY
        )
    n = _size(len(frame), size, confidence, margin)
    if seed in (None, ""):
        seed = secrets.randbelow(2**31)
    try:
        seed = int(seed)
    except (TypeError, ValueError):
        raise _invalid("seed", "随机种子须为整数", Code.SAMPLE_SIZE_INVALID) from None
    chosen, risks = _chosen(method, selectors.risk_items(frame, _limits(frame)), n, seed)
    if not chosen:
        raise _invalid("method", "抽样框内没有风险分大于零的申请，请改用随机抽取", Code.FRAME_EMPTY)
    today = clock.today()
    by_id = {r.pk: r for r in frame}
    with transaction.atomic():
        sample = Sample.objects.create(
            number=new_number("CC", today),
            region_code=region_code,
            family_slug=family,
            period_from=period_from,
            period_to=period_to,
            provider=provider,
            method=method,
            flying=bool(flying),
            seed=seed,
            confidence=confidence,
            margin=margin,
            population=len(frame),
            size=len(chosen),
            frame_ids=[r.pk for r in frame],
            article=FLYING_ARTICLE if flying else "",
            created_by=actor,
            created_at=clock.now(),
        )
        audit.record(
            actor=actor,
            action="supervision.sample.draw",
            obj=sample,
            region_code=region_code,
            data={
                "number": sample.number,
                "method": method,
                "seed": seed,
                "population": len(frame),
                "size": len(chosen),
                "chosen": chosen,
                "flying": bool(flying),
            },
        )
        due = deadline_after(today, CHECK_DAYS, "working")
        for pk in chosen:
            _plan(actor, sample, by_id[pk], risks[pk], due)
    return sample


def _plan(actor, sample: Sample, redemption, risk: domain.Risk, due: dt.date) -> SpotCheck:
    check = SpotCheck.objects.create(
        number=new_number("CK", sample.created_at.date()),
        sample=sample,
        redemption=redemption,
        region_code=redemption.region_code,
        risk_score=risk.score,
        risk_factors=risk.factors,
        flying=sample.flying,
        due_on=due,
    )
    audit.record(
        actor=actor,
        action="supervision.spot_check.plan",
        obj=check,
        region_code=check.region_code,
        data={"number": check.number, "redemption": redemption.number, "risk": risk.score},
    )
    if not sample.flying:  # a flying check is not announced
        transaction.on_commit(
            lambda: notify_organisation(
                organisation=redemption.applicant,
                subject="兑付项目被抽中监督检查",
                body=(
                    f"兑付申请 {redemption.number} 被抽中检查，请于"
                    f"{domain.cn_date(due)}前配合提供合同、发票、服务报告等材料"
                ),
                url=reverse("redemptions:mine"),
                key=f"spot_check:{check.pk}:planned",
            )
        )
    return check


def check_start(*, actor, check: SpotCheck) -> SpotCheck:
    return transition_apply(CHECK, actor=actor, obj=check, action="start", by=OFFICIAL)


def _evidence(upload) -> None:
    if upload is None:
        return
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(EVIDENCE_TYPES):
        raise _invalid("evidence", "证据材料须为 PDF、JPG 或 PNG 文件", Code.FINDING_INVALID)
    if (getattr(upload, "size", 0) or 0) > EVIDENCE_MAX_BYTES:
        raise _invalid("evidence", "证据材料不能超过 10 MB", Code.FINDING_INVALID)


def _amount(value, ceiling: int) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= ceiling:
        message = f"涉及金额须为 0 至 {ceiling // 100} 元之间（以分计的整数）"
        raise _invalid("amount_fen", message, Code.FINDING_INVALID)
    return value


def finding_record(
    *, actor, check: SpotCheck, text: str, amount_fen: int = 0, evidence=None
) -> Finding:
    """Record a finding (with an evidence upload); the check moves to `findings`."""
    text = required_text(text, "text", "检查发现", Code.FINDING_INVALID)
    amount = _amount(amount_fen, check.redemption.subsidy_fen)
    _evidence(evidence)
    holder: dict = {}

    def add(obj):
        holder["finding"] = Finding.objects.create(
            spot_check=obj,
            text=text,
            amount_fen=amount,
            evidence=evidence,
            recorded_by=actor,
            recorded_at=clock.now(),
        )

    transition_apply(
        CHECK,
        actor=actor,
        obj=check,
        action="report",
        by=OFFICIAL,
        audit_data={"finding": text[:200], "amount_fen": amount},
        after=add,
    )
    return holder["finding"]


def check_conclude(
    *,
    actor,
    check: SpotCheck,
    outcome: str,
    conclusion: str = "",
    reasons=(),
    party: str | None = None,
    days=None,
) -> SpotCheck:
    """The outcome of a check: no issue / rectify (a 限期整改 measure on `party` — the applicant
    by default, or the provider — due in `days`, 30 by default) / recover (a clawback notice for
    the amount of the findings, the voucher withdrawn) / refer."""
    if outcome not in Outcome.values:
        raise _invalid("outcome", "请选择处理结论", Code.OUTCOME_INVALID)
    findings = list(check.findings.all())
    if outcome != Outcome.NO_ISSUE and not findings:
        raise _invalid("outcome", "尚无检查发现，只能作出“未发现问题”的结论", Code.OUTCOME_INVALID)
    amount = min(sum(f.amount_fen for f in findings), check.redemption.subsidy_fen)
    if outcome == Outcome.RECOVER:
        clawbacks.require_recoverable(check.redemption, amount)
    after = None
    if outcome == Outcome.RECOVER:

        def after(obj):
            clawbacks.clawback_issue(actor=actor, check=obj, amount_fen=amount)

    elif outcome == Outcome.RECTIFY:
        target, n = measures.rectify_party(check, party), measures.rectify_days(days)

        def after(obj):
            measures.rectification_issue(actor=actor, check=obj, party=target, n=n)

    text = (conclusion or "").strip() or Outcome(outcome).label
    return transition_apply(
        CHECK,
        actor=actor,
        obj=check,
        action="conclude",
        by=OFFICIAL,
        reasons=reasons or [text],
        values={"outcome": outcome, "conclusion": text},
        audit_data={"outcome": outcome, "amount_fen": amount if outcome == Outcome.RECOVER else 0},
        after=after,
    )
