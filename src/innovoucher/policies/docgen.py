"""Generates docs/policy-parameters.md from the engine's own catalogue. Pure Python, no Django.

The lists of allowed codes come from the engine (engine/schema.py, engine/facts.py,
engine/request.py, engine/model.py, engine/vocabulary.py), so the reference cannot drift from
what the loader accepts; this module only adds a sentence per code. `innovoucher policy_docs`
writes the file, and tests/docs/test_docs.py checks that the committed copy is current and that
every code has a sentence here.
"""

from __future__ import annotations

from innovoucher.policies.engine import model, request, schema, vocabulary
from innovoucher.policies.engine.awards import codes as award_codes
from innovoucher.policies.engine.awards import model as award_model
from innovoucher.policies.engine.awards import request as award_request
from innovoucher.policies.engine.awards import schema as award_schema
from innovoucher.policies.engine.facts import FACTS

OUTPUT = "docs/policy-parameters.md"

# One sentence per code. A code the engine accepts but this table does not describe is rendered
# as UNDESCRIBED and fails the docs test: describe it here, then run `innovoucher policy_docs`.
UNDESCRIBED = "UNDESCRIBED"

VERSION_KEYS = {
    "code": "Unique version id, e.g. `shanxi-2024`. Applications pin it.",
    "title": "Title of the version (the document's name).",
    "effective_from": "Cited date the version takes effect (YYYY-MM-DD). Two versions of a "
    "family may not share it.",
    "effective_to": "Cited last day in force (届满: the day itself still counts). Omit for "
    "open-ended.",
    "assumptions": "List of sentences: what the text does not settle and how this version "
    "reads it.",
    "applicant_kinds": "Cited list of applicant kinds (see Vocabulary) that may apply.",
    "scope": "`included`: cited list of service categories; `excluded`: list of `{categories, "
    "message, article}`. A category may not be in both.",
    "eligibility": "List of rules `{code, verdict, require, applies_if, message, fix, "
    "article}` (see Verdicts, Conditions).",
    "base": "Cited base of the formula (see Bases).",
    "components": "List of `{code, name, rate | tiers, funders, when, article}`: each part of "
    "the subsidy, summed. "
    "`tiers` are marginal brackets `{up_to, rate}` (the last may omit `up_to`); "
    "`funders` maps funder levels to integer weights (`{province: 1, city: 1}` is 1 : 1); "
    "`when` is a condition that switches the component on.",
    "caps": "List of `{scope, amount, kinds, label, article}` (see Cap scopes); `kinds` limits "
    "a cap to some applicant kinds.",
    "payee": "`{rule, region, article}` (see Payee rules); `region` is required for "
    "`by_provider_location`.",
    "process": "Cited process parameters (see Process parameters).",
    "sanctions": "Cited mapping: `ban_years`, `other_support_ban_years`, `clawback_days` "
    "(positive integers); "
    "`clawback`, `spread_to_controller`, `integrity_record` (true/false); other keys are free "
    "text.",
    "provider_credit": "Cited sentence `{value, article}`: the clean credit record the text "
    "asks of providers "
    "(未纳入失信名单); cited when a discredited provider is refused. Without it the platform "
    "asks a clean record "
    "and cites no article.",
    "provider_measures": "Cited sentence `{value, article}`: 通报批评并限期整改 of poorly "
    "rated providers (宁夏「监督管理」); "
    "the article and sentence of every provider measure. Without it the measure cites `sanctions`.",
    "county_bulletins": "Cited sentence `{value, article}`: 通报 of counties and providers "
    "(聊城 第二十二条); "
    "the article of every bulletin.",
    "provider_admission": "Cited mapping: `direct_kinds` (provider kinds admitted without "
    "review), `regions` (region codes); other keys are free text.",
    "provider_incentives": "Superseded by `provider_awards`; still read so that versions "
    "stored before it stay readable. "
    "List of `{code, description, article, …}`: `rate`, `public_interest_rate`, `tiers` are rates; "
    "`cap`, `threshold`, `per_contract` are amounts. Not computed.",
    "provider_awards": "What the version pays providers (服务机构补助/奖励), computed by "
    "`innovoucher award_quote` "
    "(see Provider awards). Omit it only when unknown; a text without awards says so with "
    "`none_message`.",
}

