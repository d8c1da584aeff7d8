"""The calculation core: eligibility → base → formula → caps → funder shares → payee.

Pure Python. Every step appends to a trace with the article it rests on; every amount is
integer fen; formulas round down (a ceiling "不超过" is never exceeded); shares are split by
largest remainder so they always add up to the subsidy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from innovoucher.core.money import apply_rate_floor, fen_to_yuan, split_largest_remainder
from innovoucher.policies.engine.conditions import evaluate
from innovoucher.policies.engine.dates import window_end
from innovoucher.policies.engine.model import (
    FUNDER_ORDER,
    Cap,
    Component,
    PolicyFamily,
    PolicyVersion,
)
from innovoucher.policies.engine.request import QuoteRequest
from innovoucher.policies.engine.vocabulary import (
    APPLICANT_KINDS,
    FUNDER_LEVELS,
    NOT_CAPPED,
    PAYEES,
    SERVICE_CATEGORIES,
)
from innovoucher.regions.domain import region_within

BASE_LABELS = {"paid_amount": "实际支付金额", "contract_amount": "合同金额"}
CAP_LABELS = {
    "applicant_year": "每个主体每年度上限",
    "group_year": "同一实际控制人每年度上限",
    "contract": "每份合同上限",
}


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    article: str
    verdict: str = "fail"  # fail | refer | record | eligible


@dataclass(frozen=True)
class Step:
    step: str
    value: str
    article: str = ""


@dataclass
class QuoteResult:
    policy: str
    version: str | None
    on: dt.date
    eligible: bool = False
    subsidy_fen: int = 0
    shares_fen: dict[str, int] = field(default_factory=dict)
    payee: str | None = None
    reasons: list[Reason] = field(default_factory=list)
    trace: list[Step] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return any(r.verdict == "refer" for r in self.reasons)

    def as_contract(self) -> dict:
        """The result JSON of contracts.md."""
        return {
            "policy": self.policy,
            "version": self.version,
            "on": self.on.isoformat(),
            "eligible": self.eligible,
            "subsidy": fen_to_yuan(self.subsidy_fen),
            "shares": {k: fen_to_yuan(v) for k, v in self.shares_fen.items()},
            "payee": self.payee,
            "reasons": [
                {"code": r.code, "message": r.message, "article": r.article, "verdict": r.verdict}
                for r in self.reasons
            ],
            "trace": [{"step": s.step, "value": s.value, "article": s.article} for s in self.trace],
        }


def quote(family: PolicyFamily, request: QuoteRequest) -> QuoteResult:
    version = family.version_on(request.on)
    if version is None:
        return _not_in_force(family, request)
    return compute(version, request)


def _not_in_force(family: PolicyFamily, request: QuoteRequest) -> QuoteResult:
    result = QuoteResult(policy=family.slug, version=None, on=request.on)
    started = [v for v in family.versions if v.effective_from.value <= request.on]
    if started:
        last = max(started, key=lambda v: v.effective_from.value)
        end = last.effective_to
        message = (
            f"《{family.name}》{last.title}已于{_cn_date(end.value)}届满失效，"
            f"{_cn_date(request.on)}没有有效的政策版本，不能按该政策测算"
        )
        article = end.article
    else:
        first = min(family.versions, key=lambda v: v.effective_from.value)
        message = (
            f"《{family.name}》自{_cn_date(first.effective_from.value)}起施行，"
            f"{_cn_date(request.on)}尚未施行"
        )
        article = first.effective_from.article
    result.reasons.append(Reason("no_version_in_force", message, article))
    result.trace.append(
        Step("政策版本", f"{_cn_date(request.on)}没有有效的政策版本，不能测算", article)
    )
    return result


def compute(version: PolicyVersion, request: QuoteRequest) -> QuoteResult:
    result = QuoteResult(policy=version.family, version=version.code, on=request.on)
    result.trace.append(
        Step(
            "政策版本",
            f"按{version.title}测算（{_cn_date(version.effective_from.value)}起施行）",
            version.effective_from.article,
        )
    )
    result.payee = _payee(version, request, result)
    _check_eligibility(version, request, result)
    if any(r.verdict == "fail" for r in result.reasons):
        result.shares_fen = {level: 0 for level in version.funders()}
        failed = [r.article for r in result.reasons if r.verdict == "fail"]
        result.trace.append(
            Step(
                "结论", "有不符合本政策规定的条件（见上文），补助为 0.00 元", _article_heads(failed)
            )
        )
        return result
    result.eligible = True
    _compute_amount(version, request, result)
    return result


# --- eligibility --------------------------------------------------------------------------------


def _check_eligibility(version: PolicyVersion, request: QuoteRequest, result: QuoteResult) -> None:
    kind = request.get("applicant.kind")
    if kind not in version.applicant_kinds.value:
        allowed = "、".join(APPLICANT_KINDS[k] for k in version.applicant_kinds.value)
        result.reasons.append(
            Reason(
                "applicant_kind",
                f"本政策支持的申请主体为{allowed}，不包括{APPLICANT_KINDS.get(kind, kind)}",
                version.applicant_kinds.article,
            )
        )
    _check_scope(version, request.get("service.category"), result)
    for rule in version.eligibility:
        _apply_rule(rule, request, result)
    _check_validity(version, request, result)


def _check_scope(version: PolicyVersion, category: str, result: QuoteResult) -> None:
    label = SERVICE_CATEGORIES.get(category, category)
    for exclusion in version.excluded:
        if category in exclusion.categories:
            result.reasons.append(
                Reason(
                    "scope_excluded",
                    f"“{label}”不属于支持范围：{exclusion.message}",
                    exclusion.article,
                )
            )
            return
    if category not in version.included.value:
        result.reasons.append(
            Reason(
                "scope_not_included",
                f"“{label}”不在本政策列明的支持范围内",
                version.included.article,
            )
        )
        return
    result.trace.append(
        Step("支持范围", f"“{label}”属于本政策支持的服务范围", version.included.article)
    )


def _apply_rule(rule, request: QuoteRequest, result: QuoteResult) -> None:
    if rule.applies_if is not None and not evaluate(rule.applies_if, request.facts):
        return
    if rule.verdict == "record":
        result.reasons.append(Reason(rule.code, rule.message, rule.article, "record"))
        return
    topic = rule_topic(rule)
    if evaluate(rule.require, request.facts):
        result.trace.append(Step(topic, f"符合本条规定：{rule.message}", rule.article))
        return
    message = f"{rule.message}。{rule.fix}" if rule.fix else rule.message
    result.reasons.append(Reason(rule.code, message, rule.article, rule.verdict))
    result.trace.append(
        Step(
            topic,
            ("不符合本条规定：" if rule.verdict == "fail" else "需审核人员核实：") + rule.message,
            rule.article,
        )
    )


# The trace names a rule by what it is about (the first fact it tests), never by its code.
RULE_TOPICS = {
    "applicant": "申请主体条件",
    "provider": "服务机构条件",
    "service": "服务事项条件",
}


def _first_fact(condition) -> str:
    if condition is None:
        return ""
    if condition.fact:
        return condition.fact
    return next((f for f in map(_first_fact, condition.children) if f), "")


def rule_topic(rule) -> str:
    fact = _first_fact(rule.require) or _first_fact(rule.applies_if)
    return RULE_TOPICS.get(fact.split(".")[0], "政策条件")


def _check_validity(version: PolicyVersion, request: QuoteRequest, result: QuoteResult) -> None:
    validity = version.process.get("validity")
    if validity is None or validity.value.get("from") != "completion":
        return
    completed = request.get("service.completed_on")
    last_day = window_end(completed, validity.value)
    if request.on > last_day:
        result.reasons.append(
            Reason(
                "validity_expired",
                f"创新券自服务完成之日（{_cn_date(completed)}）起有效，"
                f"有效期至{_cn_date(last_day)}，申请日已超过有效期",
                validity.article,
            )
        )
    else:
        result.trace.append(
            Step(
                "有效期",
                f"服务完成于{_cn_date(completed)}，有效期至{_cn_date(last_day)}（含当日）",
                validity.article,
            )
        )


# --- amount -------------------------------------------------------------------------------------


def _compute_amount(version: PolicyVersion, request: QuoteRequest, result: QuoteResult) -> None:
    base = request.get(f"service.{version.base.value}")
    result.trace.append(
        Step(
            "计算基数",
            f"以{BASE_LABELS[version.base.value]} {fen_to_yuan(base)} 元为计算基数",
            version.base.article,
        )
    )
    parts = [(c, _component_amount(c, base, request, result)) for c in version.components]
    total = sum(amount for _, amount in parts)
    applied = [c.article for c, amount in parts if amount > 0] or [
        c.article for c in version.components
    ]
    result.trace.append(
        Step("补助合计", f"各项补助合计 {fen_to_yuan(total)} 元", _article_heads(applied))
    )
    capped = _apply_caps(version, request, total, result)
    result.subsidy_fen = capped
    result.shares_fen = _shares(version, parts, capped)
    for level, fen in result.shares_fen.items():
        result.trace.append(
            Step(
                f"分担：{FUNDER_LEVELS[level]}",
                f"由{FUNDER_LEVELS[level]}承担 {fen_to_yuan(fen)} 元",
                _share_article(parts, level),
            )
        )
    result.reasons.append(_eligible_reason(version, result))


def _component_amount(
    component: Component, base: int, request: QuoteRequest, result: QuoteResult
) -> int:
    if component.when is not None and not evaluate(component.when, request.facts):
        result.trace.append(
            Step(component.name, "不适用：本项补助的适用条件未满足，不计算", component.article)
        )
        return 0
    if component.rate is not None:
        amount = apply_rate_floor(base, component.rate)
        result.trace.append(
            Step(
                component.name,
                f"按 {fen_to_yuan(base)} 元的 {_pct(component.rate)} 计算为 "
                f"{fen_to_yuan(amount)} 元（不足1分的部分舍去）",
                component.article,
            )
        )
        return amount
    exact, pieces, lower = Decimal(0), [], 0
    for tier in component.tiers:
        upper = base if tier.up_to_fen is None else min(base, tier.up_to_fen)
        if upper > lower:
            exact += Decimal(upper - lower) * tier.rate
            pieces.append(f"{fen_to_yuan(upper - lower)} 元 × {_pct(tier.rate)}")
        lower = max(lower, tier.up_to_fen or lower)
    amount = int(exact.to_integral_value(rounding=ROUND_DOWN))
    result.trace.append(
        Step(
            component.name,
            f"分段累进计算：{' + '.join(pieces) or '0'} = {fen_to_yuan(amount)} "
            "元（不足1分的部分舍去）",
            component.article,
        )
    )
    return amount


def _apply_caps(
    version: PolicyVersion, request: QuoteRequest, total: int, result: QuoteResult
) -> int:
    kind = request.get("applicant.kind")
    for cap in version.caps:
        if cap.kinds and kind not in cap.kinds:
            continue
        remaining = max(0, cap.amount_fen - _used(cap, request))
        label = cap.label or CAP_LABELS[cap.scope]
        if total > remaining:
            result.trace.append(
                Step(
                    f"封顶：{label} {fen_to_yuan(cap.amount_fen)} 元",
                    f"本年度尚可补助 {fen_to_yuan(remaining)} 元，补助由 {fen_to_yuan(total)} "
                    f"元调减为 {fen_to_yuan(remaining)} 元",
                    cap.article,
                )
            )
            total = remaining
            if remaining == 0:
                result.reasons.append(
                    Reason(
                        "cap_reached",
                        f"{label}为{fen_to_yuan(cap.amount_fen)}元，本年度额度已用完",
                        cap.article,
                        "record",
                    )
                )
        else:
            result.trace.append(
                Step(
                    f"上限：{label} {fen_to_yuan(cap.amount_fen)} 元",
                    f"本年度尚可补助 {fen_to_yuan(remaining)} 元，{fen_to_yuan(total)} "
                    f"元{NOT_CAPPED}",
                    cap.article,
                )
            )
    return total


def _article_heads(articles: list[str]) -> str:
    """Distinct articles, each up to its first colon (第十一条：…… → 第十一条), in order."""
    heads = []
    for a in articles:
        head = (a or "").split("：")[0].strip()
        if head and head not in heads:
            heads.append(head)
    return "、".join(heads)


def _used(cap: Cap, request: QuoteRequest) -> int:
    if cap.scope == "applicant_year":
        return request.get("applicant.received_this_year") or 0
    if cap.scope == "group_year":
        return max(
            request.get("applicant.group_received_this_year") or 0,
            request.get("applicant.received_this_year") or 0,
        )
    return 0


def _shares(
    version: PolicyVersion, parts: list[tuple[Component, int]], total: int
) -> dict[str, int]:
    weights: dict[str, Decimal] = {level: Decimal(0) for level in version.funders()}
    for component, amount in parts:
        weight_sum = sum(w for _, w in component.funders)
        for level, w in component.funders:
            weights[level] += Decimal(amount) * w / weight_sum
    ordered = [(level, weights[level]) for level in FUNDER_ORDER if level in weights]
    if sum(w for _, w in ordered) == 0:
        return {level: 0 for level, _ in ordered}
    return split_largest_remainder(total, ordered)


def _share_article(parts: list[tuple[Component, int]], level: str) -> str:
    return "；".join(
        dict.fromkeys(
            c.article for c, amount in parts if amount and any(lv == level for lv, _ in c.funders)
        )
    )


def _payee(version: PolicyVersion, request: QuoteRequest, result: QuoteResult) -> str:
    rule = version.payee
    if rule.rule == "by_provider_location":
        inside = region_within(request.get("provider.region") or "", rule.region)
        payee = "provider" if inside else "applicant"
        where = "区内" if inside else "区外"
        result.trace.append(
            Step("收款方", f"服务机构在{where}，补助拨付给{PAYEES[payee]}", rule.article)
        )
        return payee
    payee = request.get("service.claimant") if rule.rule == "claimant" else rule.rule
    result.trace.append(Step("收款方", f"补助拨付给{PAYEES[payee]}", rule.article))
    return payee


def _eligible_reason(version: PolicyVersion, result: QuoteResult) -> Reason:
    shares = "，".join(
        f"{FUNDER_LEVELS[k]}{fen_to_yuan(v)}元" for k, v in result.shares_fen.items() if v
    )
    articles = "；".join(dict.fromkeys(c.article for c in version.components))
    message = (
        f"符合本政策条件，测算补助 {fen_to_yuan(result.subsidy_fen)} 元"
        + (f"（{shares}）" if shares else "")
        + f"，拨付给{PAYEES[result.payee]}"
    )
    if result.needs_review:
        message += "；部分条件需审核人员核实后确定"
    return Reason("eligible", message, articles, "eligible")


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
