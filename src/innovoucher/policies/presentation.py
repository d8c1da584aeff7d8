"""Turn a stored version's validated document into rows a person can read: parameter, value,
article."""

from __future__ import annotations

from typing import Any

from innovoucher.policies.engine.vocabulary import (
    APPLICANT_KINDS,
    FUNDER_LEVELS,
    PROVIDER_KINDS,
    SERVICE_CATEGORIES,
)

PROCESS_LABELS = {
    "issuance": "发放方式",
    "claimant": "兑付申请方",
    "deduction_at_checkout": "结算时抵扣",
    "review_chain": "审核流程",
    "publicity": "公示期",
    "deadlines": "办理时限",
    "cadence": "兑付周期",
    "validity": "有效期",
    "carry_over": "结转下年",
    "budget_exhaustion": "预算用尽时",
    "contract_review": "合同审核并生成创新券",
    "local_top_up": "市县追加补贴",
}
VALUE_LABELS = {
    "application": "申领/申请",
    "automatic": "免申即享（自动发放）",
    "membership": "注册会员即获资格",
    "applicant": "申请主体",
    "provider": "服务机构",
    "either_one": "企业或服务机构一方",
    "by_provider_location": "按服务机构所在地",
    "never": "不抵扣（事后补助）",
    "always": "结算时抵扣",
    "in_region": "区内服务机构结算时抵扣",
    "monthly": "每月",
    "quarterly": "每季度",
    "yearly": "每年",
    "per_notice": "按通知批次",
    "continuous": "随时（随用随兑）",
    "wait": "排队等待新资金",
    "reject": "不予兑付（兑完为止）",
    "carry_over": "结转下年度",
    "county": "区县",
    "city": "市",
    "province": "省（区）",
    "agency": "平台/专业机构",
    "expert": "专家评审",
    "meeting": "会议审议",
    "finance": "财政",
    "working": "个工作日",
    "calendar": "天（自然日）",
    "completion": "自服务完成之日起",
    "issue": "自发放之日起",
    True: "是",
    False: "否",
}


