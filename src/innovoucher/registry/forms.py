"""Forms for the registry pages: rendering and type parsing only; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innovoucher.regions.widgets import RegionPicker
from innovoucher.registry.labels import AFFILIATION_KIND_LABELS, PROVIDER_KIND_LABELS
from innovoucher.registry.models import SELF_REGISTERED_KINDS, FactKind, PartyIdentity

KIND_CHOICES = [("", _("请选择"))] + [(k.value, k.label) for k in SELF_REGISTERED_KINDS]
PROVIDER_CHOICES = [("", _("（仅服务机构填写）"))] + list(PROVIDER_KIND_LABELS.items())
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("主体类型"), choices=KIND_CHOICES, required=False)
    name = forms.CharField(
        label=_("名称（团队、个人填写团队名称或姓名）"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 100}),
        help_text=_("与营业执照（登记证书）一致，不超过100个字"),
    )
    region_code = forms.CharField(
        label=_("所在地区"),
        required=False,
        widget=RegionPicker(),
        help_text=_("依次选择省、市、区县"),
    )
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=_("法人单位必填，18位"),
    )
    provider_kind = forms.ChoiceField(
        label=_("服务机构类型"), choices=PROVIDER_CHOICES, required=False
    )
    host_incubator_id = forms.TypedChoiceField(
        label=_("入驻孵化载体（创业团队必填）"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—")],
    )
    address = forms.CharField(label=_("住所"), max_length=200, required=False)
    licence = forms.FileField(
        label=_("营业执照（登记证书）"),
        required=False,
        help_text=_("PDF、JPG 或 PNG，不超过10MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    legal_rep_name = forms.CharField(
        label=_("法定代表人（负责人）姓名"), max_length=60, required=False
    )
    legal_rep_id_number = forms.CharField(
        label=_("法定代表人（负责人）证件号码"),
        max_length=30,
        required=False,
        help_text=_("居民身份证、港澳台居民居住证或外国人永久居留身份证号码"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    contact_email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    # The receiving account is reviewed with the registration (after approval a change needs a
    # 变更备案 with evidence): asked here so a new party is not stopped at its first payment.
    bank_name = forms.CharField(
        label=_("开户银行"),
        max_length=100,
        required=False,
        help_text=_("收款账户用于拨付补助资金，随登记一并审核；三项齐全，也可在审核通过前补填"),
    )
    bank_account_name = forms.CharField(
        label=_("账户名称（户名）"), max_length=200, required=False, help_text=_("须与登记名称一致")
    )
    bank_account_number = forms.CharField(
        label=_("银行账号"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def __init__(self, *args, incubators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_incubator_id"].choices = [("", "—")] + [
            (i.pk, f"{i.name}（{i.region_code}）") for i in incubators
        ]


class AccountForm(forms.Form):
    username = forms.CharField(
        label=_("登录用户名"),
        max_length=150,
        required=False,
        help_text=_("英文字母、数字和 @ . + - _"),
    )
    password = forms.CharField(
        label=_("登录密码"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("至少10位，不能全为数字"),
    )
    display_name = forms.CharField(label=_("经办人姓名"), max_length=60, required=False)


class BankForm(forms.Form):
    bank_name = forms.CharField(
        label=_("开户银行"), max_length=100, required=False, help_text=_("银行全称及开户网点")
    )
    account_name = forms.CharField(
        label=_("账户名称（户名）"), max_length=200, required=False, help_text=_("须与登记名称一致")
    )
    account_number = forms.CharField(
        label=_("银行账号"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ContactForm(forms.Form):
    contact_name = forms.CharField(label=_("联系人"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    contact_email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("审核通过")), ("return", _("退回修改")), ("reject", _("不予通过"))],
    )
    reasons = forms.CharField(
        label=_("理由（退回或不予通过时必填，每行一条）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "zh-Hans"}),
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=500)


class FactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("事项"), choices=[("", _("请选择"))] + list(FactKind.choices), required=False
    )
    value = forms.CharField(
        label=_("数值或结论"),
        required=False,
        help_text=_("人数填整数；营业收入填元（如 15000000.00）；资格类填“是”或“否”"),
    )
    incubator_name = forms.CharField(
        label=_("孵化载体名称（入驻孵化载体时填写）"), max_length=200, required=False
    )
    valid_from = forms.CharField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.CharField(
        label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence_file = forms.FileField(
        label=_("证明材料"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    evidence_ref = forms.CharField(
        label=_("证书编号、文号或查询结果"), max_length=200, required=False
    )


class VerifyForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("核验结论"),
        choices=[("1", _("核验通过")), ("0", _("核验不通过"))],
        coerce=lambda x: x == "1",
    )
    note = forms.CharField(label=_("核验意见"), max_length=200, required=False)


HOLDER_CHOICES = list(PartyIdentity.HolderType.choices)


class ShareholderForm(forms.Form):
    holder_type = forms.ChoiceField(label=_("股东类型"), choices=HOLDER_CHOICES)
    holder_name = forms.CharField(label=_("股东名称（姓名）"), max_length=200, required=False)
    holder_uscc = forms.CharField(
        label=_("统一社会信用代码（机构股东）"), max_length=30, required=False
    )
    holder_id_number = forms.CharField(
        label=_("证件号码（自然人股东）"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    stake_percent = forms.CharField(label=_("持股比例（%）"), max_length=10, required=False)


class ControllerForm(forms.Form):
    holder_type = forms.ChoiceField(label=_("实际控制人类型"), choices=HOLDER_CHOICES)
    holder_name = forms.CharField(label=_("名称（姓名）"), max_length=200, required=False)
    holder_uscc = forms.CharField(
        label=_("统一社会信用代码（机构）"), max_length=30, required=False
    )
    holder_id_number = forms.CharField(
        label=_("证件号码（自然人）"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    basis = forms.CharField(
        label=_("认定依据"),
        max_length=200,
        required=False,
        help_text=_("如：持股比例最高、协议控制"),
    )


class AffiliationForm(forms.Form):
    kind = forms.ChoiceField(label=_("关系类型"), choices=list(AFFILIATION_KIND_LABELS.items()))
    counterpart_name = forms.CharField(label=_("对方名称"), max_length=200, required=False)
    counterpart_uscc = forms.CharField(
        label=_("对方统一社会信用代码"), max_length=30, required=False
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class RelationCheckForm(forms.Form):
    a = forms.CharField(label=_("主体甲（统一社会信用代码或编号）"), max_length=30)
    b = forms.CharField(label=_("主体乙（统一社会信用代码或编号）"), max_length=30)


class ChangeFilingForm(forms.Form):
    """Only the items filled in are changed; the credit code and the kind never change."""

    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    legal_rep_name = forms.CharField(label=_("法定代表人（负责人）"), max_length=60, required=False)
    legal_rep_id_number = forms.CharField(
        label=_("法定代表人（负责人）证件号码"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("更换法定代表人时填写"),
    )
    address = forms.CharField(label=_("住所"), max_length=200, required=False)
    region_code = forms.CharField(
        label=_("迁址后所在地区"),
        required=False,
        widget=RegionPicker(),
        help_text=_("迁址到其他区县时选择"),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    contact_email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    provider_kind = forms.ChoiceField(
        label=_("服务机构类型"),
        choices=[("", _("（不变更）"))] + list(PROVIDER_KIND_LABELS.items()),
        required=False,
    )
    qualifications = forms.CharField(
        label=_("资质情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "zh-Hans"}),
        help_text=_("资质证书名称、编号、有效期"),
    )
    service_scope = forms.CharField(
        label=_("服务范围"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "zh-Hans"}),
    )
    bank_name = forms.CharField(
        label=_("新开户银行"),
        max_length=100,
        required=False,
        help_text=_("变更收款账户时填写，三项齐全"),
    )
    bank_account_name = forms.CharField(
        label=_("新账户名称（户名）"),
        max_length=200,
        required=False,
        help_text=_("须与登记名称一致"),
    )
    bank_account_number = forms.CharField(
        label=_("新银行账号"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("变更事由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "zh-Hans"}),
    )
    evidence = forms.FileField(
        label=_("证明材料"),
        required=False,
        help_text=_("变更后的营业执照、批准文件、开户许可证或银行开户证明等，PDF、JPG 或 PNG"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, provider: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not provider:
            del self.fields["provider_kind"]

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("reason", "evidence")}


class FilingReviewForm(forms.Form):
    action = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("准予备案")), ("return", _("退回补正")), ("reject", _("不予备案"))],
    )
    reasons = forms.CharField(
        label=_("理由（退回或不予备案时必填，每行一条）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "zh-Hans"}),
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=500)