AWARD_KEYS = {
    "article": "The article(s) the awards come from; for a text without awards, the articles "
    "that show it (cited in the answer).",
    "awards": "Ordered list of awards (keys below); each is computed, capped on its own, and "
    "paid by one funder.",
    "total_cap": "`{amount, label, article}`: a yearly ceiling on all awards together (宁夏 "
    "30万); above it every award "
    "is reduced in proportion, by largest remainder.",
    "notes": "List of `{code, message, article}`: shown in every answer as `record` reasons "
    "(e.g. awards follow the evaluation).",
    "none_message": "Required when `awards` is empty: the Chinese sentence that says the text "
    "has no provider awards.",
    "agency_operating_subsidy": "Cited amount (or `null` when the text gives none) of the "
    "operating subsidy to the platform "
    "agency; kept as a parameter, shown in the trace, never added to a provider's award.",
}

AWARD_ITEM_KEYS = {
    "code": "Stable code of the award, e.g. `province_award`; a failed condition is reported "
    "under it.",
    "name": "Chinese name shown in the trace.",
    "description": "The text's sentence, for the policy pages.",
    "funder": "Funder level that pays it (see Funder levels).",
    "article": "Article the award comes from.",
    "base": "With `rate` / `grade_rates`: the amount it is a rate of (see Award bases).",
    "rate": "A quoted rate of `base`, rounded down to the fen.",
    "grade_rates": 'Mapping of evaluation grades to rates (`{A: "30%", B: "20%", C: "10%"}`); '
    "a grade not listed gets none.",
    "per_unit": "Quoted yuan paid per unit of `count` (see Award counts).",
    "count": "With `per_unit`: the count it is paid for.",
    "match": "`{award, ratio}`: matches an award listed before it after that award's cap "
    '(`ratio: "1:1"`).',
    "cap": "Quoted yuan: this award's yearly ceiling (最高 / 不超过 … 万元).",
    "ceiling": "`true` when the text says 不超过 X%: the answer is the ceiling, with an "
    "`award_ceiling` reason that the official may grant less.",
    "when": "Condition over the award facts (below) that must hold for the award to apply.",
    "message": "Required with `when`: what the provider reads when the condition does not hold.",
    "assumption": "How a value the text does not settle was chosen (also list it under the "
    "version's `assumptions`).",
}

AWARD_REASONS = {
    award_codes.NO_VERSION_IN_FORCE: "No version was in force on 31 December of the year (fail).",
    award_codes.NO_PROVIDER_AWARDS: "The version has no provider awards; the message and "
    "article say so (fail).",
    award_codes.AWARD_CEILING: "The text sets a ceiling (不超过 X%): the amount is that "
    "ceiling, the official may grant less (record).",
    award_codes.AWARD_CAPPED: "A yearly cap reduced an award or the total (record).",
    award_codes.AWARD_GRANTED: "Summary of a positive answer, with the shares (eligible).",
    award_codes.NO_AWARD: "Summary when no award applies or every amount is zero (fail).",
}

AWARD_ERRORS = {
    award_codes.INVALID_AWARD_REQUEST: "A field is missing, unknown or of the wrong type; "
    "`details.errors` lists `{field, problem}`.",
    award_codes.INVALID_JSON: "The input is not JSON.",
    award_codes.UNKNOWN_POLICY: "No such policy family.",
}

