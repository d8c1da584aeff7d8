"""Forms of the redemption pages: rendering and type parsing only; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core import web
from innovoucher.core.errors import DomainError
from innovoucher.policies.engine.vocabulary import FUNDING_LEVELS
from innovoucher.redemptions import domain
from innovoucher.redemptions.services.intake import InvoiceData
from innovoucher.redemptions.states import ClaimantKind, DocumentKind

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
DOCUMENT_HELP = _("PDF、JPG 或 PNG，不超过10MB")
# The funding levels of the policy vocabulary (plain text in the engine), for the catalogue.
_FUNDING_LEVEL_NAMES = (
    gettext_noop("国家级财政资金"),
    gettext_noop("省级（自治区）财政资金"),
    gettext_noop("市级财政资金"),
    gettext_noop("区县财政资金"),
)
_lazy_text = _
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A service's field names (``invoice.number``, ``documents.contract``) → the form's.
FIELD_NAMES = {
    "invoice.number": "invoice_number",
    "invoice.amount": "invoice_amount",
    "invoice.issued_on": "invoice_issued_on",
}


def form_field(name: str) -> str:
    if name.startswith("documents."):
        return name.split(".", 1)[1]
    return FIELD_NAMES.get(name, name)


def apply_errors(exc: DomainError, form: forms.Form) -> None:
    """`core.web.apply_errors` with the services' field names (``invoice.number``) read as the
    form's (``invoice_number``)."""
    details = exc.details if isinstance(exc.details, dict) else {}
    fields = details.get("fields") or {}
    exc.details = {**details, "fields": {form_field(name): msgs for name, msgs in fields.items()}}
    web.apply_errors(exc, form)


def _file(kind: str) -> forms.FileField:
    return forms.FileField(
        label=DocumentKind(kind).label,
        required=False,
        help_text=DOCUMENT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class DocumentsMixin(forms.Form):
    contract = _file("contract")
    invoice = _file("invoice")
    payment_proof = _file("payment_proof")
    result_report = _file("result_report")
    relevance_proof = _file("relevance_proof")
    other = _file("other")

    def documents(self, files) -> dict:
        return {kind: files.getlist(kind) for kind in domain.DOCUMENT_LABELS if files.getlist(kind)}


class ApplicationForm(DocumentsMixin):
    claimant_kind = forms.ChoiceField(
        label=_("申请方"),
        required=False,
        choices=[("", _("按政策确定")), *ClaimantKind.choices],
    )
    invoice_number = forms.CharField(
        label=_("发票号码"),
        max_length=30,
        required=False,
        help_text=_("8至20位；全面数字化电子发票为20位"),
    )
    invoice_amount = forms.CharField(
        label=_("发票金额（元）"), max_length=20, required=False, help_text=_("如 100000.00")
    )
    invoice_issued_on = forms.CharField(label=_("开票日期"), required=False, widget=DATE)
    invoice_issuer = forms.CharField(label=_("开票单位"), max_length=200, required=False)
    paid_amount = forms.CharField(
        label=_("实际支付金额（元）"),
        max_length=20,
        required=False,
        help_text=_("订单未在平台结算时填写，并上传付款凭证"),
    )
    other_public_funding = forms.BooleanField(
        label=_("本服务已获得科技计划或其他财政资金支持"), required=False
    )
    public_funding_level = forms.ChoiceField(
        label=_("支持资金的层级"),
        required=False,
        choices=[("", _("未获支持或层级不明"))]
        + [(k, _lazy_text(v)) for k, v in FUNDING_LEVELS.items()],
        help_text=_(
            "已获支持的请选择出资层级（如乌鲁木齐办法第十二条第（一）项只排除市级财政资金）"
        ),
    )
    field_order = [
        "claimant_kind",
        "invoice_number",
        "invoice_amount",
        "invoice_issued_on",
        "invoice_issuer",
        "paid_amount",
        "other_public_funding",
        "public_funding_level",
        "contract",
        "invoice",
        "payment_proof",
        "result_report",
        "relevance_proof",
        "other",
    ]

    def __init__(self, *args, both_sides: bool = False, settled: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not both_sides:
            del self.fields["claimant_kind"]
        if settled:
            del self.fields["paid_amount"]

    def invoice_data(self) -> InvoiceData:
        d = self.cleaned_data
        return InvoiceData(
            number=d.get("invoice_number", ""),
            amount=d.get("invoice_amount", ""),
            issued_on=d.get("invoice_issued_on", ""),
            issuer=d.get("invoice_issuer", ""),
        )


class ResubmitForm(ApplicationForm):
    note = forms.CharField(
        label=_("修改说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def invoice_data(self) -> InvoiceData | None:
        d = self.cleaned_data
        if not any(d.get(k) for k in ("invoice_number", "invoice_amount", "invoice_issued_on")):
            return None
        return super().invoice_data()


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("通过")), ("return", _("退回修改")), ("reject", _("不予支持"))],
        widget=forms.RadioSelect,
        initial="approve",
    )
    opinion = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(
        label=_("退回或不予支持的理由（每行一条）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("告诉申请人需要修改什么，或不予支持的依据"),
    )
    amount = forms.CharField(
        label=_("建议补助金额（元，可不填）"),
        max_length=20,
        required=False,
        help_text=_("不得超过核定补助"),
    )


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CallForm(forms.Form):
    family = forms.ChoiceField(
        label=_("政策"), choices=(), widget=forms.Select(attrs={"lang": "zh-Hans"})
    )
    title = forms.CharField(label=_("通知标题"), max_length=200, required=False)
    opens_on = forms.CharField(label=_("受理开始日期"), required=False, widget=DATE)
    closes_on = forms.CharField(label=_("受理截止日期"), required=False, widget=DATE)
    body = forms.CharField(
        label=_("通知内容"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, families=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = list(families)
