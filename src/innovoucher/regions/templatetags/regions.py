from django import template

from innovoucher.regions.selectors import region_label as _region_label

register = template.Library()


@register.filter
def region_label(code):
    """{{ application.region_code|region_label }} → 浙江省绍兴市越城区 (the code when unknown)."""
    return _region_label(code)