PROCESS = {
    "issuance": "How vouchers reach users (see Issuance modes).",
    "cadence": "How often redemptions are paid (see Cadences).",
    "claimant": "Who applies for redemption (see Claimants).",
    "budget_exhaustion": "What happens when the budget cannot cover an approval, 兑完为止 (see "
    "Budget exhaustion).",
    "deduction_at_checkout": "Whether the voucher is deducted when the order is settled, "
    "一键抵扣 (see Deduction).",
    "publicity": "`{days, unit}`: length of 公示 (see Day units); optional `level` (the publishing "
    "body: `county` / `city` / `province` / `agency`, default the review chain's last step; "
    "Liaocheng "
    "art. 20: `city`) and `gates` (the funder levels whose money waits for publicity; Liaocheng: "
    "`[city]`, the province's monthly share does not wait).",
    "carry_over": "`true` / `false`: whether an unpaid excess is carried to next year (结转). "
    "`false` "
    "stops it everywhere: a queued claim stays in its year when the budget is carried over, and "
    "`budget_exhaustion: carry_over` is refused on load.",
    "contract_review": "`{level, action, deadline?}`: who reviews a standard contract and "
    "generates "
    "its voucher, where that is not the review chain's first step (Ningxia 第3步: `agency`, "
    "平台管理机构审核并生成创新券).",
    "local_top_up": "`{levels, optional, rate}`: a top-up a lower level may add from its own money "
    "(Ningxia 「管理部门职责」: 市县 may add 一定比例); `rate: null` = not set by the text, "
    "not computed.",
    "review_chain": "Ordered list of `{level, action, deadline}`; `deadline` is `{days, unit}` "
    "(see Review levels).",
    "deadlines": "Mapping of named deadlines to `{days, unit, from}`; `from` says in words "
    "when counting starts.",
    "validity": "One of `days` / `months` / `years`, and `from`: `completion` (service "
    "completion date; "
    "checked by the quote) or `issue` (voucher issue date).",
}

CODES: dict[str, tuple[str, str, str, dict[str, str]]] = {
    # constant name -> (title, engine source, where used, descriptions)
    "ISSUANCE": (
        "Issuance modes",
        "engine/schema.py `ISSUANCE`",
        "`process.issuance`",
        {
            "application": "申领 — issued on the applicant's application.",
            "automatic": "免申即享 — issued without an application.",
            "membership": "Registering on the platform (membership) gives the right to use "
            "vouchers.",
        },
    ),
    "CADENCES": (
        "Cadences",
        "engine/schema.py `CADENCES`",
        "`process.cadence`",
        {
            "monthly": "Paid in monthly batches.",
            "quarterly": "Paid in quarterly batches.",
            "yearly": "Paid once a year.",
            "per_notice": "Paid per call: a notice opens each redemption window.",
            "continuous": "Accepted all year, paid as they come (随用随兑).",
        },
    ),
    "CLAIMANTS": (
        "Claimants",
        "engine/schema.py `CLAIMANTS`",
        "`process.claimant`",
        {
            "applicant": "The voucher user (使用方) applies for redemption.",
            "provider": "The service provider (供给方) applies (服务者申兑).",
            "either_one": "Either party may apply, but only one per project.",
            "by_provider_location": "The provider when it is inside the region, otherwise the "
            "user.",
        },
    ),
    "PAYEE_RULES": (
        "Payee rules",
        "engine/schema.py `PAYEE_RULES`",
        "`payee.rule`",
        {
            "applicant": "Paid to the applicant (使用方).",
            "provider": "Paid to the provider (供给方).",
            "by_provider_location": "Provider when the provider's region is in the province of "
            "`payee.region`, otherwise the applicant.",
            "claimant": "Paid to whichever party claimed (`service.claimant` in the quote).",
        },
    ),
    "CAP_SCOPES": (
        "Cap scopes",
        "engine/schema.py `CAP_SCOPES`",
        "`caps[].scope`",
        {
            "applicant_year": "Per applicant per year; `applicant.received_this_year` is "
            "already used.",
            "group_year": "Per actual-controller group (实际控制人) per year; the larger of "
            "`group_received_this_year` and `received_this_year` is already used.",
            "contract": "Per contract.",
        },
    ),
    "BASES": (
        "Bases",
        "engine/schema.py `BASES`",
        "`base.value`",
        {
            "paid_amount": "The amount actually paid (实际支付金额).",
            "contract_amount": "The contract amount (合同金额).",
        },
    ),
    "EXHAUSTION": (
        "Budget exhaustion",
        "engine/schema.py `EXHAUSTION`",
        "`process.budget_exhaustion`",
        {
            "wait": "The approval waits in a fair queue for new funds.",
            "reject": "The approval is refused with the reason.",
            "carry_over": "The excess is carried over to next year's budget (结转).",
        },
    ),
    "DEDUCTION": (
        "Deduction at checkout",
        "engine/schema.py `DEDUCTION`",
        "`process.deduction_at_checkout`",
        {
            "never": "The user pays in full and claims afterwards (后补助).",
            "always": "The voucher is deducted when the order is settled; the user pays the "
            "rest (一键抵扣).",
            "in_region": "Deducted only with providers inside the region; others are paid in "
            "full and claimed afterwards.",
        },
    ),
    "REVIEW_LEVELS": (
        "Review levels",
        "engine/schema.py `REVIEW_LEVELS`",
        "`process.review_chain[].level`",
        {
            "county": "District/county S&T bureau (区县科技局), e.g. 初审.",
            "city": "City S&T bureau (市科技局), e.g. 审核推荐.",
            "province": "Province/region S&T department (省科技厅), e.g. 复核/确认.",
            "agency": "Platform operator or professional agency (共享中心 / 专业机构).",
            "expert": "Expert review (专家评审).",
            "meeting": "Collective deliberation (会议审议).",
            "finance": "Finance department (财政).",
        },
    ),
    "DAY_UNITS": (
        "Day units",
        "engine/schema.py `DAY_UNITS`",
        "`publicity.unit`, `deadline.unit`, `deadlines.*.unit`",
        {
            "working": "Working days (工作日), counted with the editable holiday calendar.",
            "calendar": "Calendar days (自然日).",
        },
    ),
    "VERDICTS": (
        "Verdicts",
        "engine/model.py `VERDICTS`",
        "`eligibility[].verdict`",
        {
            "fail": "The rule must hold (`require`); otherwise not eligible and the subsidy is "
            "0.00.",
            "refer": "The rule should hold; otherwise the quote stays eligible but a reviewer "
            "must confirm (需人工核实).",
            "record": "Always listed (when `applies_if` holds) as an obligation or note; never "
            "changes the amount.",
        },
    ),
}

