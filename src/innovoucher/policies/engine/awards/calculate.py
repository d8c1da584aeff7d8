"""The provider-award calculation: version on 31 December of the year → each award → caps → shares.

Pure Python. Every step appends to the trace with its article; amounts are integer fen; rates are
rounded down to the fen (a ceiling is never exceeded); a total cap over several awards is shared
out by largest remainder, so the awards and the funders' shares always add up to the total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from innovoucher.core.money import apply_rate_floor, fen_to_yuan, split_largest_remainder
from innovoucher.policies.engine.awards import codes
from innovoucher.policies.engine.awards.model import (
    BASES,
    COUNTS,
    Award,
    AwardRequest,
    ProviderAwards,
)
from innovoucher.policies.engine.calculate import Reason, Step
from innovoucher.policies.engine.conditions import evaluate
from innovoucher.policies.engine.model import PolicyFamily, PolicyVersion
from innovoucher.policies.engine.vocabulary import FUNDER_LEVELS


@dataclass
class AwardLine:
    award: Award
    amount_fen: int


@dataclass
class AwardResult:
    policy: str
    version: str | None
    year: int
    eligible: bool = False
    total_fen: int = 0
    shares_fen: dict[str, int] = field(default_factory=dict)
    lines: list[AwardLine] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    trace: list[Step] = field(default_factory=list)

    def as_contract(self) -> dict:
        """The result JSON of contracts.md (provider-award request)."""
        return {
            "policy": self.policy,
            "version": self.version,
            "year": self.year,
            "eligible": self.eligible,
            "total": fen_to_yuan(self.total_fen),
            "shares": {k: fen_to_yuan(v) for k, v in self.shares_fen.items()},
            "awards": [
                {
                    "code": line.award.code,
                    "amount": fen_to_yuan(line.amount_fen),
                    "funder": line.award.funder,
                    "article": line.award.article,
                }
                for line in self.lines
            ],
            "reasons": [
                {"code": r.code, "message": r.message, "article": r.article, "verdict": r.verdict}
                for r in self.reasons
            ],
            "trace": [{"step": s.step, "value": s.value, "article": s.article} for s in self.trace],
        }


def last_day(year: int) -> dt.date:
    """The day whose version governs the awards for a year's services."""
    return dt.date(year, 12, 31)


def award_quote(family: PolicyFamily, request: AwardRequest) -> AwardResult:
    version = family.version_on(last_day(request.year))
    if version is None:
        return _not_in_force(family, request)
    return award_compute(version, request)


def _not_in_force(family: PolicyFamily, request: AwardRequest) -> AwardResult:
    result = AwardResult(policy=family.slug, version=None, year=request.year)
    day = last_day(request.year)
    started = [v for v in family.versions if v.effective_from.value <= day]
    if started:
        last = max(started, key=lambda v: v.effective_from.value)
        message = (
            f"《{family.name}》{last.title}已于{_cn_date(last.effective_to.value)}届满失效，"
            f"{_cn_date(day)}（{request.year}年度最后一天）没有有效的政策版本，"
            "不能按该政策测算服务机构补助"
        )
        article = last.effective_to.article
    else:
        first = min(family.versions, key=lambda v: v.effective_from.value)
        message = (
            f"《{family.name}》自{_cn_date(first.effective_from.value)}起施行，"
            f"{request.year}年度尚未施行"
        )
        article = first.effective_from.article
    result.reasons.append(Reason(codes.NO_VERSION_IN_FORCE, message, article, codes.VERDICT_FAIL))
    result.trace.append(Step("政策版本", f"{_cn_date(day)}无有效版本", article))
    return result


