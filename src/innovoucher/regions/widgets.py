"""The region picker: province → city → county selects from the GB/T 2260 table, never six typed
digits. htmx (vendored) refreshes the lower selects when a higher one changes; without script
the selects are plain form fields: choose the province, submit, and the form comes back (with a
message at the field) listing its cities, and so on down to the county.

The submitted value is the most specific choice; the service checks it is in the table and, for a
party's seat, a county (or a city without counties).

`RegionPicker(national=True)` (`picker_context(..., national=True)`) puts 全国（平台） first in
the province list, for the forms that take the national code 100000 as well (a role granted
platform-wide); choosing it submits 100000 and leaves the lower lists empty.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse

from innovoucher.regions.domain import NATIONAL
from innovoucher.regions.selectors import region_options


def _chain(code: str) -> list[str]:
    """[province, second level, third level] codes leading to `code` (as far as it goes)."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return []
    province = code[:2] + "0000"
    city = code[:4] + "00"
    chain = [province]
    if city != province:
        chain.append(city)
    if code not in chain:
        chain.append(code)
    return chain


class RegionPicker(forms.Widget):
    template_name = "regions/_region_picker.html"
    LEVELS = ("province", "city")

    def __init__(self, attrs=None, *, national: bool = False):
        super().__init__(attrs)
        self.national = national

    def value_from_datadict(self, data, files, name):
        return picked(data, name)

    def value_omitted_from_data(self, data, files, name):
        return not any(k in data for k in (name, f"{name}__city", f"{name}__province"))

    def id_for_label(self, id_):
        """A field's label names the first list (the province), where the choice starts."""
        return f"{id_}__province" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["picker"] = picker_context(
            name, str(value or ""), attrs.get("id") if attrs else "", national=self.national
        )
        return context


def picked(data, name: str) -> str:
    """The most specific choice that agrees with the ones above it (a province changed without
    script leaves a stale city and county behind: they are dropped)."""
    province = (data.get(f"{name}__province") or "").strip()
    city = (data.get(f"{name}__city") or "").strip()
    county = (data.get(name) or "").strip()
    if province and city and city[:2] != province[:2]:
        city, county = "", ""
    if city and county and county[:4] != city[:4]:
        county = ""
    if province and county and county[:2] != province[:2]:
        county = ""
    return county or city or province


def picker_context(name: str, value: str, element_id: str = "", *, national: bool = False) -> dict:
    """The three selects for `value`: each list, and what is chosen in it (with `national`, the
    province list starts with 全国 = 100000)."""
    chose_national = national and value == NATIONAL
    levels = region_options([] if chose_national else _chain(value))
    return {
        "name": name,
        "id": element_id or f"id_{name}",
        "url": reverse("region_picker"),
        "levels": levels,
        "value": value,
        "national": NATIONAL if national else "",
        "national_chosen": chose_national,
    }
