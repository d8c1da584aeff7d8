"""Regions are chosen, never typed: the province → city → county picker (htmx fragment, plain
selects without script), and codes outside GB/T 2260 refused at registration, in the API and at
the field of the page, without burning the credit code or the username."""

import pytest

from innovoucher.core.errors import ValidationFailed
from innovoucher.regions.services import region_table_load
from innovoucher.regions.widgets import picked
from innovoucher.registry.demo import make_uscc
from innovoucher.registry.models import Organisation
from innovoucher.registry.tests.conftest import PASSWORD, id_for, pdf, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(db):
    return region_table_load()


@pytest.mark.parametrize("with_table", [False, True])
def test_an_unknown_or_too_coarse_region_is_refused_with_a_code(with_table, request):
    if with_table:
        request.getfixturevalue("table")
    with pytest.raises(ValidationFailed) as exc:
        register("999999", legal_rep_id_number=id_for("330602"), uscc=make_uscc("330602", 9100))
    assert exc.value.code == "region_unknown"
    assert "GB/T 2260" in exc.value.details["fields"]["region_code"][0]
    with pytest.raises(ValidationFailed) as exc:
        register("330600")  # a city with counties: the party's county is needed
    assert exc.value.details["fields"]["region_code"] == ["请选择到区县一级的所在地区"]
    assert not Organisation.objects.exists()


def test_the_api_refuses_an_unknown_region_with_a_code(client):
    response = client.post(
        "/api/v1/registry/registrations",
        {
            "kind": "enterprise",
            "name": "无效地区测试有限公司",
            "region_code": "999999",
            "uscc": make_uscc("330602", 9001),
            "legal_rep_name": "张三",
            "legal_rep_id_number": id_for("330602"),
            "contact_name": "李四",
            "contact_phone": "13800001111",
            "username": "bad-region",
            "password": PASSWORD,
            "licence": pdf(),
        },
    )
    assert response.status_code in (400, 422), response.content
    body = response.json()
    assert body["code"] == "region_unknown" or body["details"]["codes"]["region_code"] == (
        "region_unknown"
    )


def test_the_picker_fragment_lists_the_next_level(client, table):
    html = client.get(
        "/regions/picker/",
        {"field": "region_code", "region_code__province": "330000"},
    ).content.decode()
    assert 'value="330600"' in html and "绍兴市" in html and 'value="330602"' not in html
    html = client.get(
        "/regions/picker/",
        {
            "field": "region_code",
            "region_code__province": "330000",
            "region_code__city": "330600",
        },
    ).content.decode()
    assert 'value="330602"' in html and "越城区" in html
    # a municipality: its districts are the second level
    html = client.get(
        "/regions/picker/", {"field": "region_code", "region_code__province": "110000"}
    ).content.decode()
    assert 'value="110105"' in html
    assert client.get("/regions/picker/", {"field": 'x"><script>'}).status_code == 400


def test_a_changed_province_drops_the_stale_city_and_county():
    data = {"r__province": "140000", "r__city": "330600", "r": "330602"}
    assert picked(data, "r") == "140000"
    assert picked({"r__province": "330000", "r__city": "330600", "r": "330602"}, "r") == "330602"


def test_the_register_page_shows_pickers_and_keeps_the_choice(client, table):
    page = client.get("/registry/register/").content.decode()
    assert 'name="region_code__province"' in page and 'hx-get="/regions/picker/"' in page
    response = client.post(
        "/registry/register/",
        {"kind": "enterprise", "region_code__province": "330000", "region_code__city": "330600"},
    )
    body = response.content.decode()
    assert "请选择到区县一级的所在地区" in body
    assert 'value="330600" selected' in body and 'value="330602"' in body  # the counties listed