COMPARISONS = {
    "is": "Equal (usually `is: true` / `is: false`).",
    "eq": "Equal.",
    "ne": "Not equal.",
    "in": "One of a list.",
    "not_in": "None of a list.",
    "at_least": "≥ — 以上, 不少于, 不低于 (the number itself included).",
    "at_most": "≤ — 以下, 以内, 不超过 (the number itself included).",
    "more_than": "> — 超过, 高于 (the number itself excluded).",
    "less_than": "< — 不满, 低于, 不足 (the number itself excluded).",
    "within": "A region fact is the given region or lies inside it (province ⊃ city ⊃ county).",
    "within_any": "A region fact lies inside any region of a list.",
    "known": "`known: true` / `known: false`: whether the request stated the fact. Omitted "
    "`employees`, `annual_revenue`, `major_incident` are unknown, and every other comparison on an "
    "unknown fact is false — so a rule can refer a missing figure instead of passing it as zero.",
}

FACT_TYPES = {
    "bool": "`true` / `false`; may be tested without a comparison (`{fact: …}` means true).",
    "int": "Whole number.",
    "money": 'Yuan as a quoted string (`"500000.00"`), compared in fen.',
    "str": "A code from the vocabulary below.",
    "region": 'GB/T 2260 code as a quoted string (`"330600"`); use `within` / `within_any`.',
    "date": "YYYY-MM-DD.",
}

VOCABULARY = (
    (
        "Applicant kinds (`applicant.kind`, `applicant_kinds`, `caps[].kinds`)",
        vocabulary.APPLICANT_KINDS,
    ),
    (
        "Provider kinds (`provider.kind`, `provider_admission.direct_kinds`)",
        vocabulary.PROVIDER_KINDS,
    ),
    ("Service categories (`service.category`, `scope`)", vocabulary.SERVICE_CATEGORIES),
    ("Funder levels (`components[].funders`, quote `shares`)", vocabulary.FUNDER_LEVELS),
    ("Payees (quote `payee`)", vocabulary.PAYEES),
)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def required_keys() -> tuple[set[str], set[str]]:
    """(version keys, process keys) the loader reports missing in an empty version."""
    reader = schema.Reader("docgen")
    schema.read_version(reader, "docgen", {}, "v")
    missing = [p.split(": ", 1)[0] for p in reader.problems]
    version = {
        key
        for key in schema.VERSION_KEYS
        if any(m == f"v.{key}" or m.startswith(f"v.{key}.") for m in missing)
    }
    process = {key for key in schema.PROCESS_READERS if f"v.process.{key}" in missing}
    return version, process


def _constant(name: str) -> tuple[str, ...]:
    return getattr(model, name) if name == "VERDICTS" else getattr(schema, name)


