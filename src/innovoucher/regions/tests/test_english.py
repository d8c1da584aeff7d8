"""The region picker in English (issue 15): its prompts are translated at every step, while the
region names (GB/T 2260 data, Chinese) are options marked lang="zh-Hans"."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from innovoucher.regions.models import RegionLevel
from testsupport.english import switch_to_english, untranslated


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_the_picker_in_english(client, regions):
    steps = [
        {"field": "region_code"},
        {"field": "region_code", "region_code__province": "330000"},
        {"field": "region_code", "region_code__province": "330000", "region_code__city": "330600"},
        {"field": "region_code", "region_code__province": "110000"},
    ]
    chinese = client.get("/regions/picker/", steps[0]).content.decode()
    assert "先选择省" in chinese
    switch_to_english(client)
    problems = {}
    for step in steps:
        html = client.get("/regions/picker/", step).content.decode()
        assert 'lang="zh-Hans">浙江省</option>' in html
        if found := untranslated(html):
            problems[str(step)] = found
    assert "Choose the province first" in client.get("/regions/picker/", steps[0]).content.decode()
    assert str(RegionLevel.COUNTY.label) == "County level"
    assert not problems, problems
