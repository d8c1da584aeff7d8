from django import forms
from django.utils.translation import gettext_lazy as _

from innovoucher.notices.states import NoticeKind
from innovoucher.regions.widgets import RegionPicker


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=NoticeKind.choices)
    region_code = forms.CharField(
        label=_("发布地区"),
        max_length=6,
        required=False,
        widget=RegionPicker(),
        help_text=_("依次选择省、市、区县；不选则为您所在的地区"),
    )
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    issuer = forms.CharField(label=_("发布单位"), max_length=120, required=False)
    body = forms.CharField(
        label=_("正文"), widget=forms.Textarea(attrs={"rows": 8, "lang": "zh-Hans"}), required=False
    )

    def __init__(self, *args, national: bool = False, **kwargs):
        """`national`: the official publishes platform-wide, so 全国 is offered first."""
        super().__init__(*args, **kwargs)
        self.fields["region_code"].widget.national = national


class NoticeEditForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    issuer = forms.CharField(label=_("发布单位"), max_length=120, required=False)
    body = forms.CharField(
        label=_("正文"), widget=forms.Textarea(attrs={"rows": 8, "lang": "zh-Hans"}), required=False
    )


class AttachmentForm(forms.Form):
    name = forms.CharField(label=_("附件名称（可选）"), max_length=200, required=False)
    file = forms.FileField(label=_("文件（PDF、JPG 或 PNG，不超过10MB）"), required=False)
