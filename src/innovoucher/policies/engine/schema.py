"""Load and validate a policy document (the YAML of one family) into the engine's dataclasses.

Every problem is collected with its path, so an author sees all mistakes at once. The same
validation serves the YAML files in `policies/` and anything entered by administrators.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from innovoucher.policies.engine.awards.schema import read_provider_awards
from innovoucher.policies.engine.errors import PolicyDefinitionError
from innovoucher.policies.engine.facts import FACTS
from innovoucher.policies.engine.model import (
    VERDICTS,
    Cap,
    Cited,
    Component,
    Condition,
    Exclusion,
    PayeeRule,
    PolicyFamily,
    PolicyVersion,
    Rule,
    Tier,
)
from innovoucher.policies.engine.reader import (  # noqa: F401 - the code lists are part of this module's interface
    BASES,
    CADENCES,
    CAP_SCOPES,
    CLAIMANTS,
    COMPARISONS,
    DAY_UNITS,
    DEDUCTION,
    EXHAUSTION,
    ISSUANCE,
    PAYEE_RULES,
    REVIEW_LEVELS,
    Reader,
)
from innovoucher.policies.engine.schema_process import (  # noqa: F401 - re-exported
    PROCESS_READERS,
    _admission,
    _cited_text,
    _incentives,
    _process,
    _sanctions,
)
from innovoucher.policies.engine.vocabulary import (
    APPLICANT_KINDS,
    FUNDER_ORDER_SET,
    SERVICE_CATEGORIES,
)
from innovoucher.regions.domain import is_region_code

# --- conditions ---------------------------------------------------------------------------------


def read_condition(
    r: Reader, raw: Any, path: str, *, facts: dict[str, str] = FACTS
) -> Condition | None:
    """A condition over `facts` (the quote request's by default; provider awards pass their own)."""
    node = r.mapping(raw, path)
    if not node:
        return None
    for combinator in ("all", "any"):
        if combinator in node:
            items = node[combinator]
            if not isinstance(items, list) or not items:
                r.problem(f"{path}.{combinator}", "应为非空列表")
                return None
            children = tuple(
                c
                for i, item in enumerate(items)
                if (c := read_condition(r, item, f"{path}.{combinator}[{i}]", facts=facts))
            )
            return Condition(op=combinator, children=children)
    if "not" in node:
        child = read_condition(r, node["not"], f"{path}.not", facts=facts)
        return Condition(op="not", children=(child,) if child else ())
    fact = node.get("fact")
    if not isinstance(fact, str) or fact not in facts:
        r.problem(f"{path}.fact", f"未知的事实“{fact}”（可用：{', '.join(facts)}）")
        return None
    ops = [k for k in node if k in COMPARISONS]
    unknown = set(node) - {"fact", *COMPARISONS}
    if unknown:
        r.problem(path, f"未知的键：{', '.join(sorted(unknown))}")
    if len(ops) > 1:
        r.problem(path, "一个条件只能有一个比较")
    if not ops:
        if facts[fact] != "bool":
            r.problem(path, f"“{fact}”不是是/否事实，须写明比较")
        return Condition(op="truthy", fact=fact)
    op = ops[0]
    return Condition(
        op=op, fact=fact, operand=_operand(r, facts[fact], op, node[op], f"{path}.{op}")
    )


def _operand(r: Reader, kind: str, op: str, value: Any, path: str) -> Any:
    if op in ("in", "not_in", "within_any"):
        if not isinstance(value, list) or not value:
            r.problem(path, "应为非空列表")
            return ()
        return tuple(_scalar(r, kind, op, v, f"{path}[{i}]") for i, v in enumerate(value))
    return _scalar(r, kind, op, value, path)


def _scalar(r: Reader, kind: str, op: str, value: Any, path: str) -> Any:
    if op == "known":
        if not isinstance(value, bool):
            r.problem(path, "known 的取值应为 true 或 false")
        return value
    if op in ("within", "within_any"):
        if kind != "region" or not is_region_code(str(value)):
            r.problem(path, "within 只用于地区事实，取值为6位行政区划代码（加引号）")
        return str(value)
    if kind == "bool":
        if not isinstance(value, bool):
            r.problem(path, "应为 true 或 false")
        return value
    if kind == "money":
        return r.money(value, path)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            r.problem(path, "应为整数")
        return value
    if kind == "date":
        return r.date(value, path)
    return str(value)


# --- the parts of a version ---------------------------------------------------------------------


def _rules(r: Reader, raw: Any, path: str) -> tuple[Rule, ...]:
    if not isinstance(raw, list):
        r.problem(path, "应为列表")
        return ()
    rules, codes = [], set()
    for i, item in enumerate(raw):
        p = f"{path}[{i}]"
        node = r.mapping(item, p)
        code = r.text(node, "code", p)
        if code in codes:
            r.problem(p, f"规则代码“{code}”重复")
        codes.add(code)
        verdict = r.choice(node.get("verdict"), VERDICTS, f"{p}.verdict")
        require = read_condition(r, node["require"], f"{p}.require") if "require" in node else None
        if verdict in ("fail", "refer") and require is None:
            r.problem(p, "fail / refer 规则须有 require 条件")
        applies_if = (
            read_condition(r, node["applies_if"], f"{p}.applies_if")
            if "applies_if" in node
            else None
        )
        unknown = set(node) - {
            "code",
            "verdict",
            "require",
            "applies_if",
            "message",
            "article",
            "fix",
        }
        if unknown:
            r.problem(p, f"未知的键：{', '.join(sorted(unknown))}")
        rules.append(
            Rule(
                code=code,
                verdict=verdict,
                message=r.text(node, "message", p),
                article=r.text(node, "article", p),
                require=require,
                applies_if=applies_if,
                fix=node.get("fix"),
            )
        )
    return tuple(rules)


def _categories(r: Reader, value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        r.problem(path, "应为非空的服务类别代码列表")
        return ()
    for i, code in enumerate(value):
        r.choice(code, SERVICE_CATEGORIES, f"{path}[{i}]")
    return tuple(code for code in value if isinstance(code, str))


def _scope(r: Reader, raw: Any, path: str) -> tuple[Cited, tuple[Exclusion, ...]]:
    node = r.mapping(raw, path)
    inc = r.cited(node, "included", path)
    included = (
        Cited(_categories(r, inc[0], f"{path}.included.value"), inc[1], inc[2])
        if inc
        else Cited((), "")
    )
    exclusions = []
    for i, item in enumerate(r.items(node.get("excluded"), f"{path}.excluded")):
        p = f"{path}.excluded[{i}]"
        ex = r.mapping(item, p)
        exclusions.append(
            Exclusion(
                _categories(r, ex.get("categories"), f"{p}.categories"),
                r.text(ex, "message", p),
                r.text(ex, "article", p),
            )
        )
    overlap = set(included.value) & {c for e in exclusions for c in e.categories}
    if overlap:
        r.problem(path, f"类别同时出现在支持与不支持范围：{', '.join(sorted(overlap))}")
    return included, tuple(exclusions)


def _tiers(r: Reader, raw: Any, path: str) -> tuple[Tier, ...]:
    if not isinstance(raw, list) or not raw:
        r.problem(path, "应为非空列表")
        return ()
    tiers, previous = [], -1
    for i, item in enumerate(raw):
        node = r.mapping(item, f"{path}[{i}]")
        up_to = (
            r.money(node["up_to"], f"{path}[{i}].up_to") if node.get("up_to") is not None else None
        )
        if up_to is None and i != len(raw) - 1:
            r.problem(f"{path}[{i}]", "只有最后一档可以不设上限")
        if up_to is not None and up_to <= previous:
            r.problem(f"{path}[{i}].up_to", "各档上限须递增")
        previous = up_to if up_to is not None else previous
        tiers.append(Tier(up_to, r.rate(node.get("rate"), f"{path}[{i}].rate")))
    return tuple(tiers)


def _components(r: Reader, raw: Any, path: str) -> tuple[Component, ...]:
    if not isinstance(raw, list) or not raw:
        r.problem(path, "应为非空列表")
        return ()
    result = []
    for i, item in enumerate(raw):
        p = f"{path}[{i}]"
        node = r.mapping(item, p)
        funders_raw = r.mapping(node.get("funders"), f"{p}.funders")
        funders = []
        for level, weight in funders_raw.items():
            r.choice(level, FUNDER_ORDER_SET, f"{p}.funders.{level}")
            funders.append((level, r.positive_int(weight, f"{p}.funders.{level}")))
        has_rate, has_tiers = "rate" in node, "tiers" in node
        if has_rate == has_tiers:
            r.problem(p, "须写 rate 或 tiers 之一")
        result.append(
            Component(
                code=r.text(node, "code", p),
                name=r.text(node, "name", p),
                funders=tuple(funders),
                article=r.text(node, "article", p),
                rate=r.rate(node["rate"], f"{p}.rate") if has_rate else None,
                tiers=_tiers(r, node["tiers"], f"{p}.tiers") if has_tiers else (),
                when=read_condition(r, node["when"], f"{p}.when") if "when" in node else None,
            )
        )
    return tuple(result)


def _caps(r: Reader, raw: Any, path: str) -> tuple[Cap, ...]:
    caps = []
    for i, item in enumerate(r.items(raw, path)):
        p = f"{path}[{i}]"
        node = r.mapping(item, p)
        kinds = tuple(r.items(node.get("kinds"), f"{p}.kinds"))
        for k in kinds:
            r.choice(k, APPLICANT_KINDS, f"{p}.kinds")
        caps.append(
            Cap(
                scope=r.choice(node.get("scope"), CAP_SCOPES, f"{p}.scope"),
                amount_fen=r.money(node.get("amount"), f"{p}.amount"),
                article=r.text(node, "article", p),
                kinds=kinds,
                label=r.text(node, "label", p, required=False),
            )
        )
    return tuple(caps)


def _payee(r: Reader, raw: Any, path: str) -> PayeeRule:
    node = r.mapping(raw, path)
    rule = r.choice(node.get("rule"), PAYEE_RULES, f"{path}.rule")
    region = node.get("region")
    if rule == "by_provider_location" and not is_region_code(str(region)):
        r.problem(f"{path}.region", "按服务机构所在地确定收款方时须给出地区代码")
    return PayeeRule(
        rule=rule, article=r.text(node, "article", path), region=str(region) if region else None
    )


VERSION_KEYS = {
    "code",
    "title",
    "effective_from",
    "effective_to",
    "assumptions",
    "applicant_kinds",
    "scope",
    "eligibility",
    "base",
    "components",
    "caps",
    "payee",
    "process",
    "sanctions",
    "provider_credit",
    "provider_measures",
    "county_bulletins",
    "provider_admission",
    "provider_incentives",
    "provider_awards",
}


def read_version(r: Reader, family: str, raw: Any, path: str) -> PolicyVersion:
    node = r.mapping(raw, path)
    unknown = set(node) - VERSION_KEYS
    if unknown:
        r.problem(path, f"未知的键：{', '.join(sorted(unknown))}")
    eff_from = r.cited(node, "effective_from", path)
    eff_to = r.cited(node, "effective_to", path, required=False)
    kinds = r.cited(node, "applicant_kinds", path)
    if kinds:
        kinds = (tuple(r.items(kinds[0], f"{path}.applicant_kinds.value")), kinds[1], kinds[2])
        for i, kind in enumerate(kinds[0]):
            r.choice(kind, APPLICANT_KINDS, f"{path}.applicant_kinds.value[{i}]")
    base = r.cited(node, "base", path)
    if base:
        r.choice(base[0], BASES, f"{path}.base.value")
    included, excluded = _scope(r, node.get("scope"), f"{path}.scope")
    version = PolicyVersion(
        family=family,
        code=r.text(node, "code", path),
        title=r.text(node, "title", path),
        effective_from=Cited(
            r.date(eff_from[0], f"{path}.effective_from.value"), eff_from[1], eff_from[2]
        )
        if eff_from
        else Cited(dt.date.min, ""),
        effective_to=Cited(r.date(eff_to[0], f"{path}.effective_to.value"), eff_to[1], eff_to[2])
        if eff_to and eff_to[0]
        else None,
        applicant_kinds=Cited(kinds[0], kinds[1], kinds[2]) if kinds else Cited((), ""),
        included=included,
        excluded=excluded,
        eligibility=_rules(r, node.get("eligibility", []), f"{path}.eligibility"),
        base=Cited(base[0], base[1], base[2]) if base else Cited("paid_amount", ""),
        components=_components(r, node.get("components"), f"{path}.components"),
        caps=_caps(r, node.get("caps"), f"{path}.caps"),
        payee=_payee(r, node.get("payee"), f"{path}.payee"),
        process=_process(r, node.get("process"), f"{path}.process"),
        sanctions=_sanctions(r, node.get("sanctions"), f"{path}.sanctions"),
        provider_credit=_cited_text(r, node.get("provider_credit"), f"{path}.provider_credit"),
        provider_measures=_cited_text(
            r, node.get("provider_measures"), f"{path}.provider_measures"
        ),
        county_bulletins=_cited_text(r, node.get("county_bulletins"), f"{path}.county_bulletins"),
        provider_admission=_admission(
            r, node.get("provider_admission"), f"{path}.provider_admission"
        ),
        provider_incentives=_incentives(
            r, node.get("provider_incentives"), f"{path}.provider_incentives"
        ),
        provider_awards=read_provider_awards(
            r, node.get("provider_awards"), f"{path}.provider_awards", read_condition=read_condition
        ),
        assumptions=tuple(r.items(node.get("assumptions"), f"{path}.assumptions")),
    )
    if version.effective_to and version.effective_to.value < version.effective_from.value:
        r.problem(f"{path}.effective_to", "有效期截止日早于施行日期")
    return version


def load_family(document: Any, *, source: str = "<policy>") -> PolicyFamily:
    """Validate a whole family document; raise PolicyDefinitionError listing every problem."""
    r = Reader(source)
    node = r.mapping(document, "")
    slug = r.text(node, "family", "family")
    region = r.text(node, "region", "region")
    if region and not is_region_code(region):
        r.problem("region", "应为6位行政区划代码（加引号）")
    raw_versions = node.get("versions")
    if not isinstance(raw_versions, list) or not raw_versions:
        r.problem("versions", "至少需要一个版本")
        raw_versions = []
    versions = tuple(read_version(r, slug, v, f"versions[{i}]") for i, v in enumerate(raw_versions))
    _check_versions(r, versions)
    if r.problems:
        raise PolicyDefinitionError(source, r.problems)
    return PolicyFamily(
        slug=slug,
        name=r.text(node, "name", "name"),
        region=region,
        document=r.text(node, "document", "document"),
        summary=node.get("summary", "") or "",
        versions=versions,
    )


def _check_versions(r: Reader, versions: tuple[PolicyVersion, ...]) -> None:
    codes = [v.code for v in versions]
    if len(codes) != len(set(codes)):
        r.problem("versions", "版本号重复")
    starts = [v.effective_from.value for v in versions]
    if len(starts) != len(set(starts)):
        r.problem("versions", "两个版本的施行日期相同：每个版本须有自己的施行日期")
