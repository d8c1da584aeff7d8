"""Evaluation rounds: an official opens one for a scheme, year and region; the platform computes
every subject's indicators and platform score; experts or officials add their scores; the round is
decided and published. Publishing a provider round proposes the awards (award quote with the
grade); publishing a scheme round records its effect on next year's budget in the ledger
(Shanxi art. 23)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.i18n import chinese
from innovoucher.core.lifecycle import transition_apply
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.evaluation import domain, indicators, permissions
from innovoucher.evaluation.codes import Code
from innovoucher.evaluation.lifecycles import ROUND
from innovoucher.evaluation.models import Assessment, EvaluationRound
from innovoucher.evaluation.services.awards import awards_propose
from innovoucher.evaluation.states import OFFICIAL, RoundKind, RoundStatus
from innovoucher.ledger import services as ledger
from innovoucher.policies.models import PolicyFamily
from innovoucher.regions.domain import is_region_code, region_level
from innovoucher.regions.selectors import region_code_known, region_label


def new_number(prefix: str, on: dt.date) -> str:
    return f"{prefix}{on:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}"


def _invalid(field: str, message: str, code=Code.ROUND_INVALID) -> ValidationFailed:
    return ValidationFailed(message, code=code, details={"fields": {field: [message]}})


def _validate_open(kind, family, region_code, year, expert_weight) -> None:
    if kind not in RoundKind.values:
        raise _invalid("kind", "请选择评价类型")
    if not PolicyFamily.objects.filter(slug=family).exists():
        raise _invalid("family", "请选择政策")
    if not is_region_code(region_code):
        raise _invalid("region_code", "请选择组织评价机关所在的行政区划（省、市或区县）")
    if not region_code_known(region_code):
        raise _invalid("region_code", "所选行政区划不在国家标准（GB/T 2260）中，请从列表中重新选择")
    if kind == RoundKind.COUNTY and region_level(region_code) == "county":
        raise _invalid("region_code", "县（市、区）评价须由市或省级科技部门组织")
    if not isinstance(year, int) or not 2000 <= year <= clock.today().year:
        raise _invalid("year", "评价年度须为已开始的年度")
    if expert_weight is not None and not (
        isinstance(expert_weight, int) and 0 <= expert_weight <= 100
    ):
        raise _invalid("expert_weight", "专家评分权重须为0—100的整数")


@transaction.atomic
@chinese  # stored text stays Chinese
def round_open(
    *,
    actor,
    kind: str,
    family: str,
    region_code: str,
    year: int,
    expert_weight: int | None = None,
    title: str = "",
) -> EvaluationRound:
    """Open a round and compute its indicators at once."""
    _validate_open(kind, family, region_code, year, expert_weight)
    permissions.require_official(actor, region_code, field="region_code")
    default_weight, _ = domain.EXPERT_WEIGHT.get(family, (0, ""))
    now = clock.now()
    title = (title or "").strip() or (
        f"{region_label(region_code)}{year}年度{RoundKind(kind).label}"
    )
    try:
        with transaction.atomic():
            rnd = EvaluationRound.objects.create(
                number=new_number("PJ", now.date()),
                kind=kind,
                family_slug=family,
                region_code=region_code,
                year=year,
                title=title[:200],
                article=domain.ARTICLES.get(kind, {}).get(family, ""),
                expert_weight=default_weight if expert_weight is None else expert_weight,
                opened_by=actor if getattr(actor, "is_authenticated", False) else None,
                opened_at=now,
            )
    except IntegrityError:
        raise Conflict("该地区该年度的同类评价已经发起", code=Code.ROUND_EXISTS) from None
    count = _compute(rnd)
    audit.record(
        actor=actor,
        action="evaluation.round.open",
        obj=rnd,
        region_code=region_code,
        data={
            "number": rnd.number,
            "kind": kind,
            "family": family,
            "year": year,
            "subjects": count,
        },
    )
    return rnd


def _require_open(rnd: EvaluationRound) -> None:
    if rnd.status != RoundStatus.OPEN:
        raise Conflict("该评价已评定，不能再修改指标或评分", code=Code.ROUND_NOT_OPEN)


@transaction.atomic
def round_recompute(*, actor, round: EvaluationRound) -> EvaluationRound:
    """Compute the indicators again from today's data (expert scores are kept)."""
    permissions.require_official(actor, round.region_code)
    round.refresh_from_db()
    _require_open(round)
    count = _compute(round)
    audit.record(
        actor=actor,
        action="evaluation.round.compute",
        obj=round,
        region_code=round.region_code,
        data={"number": round.number, "subjects": count},
    )
    return round


def _subjects(rnd: EvaluationRound) -> list[dict]:
    """(key, name, region, provider id, indicators, platform score) per subject of the round."""
    family, region, year = rnd.family_slug, rnd.region_code, rnd.year
    if rnd.kind == RoundKind.PROVIDER:
        figures = indicators.provider_indicators(family, region, year)
        largest = max((f["redeemed_fen"] for f in figures.values()), default=0)
        orgs = indicators.providers_named(figures)
        return [
            {
                "key": f"provider:{pk}",
                "name": orgs[pk].name,
                "region": orgs[pk].region_code,
                "provider_id": pk,
                "indicators": ind,
                "scored": domain.provider_score(ind, largest_redeemed_fen=largest),
            }
            for pk, ind in figures.items()
        ]
    if rnd.kind == RoundKind.COUNTY:
        figures = {
            code: ind
            for code, ind in indicators.county_indicators(family, region, year).items()
            if region_level(code) == "county"
        }
        largest = max((f.get("redeemed_fen", 0) for f in figures.values()), default=0)
        return [
            {
                "key": f"county:{code}",
                "name": region_label(code),
                "region": code,
                "provider_id": None,
                "indicators": ind,
                "scored": domain.county_score(ind, largest_redeemed_fen=largest),
            }
            for code, ind in sorted(figures.items())
        ]
    ind = indicators.scheme_indicators(family, region, year)
    return [
        {
            "key": f"scheme:{family}",
            "name": f"{region_label(region)}创新券（{year}年度）",
            "region": region,
            "provider_id": None,
            "indicators": ind,
            "scored": domain.scheme_score(ind),
        }
    ]


