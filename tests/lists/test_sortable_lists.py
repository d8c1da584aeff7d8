"""Every sortable list answers each of its sort keys both ways with the heading marked
(`aria-sort`), keeps its filters in the heading links, orders the rows as asked (Chinese names by
pinyin), and finds names by pinyin (issue 15: lists sortable and filterable, pinyin search)."""

import re

import pytest

from innovoucher.orders.views import ORDER_SORTS
from innovoucher.providers.views import DIRECTORY_SORTS
from innovoucher.redemptions.views.review import REGIONAL_SORTS
from innovoucher.registry.views import ORGANISATION_SORTS
from innovoucher.supervision.views import SANCTION_SORTS
from innovoucher.vouchers.views import OFFICIAL_SORTS
from testsupport.world import build_world, register_party

pytestmark = pytest.mark.django_db

LISTS = [
    ("/registry/organisations/", ORGANISATION_SORTS, "sort"),
    ("/vouchers/official/", OFFICIAL_SORTS, "sort"),
    ("/redemptions/review/", REGIONAL_SORTS, "rsort"),
    ("/supervision/sanctions/", SANCTION_SORTS, "sort"),
    ("/providers/", DIRECTORY_SORTS, "sort"),
]


@pytest.fixture
def world(seed_policies):
    return build_world("shaoxing", funded=False)


def test_every_sort_key_both_ways(client, world):
    client.force_login(world.officials["county"])
    for url, sorting, param in LISTS:
        for key in sorting.by_key:
            for value, aria in ((key, "ascending"), (f"-{key}", "descending")):
                response = client.get(f"{url}?{param}={value}&status=")
                assert response.status_code == 200, (url, value)
                html = response.content.decode()
                heading = re.search(rf'<th scope="col"[^>]*aria-sort="{aria}"><a [^>]*>', html)
                if key in _shown(html, url):
                    assert heading, (url, value)
                    assert "status=" in heading.group(0)  # the filter stays in the link
        # an unknown key is the default order, not an error
        assert client.get(f"{url}?{param}=password").status_code == 200
    # the firm's order list (its own tab)
    client.force_login(world.applicant_user)
    for key in ORDER_SORTS.by_key:
        html = client.get(f"/orders/?sort=-{key}&status=").content.decode()
        assert re.search(rf'aria-sort="descending"><a [^>]*href="\?sort={key}&', html), key


def _shown(html: str, url: str) -> set[str]:
    return {m for m in re.findall(r'href="\?[^"]*sort=-?([a-z]+)', html)}


def test_organisations_sort_by_pinyin_and_are_found_by_initials(client, world):
    reviewer = world.officials["county"]
    register_party(world.county, name="安吉智造科技有限公司", reviewer=reviewer)
    register_party(world.county, name="绍兴检测技术有限公司", reviewer=reviewer)
    register_party(world.county, name="诸暨智能装备有限公司", reviewer=reviewer)
    client.force_login(reviewer)

    def names(query):
        html = client.get(f"/registry/organisations/?{query}").content.decode()
        return re.findall(r'lang="zh-Hans">([^<]+有限公司)</a>', html)

    ascending = names("sort=name")
    picked = [
        n
        for n in ascending
        if n in ("安吉智造科技有限公司", "绍兴检测技术有限公司", "诸暨智能装备有限公司")
    ]
    assert picked == [
        "安吉智造科技有限公司",
        "绍兴检测技术有限公司",
        "诸暨智能装备有限公司",
    ]  # an, shao, zhu
    assert names("sort=-name")[: len(ascending)] == list(reversed(ascending))
    assert names("q=sxjc") == ["绍兴检测技术有限公司"]
    assert names("q=shaoxingjiance") == ["绍兴检测技术有限公司"]
    assert names("q=检测") == ["绍兴检测技术有限公司"]