def undescribed() -> list[str]:
    """Codes the engine accepts that this module has no sentence for."""
    missing = [f"VERSION_KEYS.{k}" for k in sorted(schema.VERSION_KEYS) if k not in VERSION_KEYS]
    missing += [f"PROCESS_READERS.{k}" for k in schema.PROCESS_READERS if k not in PROCESS]
    missing += [f"COMPARISONS.{k}" for k in schema.COMPARISONS if k not in COMPARISONS]
    missing += [f"fact type {t}" for t in sorted(set(FACTS.values())) if t not in FACT_TYPES]
    missing += [f"AWARD_KEYS.{k}" for k in sorted(award_schema.KEYS) if k not in AWARD_KEYS]
    missing += [
        f"AWARD_ITEM_KEYS.{k}" for k in sorted(award_schema.AWARD_KEYS) if k not in AWARD_ITEM_KEYS
    ]
    missing += [
        f"award code {c}" for c in _award_constants() if c not in {**AWARD_REASONS, **AWARD_ERRORS}
    ]
    for name, (_, _, _, descriptions) in CODES.items():
        missing += [f"{name}.{code}" for code in _constant(name) if code not in descriptions]
    return missing


def _fact_default(path: str) -> str:
    section, key = path.split(".", 1)
    kind, default, _ = request.SECTIONS[section][key]
    if default is request.UNKNOWN:
        return "unknown (`known: false`)"
    if path == "service.other_public_funding":
        return "derived: true when `public_funding_level` names a level"
    if default == "":
        return "empty"
    if default is not None:
        return f"`{str(default).lower() if isinstance(default, bool) else default}`"
    if kind == "date":
        return "the request's `on`"
    if kind == "bool":
        return "derived: true when paid = contract (> 0)"
    return "**required**"


def _fact_label(path: str) -> str:
    section, key = path.split(".", 1)
    return request.SECTIONS[section][key][2]


def render() -> str:
    version_required, process_required = required_keys()
    out = [
        "<!-- GENERATED by `innovoucher policy_docs` (src/innovoucher/policies/docgen.py) from "
        "the engine's catalogue."
        " Do not edit by hand: change the engine or docgen.py and regenerate. -->",
        "",
        "# Policy parameter reference (政策参数目录)",
        "",
        "Every key and code a policy YAML file may use, as the loader "
        "(`innovoucher.policies.engine.schema`) accepts them.",
        "How to write a policy: [adding-a-policy.md](adding-a-policy.md).",
        "",
        "**Cited value.** Parameters marked *cited* are written `{value: …, article: …, "
        "assumption: …}`:",
        "`article` (required) names the article the value comes from; `assumption` (optional) "
        "says how a",
        'value the text does not settle was chosen. Rates are quoted strings (`"50%"` or '
        '`"0.5"`), amounts',
        'are quoted yuan (`"500000.00"`); YAML floats are refused.',
        "",
        "## Version keys",
        "",
    ]
    out += _table(
        ("key", "required", "meaning"),
        [
            (f"`{k}`", "yes" if k in version_required else "", VERSION_KEYS.get(k, UNDESCRIBED))
            for k in _version_order()
        ],
    )
    out += ["## Process parameters", "", "Each is cited (`process.<key>: {value, article}`).", ""]
    out += _table(
        ("key", "required", "value"),
        [
            (f"`{k}`", "yes" if k in process_required else "", PROCESS.get(k, UNDESCRIBED))
            for k in schema.PROCESS_READERS
        ],
    )
    for name, (title, source, used, descriptions) in CODES.items():
        out += [f"## {title}", "", f"{used} — from {source}.", ""]
        out += _table(
            ("code", "meaning"),
            [(f"`{code}`", descriptions.get(code, UNDESCRIBED)) for code in _constant(name)],
        )
    out += [
        "## Conditions",
        "",
        "Used by `require`, `applies_if` and `when`. A condition is `{all: [...]}`, `{any: "
        "[...]}`, `{not: …}`,",
        "or `{fact: <fact>, <comparison>: <operand>}` with exactly one comparison. Chinese "
        "legal counting",
        "(民法典 第1259条): 以上 / 以下 / 以内 / 届满 include the number, 超过 / 不满 / 以外 "
        "exclude it.",
        "",
    ]
    out += _table(
        ("comparison", "meaning"),
        [(f"`{op}`", COMPARISONS.get(op, UNDESCRIBED)) for op in schema.COMPARISONS],
    )
    out += ["### Fact types", ""]
    out += _table(
        ("type", "operand"), [(f"`{t}`", FACT_TYPES.get(t, UNDESCRIBED)) for t in _fact_types()]
    )
    out += [
        "## Facts",
        "",
        "What a condition can test: the fields of a quote request (from engine/facts.py;",
        "defaults from engine/request.py, used when the request omits the field).",
        "",
    ]
    out += _table(
        ("fact", "type", "中文", "default"),
        [
            (f"`{path}`", kind, _fact_label(path), _fact_default(path))
            for path, kind in FACTS.items()
        ],
    )
    out += _awards()
    out += ["## Vocabulary", "", "From engine/vocabulary.py.", ""]
    for title, codes in VOCABULARY:
        out += [f"### {title}", ""]
        out += _table(("code", "中文"), [(f"`{code}`", label) for code, label in codes.items()])
    return "\n".join(out).rstrip() + "\n"