def _compute(rnd: EvaluationRound) -> int:
    subjects = _subjects(rnd)
    existing = {a.subject_key: a for a in rnd.assessments.all()}
    for s in subjects:
        a = existing.get(s["key"]) or Assessment(round=rnd, subject_key=s["key"])
        a.subject_name = s["name"][:200]
        a.region_code = s["region"]
        a.provider_id = s["provider_id"]
        a.indicators = {**s["indicators"], "parts": s["scored"].parts}
        a.platform_score = s["scored"].score
        _grade(rnd, a)
        a.save()
    rnd.computed_at = clock.now()
    rnd.summary = {"subjects": len(subjects)}
    EvaluationRound.objects.filter(pk=rnd.pk).update(
        computed_at=rnd.computed_at, summary=rnd.summary
    )
    return len(subjects)


def _grade(rnd: EvaluationRound, a: Assessment) -> None:
    a.score = domain.combine(a.platform_score, a.expert_score, rnd.expert_weight)
    a.grade = domain.grade_for(a.score)
    a.flags = domain.flags_for(rnd.kind, a.grade, a.indicators, rnd.family_slug)


@transaction.atomic
def assessment_score(*, actor, assessment: Assessment, score, comment: str = "") -> Assessment:
    """An expert's (or official's) score of one subject, 0–100; the grade follows."""
    rnd = assessment.round
    permissions.require_scorer(actor, rnd.region_code)
    rnd.refresh_from_db()
    _require_open(rnd)
    try:
        value = int(str(score).strip())
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 100:
        raise ValidationFailed(
            "评分须为0—100的整数",
            code=Code.SCORE_INVALID,
            details={"fields": {"score": ["评分须为0—100的整数"]}},
        )
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.expert_score = value
    assessment.expert_comment = (comment or "").strip()
    assessment.scored_by = actor if getattr(actor, "is_authenticated", False) else None
    _grade(rnd, assessment)
    assessment.save()
    audit.record(
        actor=actor,
        action="evaluation.assessment.score",
        obj=assessment,
        region_code=rnd.region_code,
        data={
            "round": rnd.number,
            "subject": assessment.subject_key,
            "score": value,
            "grade": assessment.grade,
        },
    )
    return assessment


def _grades(rnd: EvaluationRound) -> dict:
    counts: dict[str, int] = {}
    for grade in rnd.assessments.values_list("grade", flat=True):
        counts[grade] = counts.get(grade, 0) + 1
    return counts


def round_decide(*, actor, round: EvaluationRound) -> EvaluationRound:
    """open → decided: the grades are fixed (the summary counts them)."""
    summary = {**round.summary, "grades": _grades(round)}
    return transition_apply(
        ROUND,
        actor=actor,
        obj=round,
        action="decide",
        by=OFFICIAL,
        values={"summary": summary},
        audit_data={"grades": summary["grades"]},
    )


def round_reopen(*, actor, round: EvaluationRound, reasons) -> EvaluationRound:
    return transition_apply(
        ROUND, actor=actor, obj=round, action="reopen", by=OFFICIAL, reasons=reasons
    )


def round_publish(*, actor, round: EvaluationRound) -> EvaluationRound:
    """decided → published: provider rounds propose their awards, scheme rounds record next
    year's budget note (in the same transaction)."""
    return transition_apply(
        ROUND,
        actor=actor,
        obj=round,
        action="publish",
        by=OFFICIAL,
        after=lambda rnd: _on_publish(actor, rnd),
    )


def _on_publish(actor, rnd: EvaluationRound) -> None:
    if rnd.kind == RoundKind.PROVIDER:
        awards_propose(rnd)
    elif rnd.kind == RoundKind.SCHEME:
        _budget_note(actor, rnd)


def _budget_note(actor, rnd: EvaluationRound) -> None:
    a = rnd.assessments.first()
    if a is None:
        return
    base = a.indicators.get("budget_received_fen", 0)
    change = domain.adjustment_fen(a.grade, base)
    percent = domain.ADJUSTMENT_PERCENT.get(a.grade, 0)
    effect = (
        f"建议调增 {fen_to_yuan_display(change)}（{percent}%）"
        if change > 0
        else f"建议调减 {fen_to_yuan_display(-change)}（{-percent}%）"
        if change < 0
        else "建议维持本年度规模"
    )
    ledger.budget_note_record(
        actor=actor,
        reference=f"evaluation:{rnd.number}",
        funder_region=rnd.region_code,
        fiscal_year=rnd.year + 1,
        adjustment_fen=change,
        text=(
            f"{rnd.title}结果为 {a.grade} 级（{a.score} 分），"
            f"作为{rnd.year + 1}年度创新券资金安排的重要因素：{effect}"
        ),
        article=rnd.article or "山西办法第二十三条",
    )
