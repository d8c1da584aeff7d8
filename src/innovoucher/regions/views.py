"""The region picker's htmx fragment: the three selects for what is chosen so far (public
reference data, no sign-in needed: registration is anonymous)."""

from __future__ import annotations

import re

from django.http import HttpResponseBadRequest
from django.shortcuts import render

from innovoucher.regions.widgets import picked, picker_context

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


def region_picker(request):
    field = request.GET.get("field", "")
    element_id = request.GET.get("element_id", "") or f"id_{field}"
    if not _NAME.match(field) or not _NAME.match(element_id.lower()):
        return HttpResponseBadRequest("无效的字段名")
    national = (
        request.GET.get("national") == "1"
    )  # the first option 全国 (RegionPicker(national=True))
    value = picked(request.GET, field)
    context = {"picker": picker_context(field, value, element_id, national=national)}
    return render(request, "regions/_region_picker.html", context)
