"""The evaluation pages as an official, an expert and the provider use them: open a round with
the form (a refused value stays in the form with its message), score, decide, publish, download
the report, approve the award; the provider's award page shows the published grade."""

import datetime as dt
import io
import re

import pytest
from django.test import TestCase
from openpyxl import load_workbook

from innovoucher.core import clock
from innovoucher.evaluation.models import Award, EvaluationRound
from innovoucher.redemptions.tests.publicity_support import _fast_private_calendar  # noqa: F401
from innovoucher.regions.services import region_table_load
from testsupport import PASSWORD
from testsupport.world import START

from .support import FAMILY, PROVINCE, award_budget, expert, paid_world

pytestmark = pytest.mark.django_db
DAY = START[FAMILY] + dt.timedelta(days=20)


def test_official_runs_a_provider_round_through_the_pages(client):
    world = paid_world(subsidies=(4_000_000,))
    scorer = expert()
    with clock.frozen_now(DAY):
        client.login(username=world.officials["province"].username, password=PASSWORD)
        assert client.get("/evaluation/").status_code == 200
        form = {  # the region as the picker submits it: the province chosen, nothing below
            "kind": "provider",
            "family": FAMILY,
            "region_code__province": PROVINCE,
            "region_code__city": "",
            "region_code": "",
            "year": DAY.year,
            "expert_weight": "",
            "title": "",
        }
        bad = client.post("/evaluation/open/", {**form, "region_code__province": "", "year": 2019})
        assert bad.status_code == 422
        html = bad.content.decode()
        assert "请选择组织评价机关所在的行政区划" in html and 'value="2019"' in html
        opened = client.post("/evaluation/open/", form)
        rnd = EvaluationRound.objects.get()
        assert opened.status_code == 302 and opened["Location"] == f"/evaluation/{rnd.pk}/"
        page = client.get(f"/evaluation/{rnd.pk}/").content.decode()
        assert world.provider.name in page and "已兑付创新券（元）" in page
        a = rnd.assessments.get(provider=world.provider)
        client.login(username=scorer.username, password=PASSWORD)
        client.post(
            f"/evaluation/assessments/{a.pk}/score/",
            {"score": "90", "next": f"/evaluation/{rnd.pk}/"},
        )
        a.refresh_from_db()
        assert a.expert_score == 90
        refused = client.post(f"/evaluation/{rnd.pk}/action/", {"action": "decide"})
        assert refused.status_code == 403
        client.login(username=world.officials["province"].username, password=PASSWORD)
        client.post(f"/evaluation/{rnd.pk}/action/", {"action": "decide"})
        client.post(f"/evaluation/{rnd.pk}/action/", {"action": "publish"})
        rnd.refresh_from_db()
        assert rnd.status == "published"
        xlsx = client.get(f"/evaluation/{rnd.pk}/report.xlsx")
        ws = load_workbook(io.BytesIO(xlsx.content)).active
        assert ws.cell(row=3, column=1).value == world.provider.name
        pdf = client.get(f"/evaluation/{rnd.pk}/report.pdf")
        assert pdf.content.startswith(b"%PDF")
        # the page's buttons ask for the report as a background export (我的导出)
        assert 'value="evaluation.report"' in client.get(f"/evaluation/{rnd.pk}/").content.decode()
        with TestCase.captureOnCommitCallbacks(execute=True):
            asked = client.post(
                "/exports/request/",
                {"kind": "evaluation.report", "round": rnd.pk, "format": "xlsx"},
            )
        ready = client.get(asked["Location"] + "download/")
        ws = load_workbook(io.BytesIO(b"".join(ready.streaming_content))).active
        assert ws.cell(row=3, column=1).value == world.provider.name
        award = Award.objects.get()
        award_budget(world, 10_000_000, award.fiscal_year)
        client.post(f"/evaluation/awards/{award.pk}/action/", {"action": "approve"})
        award.refresh_from_db()
        assert award.status == "approved" and award.claim_reference == f"award:{award.pk}"
        assert "已预留" in client.get(f"/evaluation/{rnd.pk}/").content.decode()
        client.login(username=world.provider_user.username, password=PASSWORD)
        mine = client.get("/providers/workspace/award/", {"year": DAY.year}).content.decode()
        assert f"评价等级：<strong>{a.grade}</strong>" in mine and award.number in mine
        assert "年度评价结果" in mine and f"<strong>{a.grade}</strong>" in mine
        assert client.get(f"/evaluation/{rnd.pk}/").status_code == 404  # not in its scope


def test_the_round_form_picks_its_region_and_says_a_bad_one_at_the_field(client):
    """组织评价机关行政区划 is the GB/T 2260 picker (no typed code), the reader's region chosen
    first; a division outside the table or outside the official's region is a message at the
    field (4xx) with the other values kept; the picked region is the round's."""
    world = paid_world(subsidies=(1_000_000,))
    region_table_load()
    with clock.frozen_now(DAY):
        client.login(username=world.officials["province"].username, password=PASSWORD)
        page = client.get("/evaluation/").content.decode()
        assert 'name="region_code__province"' in page and 'value="640000" selected' in page
        assert 'for="id_region_code__province"' in page  # the label names the first list
        assert not re.search(r'<input[^>]*name="region_code"', page)
        form = {
            "kind": "provider",
            "family": FAMILY,
            "region_code__province": "640000",
            "region_code__city": "640100",
            "region_code": "",
            "year": DAY.year,
            "expert_weight": "",
            "title": "银川市服务机构评价",
        }
        unknown = client.post("/evaluation/open/", {**form, "region_code__city": "649900"})
        html = unknown.content.decode()
        assert unknown.status_code == 422 and "不在国家标准（GB/T 2260）中" in html
        assert 'value="银川市服务机构评价"' in html
        outside = client.post(
            "/evaluation/open/",
            {**form, "region_code__province": "140000", "region_code__city": "140100"},
        )
        html = outside.content.decode()
        assert outside.status_code == 403 and "不在您的管辖范围内" in html
        assert 'value="银川市服务机构评价"' in html and 'value="140100" selected' in html
        assert not EvaluationRound.objects.exists()
        opened = client.post("/evaluation/open/", form)
        assert opened.status_code == 302
        assert EvaluationRound.objects.get().region_code == "640100"