def _award_constants() -> list[str]:
    return [
        v
        for k, v in vars(award_codes).items()
        if k.isupper() and isinstance(v, str) and not k.startswith("VERDICT_")
    ]


def _awards() -> list[str]:
    out = [
        "## Provider awards",
        "",
        "`provider_awards` of a version (engine/awards/schema.py), computed by `innovoucher "
        "award_quote` and",
        "`POST /api/v1/award-quotes`. The version in force on 31 December of the request's "
        "`year` applies.",
        "",
    ]
    out += _table(
        ("key", "meaning"),
        [(f"`{k}`", AWARD_KEYS.get(k, UNDESCRIBED)) for k in sorted(award_schema.KEYS)],
    )
    out += [
        "### Award keys",
        "",
        "Each award has exactly one of `rate`, `grade_rates`, `per_unit`, `match`.",
        "",
    ]
    out += _table(
        ("key", "meaning"),
        [(f"`{k}`", AWARD_ITEM_KEYS.get(k, UNDESCRIBED)) for k in award_schema.AWARD_KEYS_ORDER],
    )
    out += ["### Award bases", ""]
    out += _table(("code", "中文"), [(f"`{k}`", v) for k, v in award_model.BASES.items()])
    out += ["### Award counts", ""]
    out += _table(("code", "中文"), [(f"`{k}`", v) for k, v in award_model.COUNTS.items()])
    out += [
        "### Award facts",
        "",
        "What an award's `when` may test: the fields of the award request "
        "(engine/awards/request.py),",
        f"with their defaults when omitted. Grades: {', '.join(award_model.GRADES)}.",
        "",
    ]
    out += _table(
        ("fact", "type", "中文", "default"),
        [
            (f"`{path}`", kind, _award_field(path)[2], _award_default(path))
            for path, kind in award_request.AWARD_FACTS.items()
        ],
    )
    out += ["### Award reasons and errors", "", "Stable codes (engine/awards/codes.py).", ""]
    out += _table(
        ("code", "meaning"),
        [
            (f"`{c}`", AWARD_REASONS.get(c) or AWARD_ERRORS.get(c) or UNDESCRIBED)
            for c in _award_constants()
        ],
    )
    return out


def _award_default(path: str) -> str:
    default = _award_field(path)[1]
    if default is None:
        return "derived: true when `provider.kind` is " + " or ".join(
            f"`{k}`" for k in award_request.PUBLIC_INSTITUTION_KINDS
        )
    return f"`{default}`" if default != "" else "empty"


def _award_field(path: str) -> tuple:
    section, key = path.split(".", 1)
    kind, default, label = award_request.SECTIONS[section][key]
    return kind, str(default).lower() if isinstance(default, bool) else default, label


def _version_order() -> list[str]:
    known = [k for k in VERSION_KEYS if k in schema.VERSION_KEYS]
    return known + sorted(schema.VERSION_KEYS - set(known))


def _fact_types() -> list[str]:
    used = set(FACTS.values())
    return [t for t in FACT_TYPES if t in used] + sorted(used - set(FACT_TYPES))
