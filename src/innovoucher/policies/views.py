from django.shortcuts import render
from django.utils.translation import gettext, gettext_noop

from innovoucher.policies import selectors
from innovoucher.policies.presentation import version_rows


def family_list(request):
    return render(
        request, "policies/family_list.html", {"families": selectors.policy_family_list()}
    )


def family_detail(request, slug):
    family = selectors.policy_family_get(slug=slug)
    return render(
        request,
        "policies/family_detail.html",
        {"family": family, "versions": selectors.policy_version_list(family=family)},
    )


# The fixed words of the version page's rows (policies.presentation), for the catalogue.
ROW_WORDS = (
    gettext_noop("基本信息"),
    gettext_noop("申请主体与支持范围"),
    gettext_noop("资格条件"),
    gettext_noop("补助计算"),
    gettext_noop("办理流程"),
    gettext_noop("监督与激励"),
    gettext_noop("施行日期"),
    gettext_noop("有效期至"),
    gettext_noop("申请主体"),
    gettext_noop("支持范围"),
    gettext_noop("不支持"),
    gettext_noop("计算基数"),
    gettext_noop("上限"),
    gettext_noop("收款方"),
    gettext_noop("违规处理"),
    gettext_noop("服务机构入库"),
    gettext_noop("服务机构激励"),
    gettext_noop("服务机构补助"),
    gettext_noop("专业服务机构年度运行管理补贴"),
    gettext_noop("发放方式"),
    gettext_noop("兑付申请方"),
    gettext_noop("结算时抵扣"),
    gettext_noop("审核流程"),
    gettext_noop("公示期"),
    gettext_noop("办理时限"),
    gettext_noop("兑付周期"),
    gettext_noop("有效期"),
    gettext_noop("结转下年"),
    gettext_noop("预算用尽时"),
    gettext_noop("合同审核并生成创新券"),
    gettext_noop("市县追加补贴"),
)


def _shown(sections: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Each row's parameter name in the active language; a name taken from the policy text (a
    cap's own label) has no translation and is marked as Chinese."""
    for rows in sections.values():
        for row in rows:
            row["name_shown"] = gettext(row["name"])
            row["name_is_zh"] = row["name_shown"] == row["name"]
    return sections


def version_detail(request, code):
    version = selectors.policy_version_get(code=code)
    return render(
        request,
        "policies/version_detail.html",
        {
            "version": version,
            "sections": _shown(version_rows(version.document)),
            "assumptions": version.document.get("assumptions", []),
        },
    )
