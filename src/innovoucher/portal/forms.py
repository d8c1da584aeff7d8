"""The calculator form: a short form in Chinese that becomes a quote request (contracts.md)."""

from django import forms

from innovoucher.policies.engine.vocabulary import (
    APPLICANT_KINDS,
    FUNDING_LEVELS,
    PROVIDER_KINDS,
    SERVICE_CATEGORIES,
)

YES_NO = [("", "—")]


class QuoteForm(forms.Form):
    policy = forms.ChoiceField(label="适用政策")
    on = forms.DateField(label="申请日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="申请主体类型", choices=list(APPLICANT_KINDS.items()))
    region = forms.RegexField(
        label="注册地行政区划代码",
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": "请输入6位行政区划代码，如 640104"},
        widget=forms.TextInput(
            attrs={"placeholder": "如 640104（银川市兴庆区）", "inputmode": "numeric"}
        ),
    )
    employees = forms.IntegerField(label="职工人数", min_value=0, initial=0)
    annual_revenue = forms.DecimalField(
        label="年销售收入（元）", min_value=0, max_digits=15, decimal_places=2, initial=0
    )
    received_this_year = forms.DecimalField(
        label="本年度已获本政策补助（元）", min_value=0, max_digits=15, decimal_places=2, initial=0
    )
    group_received_this_year = forms.DecimalField(
        label="同一实际控制人本年度已获补助（元）",
        min_value=0,
        max_digits=15,
        decimal_places=2,
        initial=0,
    )
    credit_ok = forms.BooleanField(label="信用记录良好", required=False, initial=True)
    tech_sme = forms.BooleanField(label="科技型中小企业（已入库）", required=False)
    high_tech = forms.BooleanField(label="国家高新技术企业", required=False)
    specialized_sme = forms.BooleanField(label="专精特新中小企业", required=False)
    in_incubator = forms.BooleanField(label="入驻孵化器/众创空间/大学科技园", required=False)
    related_to_provider = forms.BooleanField(
        label="与服务机构存在隶属、共建、参股等关联关系", required=False
    )
    major_incident = forms.BooleanField(
        label="当年发生重大安全、质量事故或严重失信行为", required=False
    )
    provider_region = forms.RegexField(
        label="服务机构所在地代码",
        regex=r"^\d{6}$",
        max_length=6,
        required=False,
        error_messages={"invalid": "请输入6位行政区划代码，如 640104"},
        widget=forms.TextInput(attrs={"placeholder": "如 640104", "inputmode": "numeric"}),
    )
    provider_kind = forms.ChoiceField(
        label="服务机构类型", choices=[("", "—")] + list(PROVIDER_KINDS.items()), required=False
    )
    provider_admitted = forms.BooleanField(
        label="服务机构已入库/已注册", required=False, initial=True
    )
    category = forms.ChoiceField(label="服务类别", choices=list(SERVICE_CATEGORIES.items()))
    contract_amount = forms.DecimalField(
        label="合同金额（元）", min_value=0, max_digits=15, decimal_places=2
    )
    paid_amount = forms.DecimalField(
        label="实际支付金额（元）", min_value=0, max_digits=15, decimal_places=2
    )
    completed_on = forms.DateField(
        label="服务完成日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    via_platform = forms.BooleanField(label="通过平台预约/下单", required=False, initial=True)
    other_public_funding = forms.BooleanField(label="已获其他财政资金支持", required=False)
    public_funding_level = forms.ChoiceField(
        label="支持资金的层级",
        choices=[("", "未获支持或层级不明")] + list(FUNDING_LEVELS.items()),
        required=False,
    )
    claimant = forms.ChoiceField(
        label="申请兑付方",
        choices=[("applicant", "申请主体（企业）"), ("provider", "服务机构")],
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
            self.add_error("paid_amount", "实际支付金额不能大于合同金额")
        if data.get("public_funding_level") and not data.get("other_public_funding"):
            self.add_error(
                "public_funding_level",
                "选择了财政资金支持层级，请同时勾选“已获其他财政资金支持”；未获支持的请不选层级",
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
