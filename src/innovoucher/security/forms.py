"""The audit log's filters (the page and its export)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innovoucher.regions.widgets import RegionPicker


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("操作人"), required=False, max_length=150)
    obj = forms.CharField(
        label=_("对象"), required=False, max_length=120, help_text=_("对象类型、编号或“类型:编号”")
    )
    region = forms.CharField(label=_("地区"), required=False, max_length=6, widget=RegionPicker())
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期"))
        return data