def award_compute(version: PolicyVersion, request: AwardRequest) -> AwardResult:
    result = AwardResult(policy=version.family, version=version.code, year=request.year)
    result.trace.append(
        Step(
            "政策版本",
            f"{version.title}（{version.code}）：按{_cn_date(last_day(request.year))}有效的版本"
            f"测算{request.year}年度服务的补助",
            version.effective_from.article,
        )
    )
    awards = version.provider_awards
    if awards is None or not awards.awards:
        return _none(version, awards, result)
    amounts: dict[str, int] = {}
    for award in awards.awards:
        amount = _amount(award, request, amounts, result)
        if amount is not None:
            amounts[award.code] = amount
    lines = [AwardLine(a, amounts[a.code]) for a in awards.awards if amounts.get(a.code)]
    result.lines = _total_cap(awards, lines, result)
    result.total_fen = sum(line.amount_fen for line in result.lines)
    result.shares_fen = {
        level: sum(x.amount_fen for x in result.lines if x.award.funder == level)
        for level in awards.funders()
    }
    for level, fen in result.shares_fen.items():
        articles = "；".join(dict.fromkeys(a.article for a in awards.awards if a.funder == level))
        result.trace.append(
            Step(
                f"分担：{FUNDER_LEVELS[level]}",
                f"由{FUNDER_LEVELS[level]}承担 {fen_to_yuan(fen)} 元",
                articles,
            )
        )
    _operating_subsidy(awards, result)
    result.reasons += [
        Reason(n.code, n.message, n.article, codes.VERDICT_RECORD) for n in awards.notes
    ]
    result.eligible = result.total_fen > 0
    result.reasons.append(_summary(awards, result))
    return result


def _none(
    version: PolicyVersion, awards: ProviderAwards | None, result: AwardResult
) -> AwardResult:
    message = awards.none_message if awards else f"{version.title}未规定对服务机构的补助或奖励"
    article = awards.article if awards else version.title
    result.reasons.append(Reason(codes.NO_PROVIDER_AWARDS, message, article, codes.VERDICT_FAIL))
    result.trace.append(
        Step("服务机构补助", "本政策未规定对服务机构的补助或奖励，补助为 0.00 元", article)
    )
    return result


# --- one award ---------------------------------------------------------------------------------


def _amount(
    award: Award, request: AwardRequest, amounts: dict[str, int], result: AwardResult
) -> int | None:
    """The award in fen after its own cap, or None when it does not apply (the reason says why)."""
    if award.when is not None and not evaluate(award.when, request.facts):
        return _not_met(award, award.message, result)
    if award.match is not None:
        matched = amounts.get(award.match)
        if not matched:
            return _not_met(
                award, f"{award.name}按“{award.match}”配套，该项补助未获得，无配套", result
            )
        amount = apply_rate_floor(matched, award.match_ratio)
        result.trace.append(
            Step(
                award.name,
                f"配套 {fen_to_yuan(matched)} × {_ratio(award)} = {fen_to_yuan(amount)}",
                award.article,
            )
        )
    elif award.per_unit_fen is not None:
        count = request.get(f"services.{award.count}") or 0
        amount = award.per_unit_fen * count
        result.trace.append(
            Step(
                award.name,
                f"{COUNTS[award.count]} {count} 份 × {fen_to_yuan(award.per_unit_fen)} = "
                f"{fen_to_yuan(amount)}",
                award.article,
            )
        )
    else:
        rate = award.rate
        if award.grade_rates:
            grade = request.get("evaluation.grade")
            rate = award.grade_rate(grade)
            tiers = "、".join(f"{g}档{_pct(r)}" for g, r in award.grade_rates)
            if rate is None:
                return _not_met(
                    award,
                    f"年度综合评价等级为 {grade}，{award.name}按评价结果分档给予（{tiers}），"
                    f"{grade} 级不在补助档次内",
                    result,
                )
            result.trace.append(
                Step(
                    f"{award.name}：评价档次",
                    f"评价等级 {grade}，适用比例 {_pct(rate)}（{tiers}）",
                    award.article,
                )
            )
        base = request.get(f"services.{award.base}") or 0
        amount = apply_rate_floor(base, rate)
        result.trace.append(
            Step(
                award.name,
                f"{BASES[award.base]} {fen_to_yuan(base)} × {_pct(rate)} = "
                f"{fen_to_yuan(amount)}（不足1分的部分舍去）",
                award.article,
            )
        )
    amount = _own_cap(award, amount, result)
    if award.ceiling and amount:
        result.reasons.append(
            Reason(
                codes.AWARD_CEILING,
                f"{award.name}：文本规定为“不超过{_pct(award.rate)}”，测算结果 "
                f"{fen_to_yuan(amount)} 元是上限，"
                "主管部门可在此限额内核定较少的金额",
                award.article,
                codes.VERDICT_RECORD,
            )
        )
    return amount


