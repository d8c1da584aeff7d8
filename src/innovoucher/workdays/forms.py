from django import forms
from django.utils.translation import gettext_lazy as _


class AddWorkingDaysForm(forms.Form):
    start = forms.DateField(
        label=_("起算日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请选择起算日"), "invalid": _("日期格式应为 2026-09-30")},
    )
    n = forms.IntegerField(
        label=_("工作日数"),
        min_value=1,
        max_value=366,
        initial=10,
        error_messages={
            "required": _("请填写工作日数"),
            "min_value": _("工作日数至少为1"),
            "max_value": _("工作日数不超过366"),
            "invalid": _("工作日数应为整数"),
        },
    )


class NoticeImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("安排年份"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("请填写年份"),
            "invalid": _("年份应为四位数字"),
            "min_value": _("年份应在2000年至2100年之间"),
            "max_value": _("年份应在2000年至2100年之间"),
        },
    )
    text = forms.CharField(
        label=_("通知全文"),
        widget=forms.Textarea(
            attrs={
                "rows": 14,
                "lang": "zh-Hans",  # the State Council's notice is pasted in Chinese
                "placeholder": "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：……",
            }
        ),
        help_text=_(
            "粘贴《国务院办公厅关于XXXX年部分节假日安排的通知》全文；标题、导语与结尾会被忽略，每个节日一行。"
        ),
        error_messages={"required": _("请粘贴通知全文")},
        max_length=20000,
    )
