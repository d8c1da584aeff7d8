"""Forms of the evaluation pages (typed values are kept when a service refuses them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovoucher.evaluation.states import RoundKind
from innovoucher.regions.widgets import RegionPicker


class RoundOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("评价类型"), choices=RoundKind.choices)
    family = forms.ChoiceField(
        label=_("政策"), choices=(), widget=forms.Select(attrs={"lang": "zh-Hans"})
    )
    region_code = forms.CharField(
        label=_("组织评价机关行政区划"),
        max_length=6,
        required=False,  # the service says what is missing, at the field
        widget=RegionPicker(),
        help_text=_("依次选择省、市、区县；省级、市级机关选到省或市即可"),
    )
    year = forms.IntegerField(label=_("评价年度"), min_value=2000, max_value=2100)
    expert_weight = forms.IntegerField(
        label=_("专家评分权重（%，留空按政策默认）"), required=False, min_value=0, max_value=100
    )
    title = forms.CharField(label=_("标题（可留空）"), max_length=200, required=False)

    def __init__(self, *args, families=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = list(families)


class ScoreForm(forms.Form):
    score = forms.CharField(label=_("评分（0—100）"), max_length=5)
    comment = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
