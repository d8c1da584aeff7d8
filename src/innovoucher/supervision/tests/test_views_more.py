"""Pages of the import (form errors re-rendered with the typed values, htmx progress, matches),
measures, bulletins, the controller graph with directors; the commitment shown on an application."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innovoucher.registry.idnumber import make_id_number
from innovoucher.supervision.models import CreditImport
from innovoucher.supervision.tests.support import at
from innovoucher.vouchers.services.issuance import voucher_claim
from testsupport.world import START, build_world


@pytest.mark.django_db
def test_import_page_uploads_shows_progress_and_matches(
    seed_policies, django_capture_on_commit_callbacks
):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        c = Client()
        c.force_login(world.officials["county"])
        page = c.get("/supervision/credit/").content.decode()
        assert 'enctype="multipart/form-data"' in page
        bad = c.post(
            "/supervision/credit/",
            {"region_code": world.county, "list_kind": "dishonest", "source": "市场监管局"},
        )
        assert bad.status_code == 422
        html = bad.content.decode()
        assert "请上传 CSV 或 Excel" in html and 'value="市场监管局"' in html
        text = (
            f"统一社会信用代码,名称,列入日期\n{world.provider.uscc},{world.provider.name},"
            "2026-01-05\n"
        )
        with django_capture_on_commit_callbacks(execute=True):
            r = c.post(
                "/supervision/credit/",
                {
                    "region_code": world.county,
                    "list_kind": "dishonest",
                    "file": SimpleUploadedFile("名单.csv", text.encode()),
                },
            )
        imp = CreditImport.objects.get()
        assert r.status_code == 302 and r["Location"] == f"/supervision/credit/{imp.pk}/"
        detail = c.get(r["Location"]).content.decode()
        assert world.provider.name in detail and "已导入" in detail
        fragment = c.get(f"/supervision/credit/{imp.pk}/progress/").content.decode()
        assert 'id="import-progress"' in fragment and "hx-trigger" not in fragment  # finished
        CreditImport.objects.filter(pk=imp.pk).update(status="running")
        fragment = c.get(f"/supervision/credit/{imp.pk}/progress/").content.decode()
        assert 'hx-trigger="every 1s"' in fragment
        party = Client()
        party.force_login(world.applicant_user)
        assert party.get(f"/supervision/credit/{imp.pk}/").status_code == 404


@pytest.mark.django_db
def test_graph_page_records_a_director_and_shows_the_path(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        c = Client()
        c.force_login(world.officials["county"])
        url = f"/supervision/graph/?uscc={world.applicant.uscc}"
        html = c.get(url).content.decode()
        assert "法定代表人" in html
        bad = c.post(
            url, {"uscc": world.applicant.uscc, "holder_name": "钱七", "holder_id_number": "1"}
        )
        assert bad.status_code == 422 and 'value="钱七"' in bad.content.decode()
        number = make_id_number("650102", dt.date(1970, 2, 3), 99)
        ok = c.post(
            url,
            {"uscc": world.applicant.uscc, "holder_name": "钱七", "holder_id_number": number},
        )
        assert ok.status_code == 302
        assert "董事" in c.get(url).content.decode()


@pytest.mark.django_db
def test_pages_of_measures_and_bulletins_render(seed_policies):
    with at(START["ningxia"]):
        world = build_world("ningxia", funded=False)
        c = Client()
        c.force_login(world.officials["county"])
        for url in ("/supervision/measures/", "/supervision/bulletins/", "/supervision/staff/"):
            assert c.get(url).status_code == 200, url
        r = c.post(
            "/supervision/measures/",
            {"family": "ningxia", "provider_uscc": world.provider.uscc, "grounds": ""},
        )
        assert r.status_code == 422 and "请填写通报事由" in r.content.decode()
        r = c.post(
            "/supervision/measures/",
            {"family": "ningxia", "provider_uscc": world.provider.uscc, "grounds": "评价为差"},
        )
        assert r.status_code == 302
        provider = Client()
        provider.force_login(world.provider_user)
        assert 'href="/supervision/measures/"' in provider.get("/").content.decode()
        page = provider.get(r["Location"]).content.decode()
        assert "提交整改报告" in page


@pytest.mark.django_db
def test_the_commitment_is_shown_on_the_application(seed_policies):
    with at(START["shaoxing"]):
        world = build_world("shaoxing", funded=False)
        voucher = voucher_claim(
            actor=world.applicant_user, holder=world.applicant, family="shaoxing"
        )
        c = Client()
        c.force_login(world.applicant_user)
        html = c.get(f"/vouchers/{voucher.pk}/").content.decode()
    assert "信用承诺" in html and "四（三）" in html
