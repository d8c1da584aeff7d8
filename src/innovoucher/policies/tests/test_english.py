"""The policy pages in English (issue 15): the list, each scheme and each of its versions. The
policy's own text (names, documents, parameter values, articles, assumptions) stays Chinese and is
marked lang="zh-Hans"; every fixed word of the pages is English."""

from __future__ import annotations

import pytest
from django.test import Client

from innovoucher.policies.models import PolicyFamily, PolicyVersion
from testsupport.english import english_problems, switch_to_english

pytestmark = pytest.mark.django_db


def report(problems) -> str:
    return "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_policy_pages_in_english(seed_policies):
    client = Client()
    switch_to_english(client)
    urls = ["/policies/"]
    urls += [f"/policies/{f.slug}/" for f in PolicyFamily.objects.all()]
    urls += [f"/policies/versions/{v.code}/" for v in PolicyVersion.objects.all()]
    assert len(urls) > 6
    problems = english_problems(client, urls)
    assert not problems, report(problems)
    page = client.get(urls[-1]).content.decode()
    assert "Parameter" in page and "Article" in page
    assert "政策文件" in Client().get("/policies/").content.decode()