def label(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(label(v) for v in value)
    if isinstance(value, dict):
        return _dict_label(value)
    for vocabulary in (SERVICE_CATEGORIES, APPLICANT_KINDS, PROVIDER_KINDS, FUNDER_LEVELS):
        if isinstance(value, str) and value in vocabulary:
            return vocabulary[value]
    return VALUE_LABELS.get(value, str(value)) if isinstance(value, (str, bool)) else str(value)


def _dict_label(value: dict) -> str:
    if "days" in value and "unit" in value:
        text = f"{value['days']}{VALUE_LABELS[value['unit']]}"
        notes = [value["from"]] if "from" in value else []
        if value.get("level"):
            notes.append(f"由{VALUE_LABELS.get(value['level'], value['level'])}级发布")
        if value.get("gates"):
            notes.append(f"只约束{label(value['gates'])}资金")
        return f"{text}（{'；'.join(notes)}）" if notes else text
    if "levels" in value and "optional" in value:
        rate = value.get("rate")
        how = f"比例{rate}" if rate else "比例未规定，不计入测算"
        return f"{label(value['levels'])}可{'自愿' if value['optional'] else ''}追加（{how}）"
    if "level" in value:
        text = f"{label(value['level'])}：{value.get('action', '')}"
        return f"{text}（{_dict_label(value['deadline'])}内）" if "deadline" in value else text
    if "from" in value and value.get("from") in ("completion", "issue"):
        n = value.get("months") or value.get("years") or value.get("days")
        unit = "个月" if "months" in value else "年" if "years" in value else "天"
        return f"{VALUE_LABELS[value['from']]}{n}{unit}"
    return "；".join(f"{k}：{label(v)}" for k, v in value.items())


def version_rows(document: dict) -> dict[str, list[dict]]:
    """Sections of rows {name, value, article, assumption} for the version page."""
    sections: dict[str, list[dict]] = {
        "基本信息": [],
        "申请主体与支持范围": [],
        "资格条件": [],
        "补助计算": [],
        "办理流程": [],
        "监督与激励": [],
    }
    basic = sections["基本信息"]
    for key, name in (("effective_from", "施行日期"), ("effective_to", "有效期至")):
        if document.get(key):
            basic.append(_row(name, document[key]))
    sections["申请主体与支持范围"].append(_row("申请主体", document["applicant_kinds"]))
    sections["申请主体与支持范围"].append(_row("支持范围", document["scope"]["included"]))
    for ex in document["scope"].get("excluded", []):
        sections["申请主体与支持范围"].append(
            {
                "name": "不支持",
                "value": f"{label(ex['categories'])}：{ex['message']}",
                "article": ex["article"],
            }
        )
    for rule in document.get("eligibility", []):
        verdict = {"fail": "必须满足", "refer": "需人工核实", "record": "须知"}[rule["verdict"]]
        sections["资格条件"].append(
            {
                "name": f"{verdict}（{rule['code']}）",
                "value": rule["message"],
                "article": rule["article"],
            }
        )
    calc = sections["补助计算"]
    calc.append(
        _row(
            "计算基数",
            {
                **document["base"],
                "value": {"paid_amount": "实际支付金额", "contract_amount": "合同金额"}[
                    document["base"]["value"]
                ],
            },
        )
    )
    for c in document["components"]:
        calc.append({"name": c["name"], "value": _component_text(c), "article": c["article"]})
    for cap in document.get("caps", []):
        who = f"（{label(cap['kinds'])}）" if cap.get("kinds") else ""
        calc.append(
            {
                "name": (cap.get("label") or "上限") + who,
                "value": f"{cap['amount']} 元",
                "article": cap["article"],
            }
        )
    calc.append(
        {
            "name": "收款方",
            "value": label(document["payee"]["rule"]),
            "article": document["payee"]["article"],
        }
    )
    for key, item in document.get("process", {}).items():
        sections["办理流程"].append(_row(PROCESS_LABELS.get(key, key), item))
    if document.get("sanctions"):
        sections["监督与激励"].append(_row("违规处理", document["sanctions"]))
    if document.get("provider_admission"):
        sections["监督与激励"].append(_row("服务机构入库", document["provider_admission"]))
    for inc in document.get("provider_incentives", []):
        sections["监督与激励"].append(
            {
                "name": "服务机构激励",
                "value": inc["description"],
                "article": inc["article"],
                "assumption": inc.get("assumption"),
            }
        )
    sections["监督与激励"] += _award_rows(document.get("provider_awards"))
    return sections


def _row(name: str, cited: dict) -> dict:
    return {
        "name": name,
        "value": label(cited["value"]),
        "article": cited.get("article", ""),
        "assumption": cited.get("assumption"),
    }


def _component_text(component: dict) -> str:
    funders = "、".join(f"{FUNDER_LEVELS[k]}{v}份" for k, v in component["funders"].items())
    if "rate" in component:
        text = f"按 {component['rate']}"
    else:
        text = "分段累进：" + "；".join(
            f"{'至 ' + t['up_to'] + ' 元' if t.get('up_to') else '以上部分'} {t['rate']}"
            for t in component["tiers"]
        )
    return f"{text}；出资：{funders}" + ("；有适用条件" if component.get("when") else "")


def _award_rows(awards: dict | None) -> list[dict]:
    """The provider awards of a version (服务机构补助), as rows of the policy page."""
    if not awards:
        return []
    if not awards.get("awards"):
        return [
            {"name": "服务机构补助", "value": awards["none_message"], "article": awards["article"]}
        ]
    rows = [
        {
            "name": f"服务机构补助：{a['name']}",
            "value": a.get("description") or a["name"],
            "article": a["article"],
            "assumption": a.get("assumption"),
        }
        for a in awards["awards"]
    ]
    if awards.get("total_cap"):
        cap = awards["total_cap"]
        rows.append(
            {"name": cap["label"], "value": f"{cap['amount']} 元", "article": cap["article"]}
        )
    if awards.get("agency_operating_subsidy"):
        rows.append(
            _row(
                "专业服务机构年度运行管理补贴",
                {
                    **awards["agency_operating_subsidy"],
                    "value": awards["agency_operating_subsidy"]["value"] or "文本未规定金额",
                },
            )
        )
    return rows
