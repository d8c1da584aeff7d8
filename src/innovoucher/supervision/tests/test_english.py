"""The supervision pages in English (issue 15): overview, sanctions (list, detail, the impose form
re-rendered with an error), integrity, samples, clawbacks, complaints with one filed, the public
report form, commitments, credit-list imports, the controller graph, staff actions, measures and
bulletins. Names, reasons and domain errors stay Chinese inside lang="zh-Hans" elements."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innovoucher.supervision.models import Complaint, CreditImport, Sanction
from innovoucher.supervision.tests.support import at
from testsupport.english import english_problems, switch_to_english, untranslated
from testsupport.world import START, build_world

pytestmark = pytest.mark.django_db


def english(user=None) -> Client:
    client = Client()
    switch_to_english(client)
    if user is not None:
        client.force_login(user)
    return client


def report(problems) -> str:
    return "\n".join(f"{url}: {found}" for url, found in problems.items())


def posted(client, url, data, problems):
    response = client.post(url, data)
    if response.status_code not in (200, 400, 422):
        problems[f"POST {url}"] = [f"HTTP {response.status_code}"]
    elif found := untranslated(response.content.decode()):
        problems[f"POST {url}"] = found
    return response


def test_supervision_pages_in_english(seed_policies, django_capture_on_commit_callbacks):
    problems: dict[str, list[str]] = {}
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        official = english(world.officials["county"])
        official.post(
            "/supervision/sanctions/impose/",
            {"uscc": world.applicant.uscc, "family": "urumqi", "reason": "编造合同"},
        )
        sanction = Sanction.objects.filter(derived_from=None).order_by("id").first()
        anonymous = english()
        anonymous.post(
            "/supervision/report/",
            {
                "kind": "fraud",
                "family": "urumqi",
                "provider_uscc": world.provider.uscc,
                "text": "虚开发票",
            },
        )
        complaint = Complaint.objects.get()
        text = (
            f"统一社会信用代码,名称,列入日期\n{world.provider.uscc},{world.provider.name},"
            "2026-01-05\n"
        )
        with django_capture_on_commit_callbacks(execute=True):
            official.post(
                "/supervision/credit/",
                {
                    "region_code": world.county,
                    "list_kind": "dishonest",
                    "file": SimpleUploadedFile("名单.csv", text.encode()),
                },
            )
        imp = CreditImport.objects.get()
        problems |= english_problems(
            official,
            [
                "/supervision/",
                "/supervision/sanctions/",
                "/supervision/sanctions/?status=active",
                f"/supervision/sanctions/{sanction.pk}/",
                "/supervision/integrity/",
                "/supervision/samples/",
                "/supervision/clawbacks/",
                "/supervision/complaints/",
                f"/supervision/complaints/{complaint.pk}/",
                "/supervision/credit/",
                f"/supervision/credit/{imp.pk}/",
                f"/supervision/graph/?uscc={world.applicant.uscc}",
                "/supervision/staff/",
                "/supervision/commitments/",
            ],
        )
        fragment = official.get(f"/supervision/credit/{imp.pk}/progress/").content.decode()
        if found := untranslated(fragment):
            problems["progress fragment"] = found
        posted(
            official,
            "/supervision/credit/",
            {"region_code": world.county, "list_kind": "dishonest", "source": "市场监管局"},
            problems,
        )
        posted(
            official,
            f"/supervision/graph/?uscc={world.applicant.uscc}",
            {"uscc": world.applicant.uscc, "holder_name": "钱七", "holder_id_number": "1"},
            problems,
        )
        problems |= english_problems(anonymous, ["/supervision/report/", "/supervision/public/"])
        problems |= english_problems(
            english(world.applicant_user), ["/supervision/commitments/", "/supervision/report/"]
        )
    with at(START["ningxia"]):
        nx = build_world("ningxia", funded=False)
        official = english(nx.officials["county"])
        posted(
            official,
            "/supervision/measures/",
            {"family": "ningxia", "provider_uscc": nx.provider.uscc, "grounds": ""},
            problems,
        )
        done = official.post(
            "/supervision/measures/",
            {"family": "ningxia", "provider_uscc": nx.provider.uscc, "grounds": "评价为差"},
        )
        problems |= english_problems(
            official, ["/supervision/measures/", "/supervision/bulletins/", done["Location"]]
        )
        problems |= english_problems(english(nx.provider_user), [done["Location"]])
    assert not problems, report(problems)
    chinese = Client()
    chinese.force_login(world.officials["county"])
    with at(START["urumqi"]):
        assert "监督检查" in chinese.get("/supervision/").content.decode()
