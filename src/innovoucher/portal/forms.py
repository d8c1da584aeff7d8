"""The calculator form: a short form in Chinese that becomes a quote request (contracts.md)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovoucher.policies.engine.vocabulary import (
    APPLICANT_KINDS,
    FUNDING_LEVELS,
    PROVIDER_KINDS,
    SERVICE_CATEGORIES,
)
from innovoucher.regions.widgets import RegionPicker

YES_NO = [("", "—")]


def _vocabulary(labels: dict) -> list:
    """The engine's Chinese vocabulary as choices in the page's language (policies.labels puts
    each label in the catalogue)."""
    return [(code, _(text)) for code, text in labels.items()]


class QuoteForm(forms.Form):
    policy = forms.ChoiceField(label=_("适用政策"), widget=forms.Select(attrs={"lang": "zh-Hans"}))
    on = forms.DateField(label=_("申请日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("申请主体类型"), choices=_vocabulary(APPLICANT_KINDS))
    region = forms.RegexField(
        label=_("注册地"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={
            "required": _("请选择注册地所在的省、市、区县"),
            "invalid": _("请选择注册地所在的省、市、区县"),
        },
        widget=RegionPicker(),
    )
    employees = forms.IntegerField(label=_("职工人数"), min_value=0, initial=0)
    annual_revenue = forms.DecimalField(
        label=_("年销售收入（元）"), min_value=0, max_digits=15, decimal_places=2, initial=0
    )
    received_this_year = forms.DecimalField(
        label=_("本年度已获本政策补助（元）"),
        min_value=0,
        max_digits=15,
        decimal_places=2,
        initial=0,
    )
    group_received_this_year = forms.DecimalField(
        label=_("同一实际控制人本年度已获补助（元）"),
        min_value=0,
        max_digits=15,
        decimal_places=2,
        initial=0,
    )
    credit_ok = forms.BooleanField(label=_("信用记录良好"), required=False, initial=True)
    tech_sme = forms.BooleanField(label=_("科技型中小企业（已入库）"), required=False)
    high_tech = forms.BooleanField(label=_("国家高新技术企业"), required=False)
    specialized_sme = forms.BooleanField(label=_("专精特新中小企业"), required=False)
    in_incubator = forms.BooleanField(label=_("入驻孵化器/众创空间/大学科技园"), required=False)
    related_to_provider = forms.BooleanField(
        label=_("与服务机构存在隶属、共建、参股等关联关系"), required=False
    )
    major_incident = forms.BooleanField(
        label=_("当年发生重大安全、质量事故或严重失信行为"), required=False
    )
    provider_region = forms.RegexField(
        label=_("服务机构所在地"),
        regex=r"^\d{6}$",
        max_length=6,
        required=False,
        error_messages={"invalid": _("请选择服务机构所在的省、市、区县")},
        widget=RegionPicker(),
    )
    provider_kind = forms.ChoiceField(
        label=_("服务机构类型"), choices=[("", "—"), *_vocabulary(PROVIDER_KINDS)], required=False
    )
    provider_admitted = forms.BooleanField(
        label=_("服务机构已入库/已注册"), required=False, initial=True
    )
    category = forms.ChoiceField(label=_("服务类别"), choices=_vocabulary(SERVICE_CATEGORIES))
    contract_amount = forms.DecimalField(
        label=_("合同金额（元）"), min_value=0, max_digits=15, decimal_places=2
    )
    paid_amount = forms.DecimalField(
        label=_("实际支付金额（元）"), min_value=0, max_digits=15, decimal_places=2
    )
    completed_on = forms.DateField(
        label=_("服务完成日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    via_platform = forms.BooleanField(label=_("通过平台预约/下单"), required=False, initial=True)
    other_public_funding = forms.BooleanField(label=_("已获其他财政资金支持"), required=False)
    public_funding_level = forms.ChoiceField(
        label=_("支持资金的层级"),
        choices=[("", _("未获支持或层级不明")), *_vocabulary(FUNDING_LEVELS)],
        required=False,
    )
    claimant = forms.ChoiceField(
        label=_("申请兑付方"),
        choices=[("applicant", _("申请主体（企业）")), ("provider", _("服务机构"))],
        initial="applicant",
    )

    APPLICANT_FLAGS = (
        "credit_ok",
        "tech_sme",
        "high_tech",
        "specialized_sme",
        "in_incubator",
        "related_to_provider",
        "major_incident",
    )
    SERVICE_FLAGS = ("via_platform", "other_public_funding")

    def __init__(self, *args, policies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [(slug, name) for slug, name in policies]

    def clean(self):
        data = super().clean()
        paid, contract = data.get("paid_amount"), data.get("contract_amount")
        if paid is not None and contract is not None and paid > contract:
            self.add_error("paid_amount", _("实际支付金额不能大于合同金额"))
        if data.get("public_funding_level") and not data.get("other_public_funding"):
            self.add_error(
                "public_funding_level",
                _("选择了财政资金支持层级，请同时勾选“已获其他财政资金支持”；未获支持的请不选层级"),
            )
        return data

    def to_request(self) -> dict:
        d = self.cleaned_data
        money = lambda v: f"{v:.2f}"  # noqa: E731 - Decimal, two places, never float
        return {
            "policy": d["policy"],
            "on": d["on"].isoformat(),
            "applicant": {
                "kind": d["kind"],
                "region": d["region"],
                "employees": d["employees"],
                "annual_revenue": money(d["annual_revenue"]),
                "received_this_year": money(d["received_this_year"]),
                "group_received_this_year": money(d["group_received_this_year"]),
                **{f: bool(d.get(f)) for f in self.APPLICANT_FLAGS},
            },
            "provider": {
                "region": d.get("provider_region") or "",
                "kind": d.get("provider_kind") or "",
                "admitted": bool(d.get("provider_admitted")),
            },
            "service": {
                "category": d["category"],
                "contract_amount": money(d["contract_amount"]),
                "paid_amount": money(d["paid_amount"]),
                "completed_on": d["completed_on"].isoformat(),
                "claimant": d["claimant"],
                "fully_paid": d["paid_amount"] == d["contract_amount"],
                **{f: bool(d.get(f)) for f in self.SERVICE_FLAGS},
                **(
                    {"public_funding_level": d["public_funding_level"]}
                    if d.get("public_funding_level")
                    else {}
                ),
            },
        }
