"""Sortable lists (core/listing.py, `{% sort_th %}`) and name search by Chinese, pinyin initials
or full pinyin (`registry.selectors.name_q`), used by the lists where a name is searched."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from innovoucher.core.listing import Sort, Sorting
from innovoucher.registry.models import Organisation
from innovoucher.registry.selectors import name_q
from testsupport.world import register_party

SORTS = Sorting(
    Sort("name", "名称", "name_pinyin"),
    Sort("created", "登记时间", "created_at"),
    default="-created",
)


def _request(query: str = ""):
    return RequestFactory().get(f"/registry/?{query}")


def test_the_sort_parameter_orders_and_unknown_keys_fall_back_to_the_default():
    qs = Organisation.objects.all()
    ordered, state = SORTS.apply(_request("sort=name&status=approved&page=3"), qs)
    assert ordered.query.order_by == ("name_pinyin", "pk")
    assert (state.key, state.descending) == ("name", False)
    # the heading link flips the order, keeps the filters and goes back to page 1
    assert state.link("name") == "?sort=-name&status=approved"
    assert state.link("created") == "?sort=created&status=approved"
    assert state.aria("name") == "ascending" and state.aria("created") == "none"

    ordered, state = SORTS.apply(_request("sort=-name"), qs)
    assert ordered.query.order_by == ("-name_pinyin", "-pk") and state.aria("name") == "descending"

    for bad in ("sort=password", "sort=--name", "sort=", "sort=name%00"):
        ordered, state = SORTS.apply(_request(bad), qs)
        assert ordered.query.order_by == ("-created_at", "-pk"), bad


def test_a_default_that_is_not_a_column_is_refused_at_import():
    with pytest.raises(ValueError):
        Sorting(Sort("name", "名称"), default="created")


def test_the_heading_tag_draws_a_link_with_aria_sort():
    _, state = SORTS.apply(_request("sort=name"), Organisation.objects.all())
    html = Template(
        '{% load listing %}{% sort_th state "name" %}{% sort_th state "created" %}'
    ).render(Context({"state": state}))
    assert (
        '<th scope="col" aria-sort="ascending"><a class="sort-link" href="?sort=-name">名称' in html
    )
    assert 'aria-sort="none"' in html and 'href="?sort=created">登记时间' in html


@pytest.mark.django_db
def test_names_are_found_by_chinese_initials_or_full_pinyin():
    shaoxing, _ = register_party("330602", name="绍兴检测技术有限公司")
    other, _ = register_party("330602", name="天山科技有限公司")
    orgs = Organisation.objects.all()
    for text in ("检测", "sxjc", "SXJC", "shaoxing", "shao xing"):
        assert list(orgs.filter(name_q(text))) == [shaoxing], text
    assert list(orgs.filter(name_q("tianshan"))) == [other]
    assert not orgs.filter(name_q("zzzz")).exists()
    # through a relation, as the voucher and order lists use it
    from innovoucher.accounts.models import RoleAssignment

    assert RoleAssignment.objects.filter(name_q("sxjc", "organisation")).exists()
