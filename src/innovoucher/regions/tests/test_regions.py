"""Loading, selectors, the JSON API and the read-only admin."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from innovoucher.core.codes import Code
from innovoucher.core.errors import NotFound
from innovoucher.core.models import AuditEvent
from innovoucher.core.steps import Progress
from innovoucher.regions import selectors
from innovoucher.regions.models import Region, RegionLevel
from innovoucher.regions.services import region_table_load
from innovoucher.regions.setup import SETUP_STEPS

pytestmark = pytest.mark.django_db


def test_load_is_idempotent_and_corrects_changed_rows(regions):
    assert regions["created"] == regions["total"] == Region.objects.count()
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 31
    Region.objects.filter(pk="330602").update(name="旧名", full_name="旧名")
    again = region_table_load()
    assert (again["created"], again["updated"]) == (0, 1)
    assert Region.objects.get(pk="330602").full_name == "浙江省绍兴市越城区"
    assert region_table_load()["updated"] == 0
    assert AuditEvent.objects.filter(action="regions.region.load").count() == 2


def test_setup_step_and_command(db):
    [(order, _, step)] = SETUP_STEPS
    assert order == 10
    out = io.StringIO()
    call_command("load_regions", "--quiet", stdout=out)
    assert "新增" in out.getvalue() and Region.objects.filter(pk="640104").exists()

    step(Progress())  # a second run adds nothing
    assert AuditEvent.objects.filter(action="regions.region.load").count() == 1


def test_selectors(regions):
    assert selectors.region_get("640104").name == "兴庆区"
    assert [r.code for r in selectors.region_ancestors("640104")] == ["640000", "640100"]
    assert [r.code for r in selectors.region_ancestors("110101")] == ["110000"]
    assert selectors.region_ancestors("140000") == []
    children = [r.code for r in selectors.region_children("330600")]
    assert "330602" in children and all(c.startswith("3306") for c in children)
    assert "110101" in [r.code for r in selectors.region_children("110000")]
    assert "419001" in [r.code for r in selectors.region_children("410000")]
    assert selectors.region_label("330602") == "浙江省绍兴市越城区"
    assert selectors.region_label("999999") == "999999"
    assert selectors.region_label("") == ""
    with pytest.raises(NotFound, match="行政区划代码「999999」不存在"):
        selectors.region_get("999999")
    with pytest.raises(NotFound):
        selectors.region_children("abc")


def test_api(client, regions):
    body = client.get("/api/v1/regions/330602").json()
    assert body == {
        "code": "330602",
        "name": "越城区",
        "level": "county",
        "parent": "330600",
        "full_name": "浙江省绍兴市越城区",
    }
    children = client.get("/api/v1/regions/640100/children").json()
    assert {
        "code": "640104",
        "name": "兴庆区",
        "level": "county",
        "parent": "640100",
        "full_name": "宁夏回族自治区银川市兴庆区",
    } in children
    assert client.get("/api/v1/regions/330602/children").json() == []
    missing = client.get("/api/v1/regions/999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == Code.NOT_FOUND and "999999" in missing.json()["message"]
    assert client.get("/api/v1/regions/x%27/children").status_code == 404


def test_template_filter(regions):
    from django.template import Context, Template

    rendered = Template("{% load regions %}{{ code|region_label }}").render(
        Context({"code": "371502"})
    )
    assert rendered == "山东省聊城市东昌府区"


def test_admin_is_read_only(client, django_user_model, regions):
    admin = django_user_model.objects.create_superuser("root-regions", password=None)
    client.force_login(admin)
    assert client.get(reverse("admin:regions_region_changelist"), {"q": "越城"}).status_code == 200
    assert client.get(reverse("admin:regions_region_add")).status_code == 403
    assert client.get(reverse("admin:regions_region_change", args=["330602"])).status_code == 200
    client.post(reverse("admin:regions_region_delete", args=["330602"]), {"post": "yes"})
    assert Region.objects.filter(pk="330602").exists()
