"""Forms of the order pages: rendering and type parsing only; the services validate."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from innovoucher.core.money import fen_to_yuan_display
from innovoucher.orders.states import AttachmentKind, ContractType
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrderForm(forms.Form):
    # The options are organisations' and policies' own (Chinese) names.
    client = forms.TypedChoiceField(
        label=_("委托方"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"lang": "zh-Hans"}),
    )
    family = forms.ChoiceField(
        label=_("适用的创新券政策"), required=False, widget=forms.Select(attrs={"lang": "zh-Hans"})
    )
    subject = forms.CharField(label=_("服务内容（标的）"), max_length=200, required=False)
    contract_amount = forms.CharField(
        label=_("合同金额（元）"), max_length=20, required=False, help_text=_("如 100000.00")
    )
    category = forms.ChoiceField(
        label=_("服务类别（仪器机时）"),
        required=False,
        choices=[(k, gettext_lazy(v)) for k, v in SERVICE_CATEGORIES.items()],
    )
    voucher = forms.TypedChoiceField(
        label=_("使用创新券一键抵扣"), coerce=int, empty_value=None, required=False
    )
    # One-time token of this form: submitting it twice (a double click, a retried POST) places
    # one order (`services.order_place(idempotency_key=…)`). A fresh one on every new form.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, clients=(), families=(), vouchers=(), booking=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        self.fields["client"].choices = [(o.pk, o.name) for o in clients]
        self.fields["family"].choices = [("", _("不使用创新券政策"))] + [
            (slug, label) for slug, label in families
        ]
        self.fields["voucher"].choices = [("", _("不使用（先全额支付，服务完成后申请兑付）"))] + [
            (
                v.pk,
                f"{v.number} · {v.family_slug} · {gettext('可用')} "
                f"{fen_to_yuan_display(v.remaining_fen)}",
            )
            for v in vouchers
        ]
        if not booking:
            del self.fields["category"]


class ContractForm(forms.Form):
    contract_type = forms.ChoiceField(
        label=_("合同类型"), choices=ContractType.choices, required=False
    )
    registration_no = forms.CharField(
        label=_("技术合同登记号"),
        max_length=40,
        required=False,
        help_text=_("经技术合同认定登记的，填写登记号"),
    )
    project_name = forms.CharField(label=_("项目名称"), max_length=200, required=False)
    amount = forms.CharField(
        label=_("合同金额（元）"), max_length=20, required=False, help_text=_("须与订单金额一致")
    )
    start_on = forms.DateField(label=_("履行期限自"), required=False, widget=DATE)
    end_on = forms.DateField(label=_("履行期限至"), required=False, widget=DATE)
    content = forms.CharField(
        label=_("服务内容与技术要求"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "zh-Hans"}),
    )
    deliverables = forms.CharField(
        label=_("交付成果及验收标准"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "zh-Hans"}),
    )
    payment_terms = forms.CharField(label=_("付款方式"), max_length=300, required=False)
    client_signatory = forms.CharField(label=_("委托方代表"), max_length=60, required=False)
    provider_signatory = forms.CharField(label=_("服务方代表"), max_length=60, required=False)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("附件类型"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、JPG 或 PNG，不超过10MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
