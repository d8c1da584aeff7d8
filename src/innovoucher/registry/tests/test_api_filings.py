"""Change filings through the API: multipart filing with evidence, review, resubmission,
withdrawal, scoping and 4xx errors with code/message/details."""

import pytest

from innovoucher.core.codes import Code
from innovoucher.registry import services
from innovoucher.registry.codes import Code as RegistryCode
from innovoucher.registry.tests.conftest import pdf, register

pytestmark = pytest.mark.django_db
API = "/api/v1/registry"


@pytest.fixture
def firm(yuecheng):
    org = register("330602", username="api-firm")
    services.registration_review(actor=yuecheng, organisation=org, action="approve")
    org.refresh_from_db()
    return org


def test_file_review_and_history(client, firm, yuecheng, tianshan):
    party = firm.role_assignments.get().user
    client.force_login(party)
    r = client.post(
        f"{API}/organisations/{firm.pk}/filings",
        {"reason": "迁址", "address": "越城区新址8号", "contact_phone": "12"},
    )
    assert r.status_code == 422 and r.json()["code"] == Code.VALIDATION_FAILED
    assert set(r.json()["details"]["fields"]) == {"contact_phone", "evidence"}
    r = client.post(
        f"{API}/organisations/{firm.pk}/filings",
        {"reason": "迁址", "address": "越城区新址8号", "evidence": pdf()},
    )
    assert r.status_code == 201
    filing = r.json()
    assert filing["status"] == "submitted" and filing["items"] == [
        {"field": "address", "label": "住所", "old": "—", "new": "越城区新址8号"}
    ]
    assert filing["deadline"] and filing["history"][0]["label"] == "提交变更备案"
    r = client.post(
        f"{API}/organisations/{firm.pk}/filings",
        {"reason": "再次", "contact_name": "王五", "evidence": pdf()},
    )
    assert r.status_code == 409 and r.json()["code"] == RegistryCode.FILING_OPEN
    assert (
        client.post(
            f"{API}/filings/{filing['id']}/review",
            {"action": "approve"},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(tianshan)
    r = client.post(
        f"{API}/filings/{filing['id']}/review",
        {"action": "approve"},
        content_type="application/json",
    )
    assert r.status_code == 404 and client.get(f"{API}/filings").json() == []
    client.force_login(yuecheng)
    assert [f["id"] for f in client.get(f"{API}/filings", {"status": "submitted"}).json()] == [
        filing["id"]
    ]
    r = client.post(
        f"{API}/filings/{filing['id']}/review",
        {"action": "return"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["details"]["fields"]["reasons"]
    r = client.post(
        f"{API}/filings/{filing['id']}/review",
        {"action": "return", "reasons": ["请上传租赁合同"]},
        content_type="application/json",
    )
    assert r.json()["status"] == "returned"
    client.force_login(party)
    r = client.post(
        f"{API}/filings/{filing['id']}/resubmit",
        {"reason": "迁址（补正）", "address": "越城区新址9号", "evidence": pdf()},
    )
    assert r.status_code == 200 and r.json()["submission_count"] == 2
    client.force_login(yuecheng)
    r = client.post(
        f"{API}/filings/{filing['id']}/review",
        {"action": "approve"},
        content_type="application/json",
    )
    assert r.json()["status"] == "approved" and r.json()["items"][0]["new"] == "越城区新址9号"
    assert [h["label"] for h in r.json()["history"]] == [
        "提交变更备案",
        "退回补正",
        "补正后重新提交",
        "准予备案",
    ]
    assert client.get(f"{API}/organisations/{firm.pk}").json()["name"] == firm.name


def test_withdraw(client, firm):
    party = firm.role_assignments.get().user
    client.force_login(party)
    filing = client.post(
        f"{API}/organisations/{firm.pk}/filings",
        {"reason": "联系人变更", "contact_name": "王五", "evidence": pdf()},
    ).json()
    r = client.post(f"{API}/filings/{filing['id']}/withdraw", {}, content_type="application/json")
    assert r.json()["status"] == "withdrawn"
    r = client.post(f"{API}/filings/{filing['id']}/withdraw", {}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == Code.INVALID_TRANSITION
    assert [f["status"] for f in client.get(f"{API}/organisations/{firm.pk}/filings").json()] == [
        "withdrawn"
    ]