def _not_met(award: Award, message: str, result: AwardResult) -> None:
    result.reasons.append(Reason(award.code, message, award.article, codes.VERDICT_FAIL))
    result.trace.append(Step(award.name, f"不适用：{message}", award.article))
    return None


def _own_cap(award: Award, amount: int, result: AwardResult) -> int:
    if award.cap_fen is None:
        return amount
    if amount <= award.cap_fen:
        result.trace.append(
            Step(
                f"{award.name}：上限 {fen_to_yuan(award.cap_fen)} 元",
                f"{fen_to_yuan(amount)} 元未超过此上限",
                award.article,
            )
        )
        return amount
    result.trace.append(
        Step(
            f"{award.name}：上限 {fen_to_yuan(award.cap_fen)} 元",
            f"超过上限，由 {fen_to_yuan(amount)} 元调减为 {fen_to_yuan(award.cap_fen)} 元",
            award.article,
        )
    )
    result.reasons.append(
        Reason(
            codes.AWARD_CAPPED,
            f"{award.name}每年最高 {fen_to_yuan(award.cap_fen)} 元，按上限计",
            award.article,
            codes.VERDICT_RECORD,
        )
    )
    return award.cap_fen


def _total_cap(
    awards: ProviderAwards, lines: list[AwardLine], result: AwardResult
) -> list[AwardLine]:
    cap = awards.total_cap
    total = sum(line.amount_fen for line in lines)
    if cap is None:
        return lines
    step = f"{cap.label} {fen_to_yuan(cap.amount_fen)}"
    if total <= cap.amount_fen:
        result.trace.append(Step(step, f"合计 {fen_to_yuan(total)} 元，未超过此上限", cap.article))
        return lines
    shares = split_largest_remainder(
        cap.amount_fen, [(line.award.code, line.amount_fen) for line in lines]
    )
    result.trace.append(
        Step(
            step,
            f"合计 {fen_to_yuan(total)} 元超过上限，调减为 {fen_to_yuan(cap.amount_fen)} "
            "元（各项按原金额比例、最大余数法调减）",
            cap.article,
        )
    )
    result.reasons.append(
        Reason(
            codes.AWARD_CAPPED,
            f"{cap.label}为 {fen_to_yuan(cap.amount_fen)} 元，合计按上限计",
            cap.article,
            codes.VERDICT_RECORD,
        )
    )
    return [AwardLine(line.award, shares[line.award.code]) for line in lines]


def _operating_subsidy(awards: ProviderAwards, result: AwardResult) -> None:
    subsidy = awards.agency_operating_subsidy
    if subsidy is None:
        return
    amount = f"{subsidy.value} 元" if subsidy.value is not None else "文本未规定金额"
    result.trace.append(
        Step(
            "专业服务机构年度运行管理补贴",
            f"另行核定，不计入服务机构补助（{amount}）",
            subsidy.article,
        )
    )


def _summary(awards: ProviderAwards, result: AwardResult) -> Reason:
    if not result.eligible:
        return Reason(
            codes.NO_AWARD,
            "未达到本政策任何一项服务机构补助的条件，补助为 0.00 元",
            awards.article,
            codes.VERDICT_FAIL,
        )
    shares = "，".join(
        f"{FUNDER_LEVELS[k]}{fen_to_yuan(v)}元" for k, v in result.shares_fen.items() if v
    )
    message = f"测算服务机构补助 {fen_to_yuan(result.total_fen)} 元（{shares}）"
    if any(line.award.ceiling for line in result.lines):
        message += "；其中含文本规定的上限，实际金额以主管部门核定为准"
    return Reason(
        codes.AWARD_GRANTED,
        message,
        "；".join(dict.fromkeys(x.award.article for x in result.lines)),
        codes.VERDICT_ELIGIBLE,
    )


def _pct(rate) -> str:
    return f"{(rate * 100).normalize():f}%"


def _ratio(award: Award) -> str:
    return f"{award.match_ratio.normalize():f}"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
