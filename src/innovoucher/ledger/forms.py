"""Finance forms: parse what a person typed into fen, codes and choices. No business rules."""

from __future__ import annotations

from django import forms
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from innovoucher.core.money import MoneyError, yuan_to_fen
from innovoucher.ledger.models import BudgetLine, Cadence, Transfer
from innovoucher.regions.domain import is_region_code
from innovoucher.regions.selectors import region_code_known
from innovoucher.regions.widgets import RegionPicker

_YEARS = [(y, format_lazy("{}{}", y, _("年"))) for y in range(2024, 2031)]


class YuanField(forms.CharField):
    """An amount in yuan ("12345.60") cleaned into integer fen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("以元为单位，最多两位小数，如 1500000.00"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            fen = yuan_to_fen(value)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from None
        if fen <= 0:
            raise forms.ValidationError(_("金额必须大于零"))
        return fen


def _region(value: str) -> str:
    value = (value or "").strip()
    if not is_region_code(value) or not region_code_known(value):
        raise forms.ValidationError(_("请从列表中选择下级地区（国家标准 GB/T 2260 行政区划）"))
    return value


class AppropriateForm(forms.Form):
    funder_region = forms.ChoiceField(
        label=_("出资方（本级财政）"), widget=forms.Select(attrs={"lang": "zh-Hans"})
    )
    fiscal_year = forms.TypedChoiceField(label=_("预算年度"), choices=_YEARS, coerce=int)
    line = forms.ChoiceField(
        label=_("预算科目"), choices=[(v, _(label)) for v, label in BudgetLine.choices]
    )
    amount = YuanField(label=_("下达金额（元）"))
    reference = forms.CharField(
        label=_("预算文号"), max_length=80, help_text=_("同一文号重复提交不会重复记账")
    )
    memo = forms.CharField(label=_("摘要"), max_length=200, required=False)

    def __init__(self, *args, regions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder_region"].choices = regions


class AllocateForm(forms.Form):
    source = forms.TypedChoiceField(
        label=_("从哪一笔预算分配"), coerce=int, widget=forms.Select(attrs={"lang": "zh-Hans"})
    )
    to_region = forms.CharField(
        label=_("下拨至"), widget=RegionPicker(), help_text=_("选择下级地区，如 山西省 › 太原市")
    )
    amount = YuanField(label=_("分配金额（元）"))
    reference = forms.CharField(label=_("分配文号"), max_length=80)
    memo = forms.CharField(label=_("摘要"), max_length=200, required=False)

    def __init__(self, *args, budgets: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = budgets

    def clean_to_region(self):
        return _region(self.cleaned_data["to_region"])


class CarryOverForm(forms.Form):
    reference = forms.CharField(label=_("结转文号"), max_length=80)


class BatchForm(forms.Form):
    payer_region = forms.ChoiceField(
        label=_("付款单位"), widget=forms.Select(attrs={"lang": "zh-Hans"})
    )
    cadence = forms.ChoiceField(
        label=_("支付周期"), choices=[(v, _(label)) for v, label in Cadence.choices]
    )
    period = forms.CharField(
        label=_("期间"),
        max_length=40,
        help_text=_("按月填 2026-05，按季填 2026-Q2，按批次通知填通知文号"),
    )

    def __init__(self, *args, regions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer_region"].choices = regions


class ResultUploadForm(forms.Form):
    file = forms.FileField(
        label=_("银行回执文件"),
        help_text=mark_safe(_("CSV 或 Excel（.xlsx），须包含“明细编号”和“结果”两列")),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 5MB"))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("只接受 .csv 或 .xlsx 文件"))
        return upload


class TransferFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label=_("年度"),
        choices=[("", _("全部"))] + _YEARS,
        coerce=int,
        required=False,
        empty_value=None,
    )
    code = forms.ChoiceField(
        label=_("业务"),
        choices=[("", _("全部"))] + [(v, _(label)) for v, label in Transfer.Code.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[("", _("全部"))] + [(v, _(label)) for v, label in Transfer.Kind.choices],
        required=False,
    )
    region_code = forms.CharField(
        label=_("地区"),
        max_length=6,
        required=False,
        widget=RegionPicker(),  # nothing chosen: every region in the reader's scope
    )
    reference = forms.CharField(label=_("业务编号含"), max_length=120, required=False)
    budget = forms.IntegerField(label=_("预算编号"), required=False, min_value=1)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_region_code(self):
        value = (self.cleaned_data.get("region_code") or "").strip()
        if value and (not is_region_code(value) or not region_code_known(value)):
            raise forms.ValidationError(
                _("请从列表中选择地区（国家标准 GB/T 2260 行政区划），已忽略此条件")
            )
        return value
