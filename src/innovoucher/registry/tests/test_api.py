"""The registry's JSON API: documented in OpenAPI, session auth with CSRF, errors as {code,
message, details}."""

import pytest
from django.test import Client

from innovoucher.accounts.codes import Code as AccountsCode
from innovoucher.accounts.roles import Role
from innovoucher.core.codes import Code
from innovoucher.registry.demo import make_uscc
from innovoucher.registry.models import Organisation
from innovoucher.registry.tests.conftest import PASSWORD, id_for, pdf

pytestmark = pytest.mark.django_db

API = "/api/v1/registry"


def registration_form(**overrides):
    data = {
        "kind": "enterprise",
        "name": "接口测试科技有限公司",
        "region_code": "330602",
        "uscc": make_uscc("330602", 8080),
        "legal_rep_name": "张三",
        "legal_rep_id_number": id_for("330602"),
        "contact_name": "李四",
        "contact_phone": "13800001111",
        "username": "api-applicant",
        "password": PASSWORD,
    }
    data.update(overrides)
    return data


def test_openapi_documents_the_registry(client):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/v1/registry/registrations",
        "/api/v1/registry/organisations/{org_id}/review",
        "/api/v1/registry/organisations/{org_id}/quote-facts",
        "/api/v1/registry/pii/reveal",
        "/api/v1/registry/relations",
        "/api/v1/registry/roles",
    ):
        assert path in paths, path
    assert paths["/api/v1/registry/organisations/{org_id}/review"]["post"]["summary"].startswith(
        "审核登记"
    )


def test_register_then_review_through_the_api(client, yuecheng):
    response = client.post(f"{API}/registrations", {**registration_form(), "licence": pdf()})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["status"] == "submitted" and body["has_licence"] and "*" in body["legal_rep_id_masked"]
    )
    client.force_login(yuecheng)
    queue = client.get(f"{API}/queue").json()
    assert [item["organisation"]["id"] for item in queue] == [body["id"]] and queue[0][
        "overdue"
    ] is False
    response = client.post(
        f"{API}/organisations/{body['id']}/review",
        {"action": "return", "reasons": []},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == Code.REASONS_REQUIRED
    assert response.json()["details"]["fields"]["reasons"]
    response = client.post(
        f"{API}/organisations/{body['id']}/review",
        {"action": "approve"},
        content_type="application/json",
    )
    assert response.json()["status"] == "approved"
    response = client.post(
        f"{API}/organisations/{body['id']}/review",
        {"action": "reject", "reasons": ["x"]},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["code"] == Code.INVALID_TRANSITION
    history = client.get(f"{API}/organisations/{body['id']}/history").json()
    assert [h["action"] for h in history] == ["submit", "approve"]


def test_registration_errors_name_each_field(client):
    bad_id = id_for("330602")
    response = client.post(
        f"{API}/registrations",
        registration_form(legal_rep_id_number=bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")),
    )
    assert response.status_code == 422
    details = response.json()["details"]["fields"]
    assert details["legal_rep_id_number"] == ["身份证号码校验位错误，请核对最后一位"]
    assert details["licence"][0].startswith("请上传营业执照")
    response = client.post(f"{API}/registrations", {"kind": "enterprise"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"
    assert not Organisation.objects.exists()


def test_session_auth_requires_login_and_csrf(enterprise, yuecheng):
    anonymous = Client()
    response = anonymous.get(f"{API}/organisations")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(yuecheng)
    assert (
        csrf_client.get(f"{API}/organisations/{enterprise.pk}").status_code == 200
    )  # safe methods need no token
    url = f"{API}/organisations/{enterprise.pk}/review"
    response = csrf_client.post(url, {"action": "approve"}, content_type="application/json")
    assert response.status_code == 403
    csrf_client.get("/registry/workspace/")  # sets the csrftoken cookie
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        url, {"action": "approve"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_facts_parties_and_quote_facts(client, enterprise, applicant, yuecheng):
    client.force_login(applicant)
    response = client.post(
        f"{API}/organisations/{enterprise.pk}/facts",
        {
            "kind": "annual_revenue",
            "value": "150000000.00",
            "valid_from": "2026-01-01",
            "expires_on": "2026-12-31",
            "evidence_ref": "审计报告",
        },
        content_type="application/json",
    )
    assert (
        response.status_code == 201
        and response.json()["amount"] == "150000000.00"
        and response.json()["status"] == "declared"
    )
    fact_id = response.json()["id"]
    facts = client.get(
        f"{API}/organisations/{enterprise.pk}/quote-facts", {"on": "2026-06-01"}
    ).json()
    assert facts["annual_revenue"] == "150000000.00" and facts["region"] == "330602"
    response = client.post(
        f"{API}/organisations/{enterprise.pk}/shareholders",
        {
            "holder_type": "organisation",
            "holder_name": "母公司",
            "holder_uscc": make_uscc("330602", 1),
            "stake_percent": "75.5",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["stake_percent"] == "75.50"
    response = client.put(
        f"{API}/organisations/{enterprise.pk}/controller",
        {"holder_type": "person", "holder_name": "王五", "holder_id_number": "110105194912310021"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["details"]["fields"][
        "holder_id_number"
    ] == ["身份证号码校验位错误，请核对最后一位"]
    client.force_login(yuecheng)
    assert (
        client.post(
            f"{API}/facts/{fact_id}/verify", {"accept": True}, content_type="application/json"
        ).json()["status"]
        == "verified"
    )


def test_roles_endpoint_is_for_the_security_administrator(client, make_user):

    secadmin = make_user("secadmin", Role.SECURITY_ADMIN)
    make_user("person")
    client.force_login(make_user("nobody"))
    response = client.post(
        f"{API}/roles",
        {"username": "person", "role": "county_reviewer", "region_code": "330602"},
        content_type="application/json",
    )
    assert response.status_code == 403
    client.force_login(secadmin)
    response = client.post(
        f"{API}/roles",
        {"username": "person", "role": "county_reviewer", "region_code": "330602"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["active"]
    # 三员分立: a holder of a business role is never made an administrator.
    response = client.post(
        f"{API}/roles",
        {"username": "person", "role": "system_admin", "region_code": "100000"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == AccountsCode.ADMIN_BUSINESS_ROLE
    make_user("person2")
    admin_role = client.post(
        f"{API}/roles",
        {"username": "person2", "role": "system_admin", "region_code": "100000"},
        content_type="application/json",
    ).json()
    response = client.post(
        f"{API}/roles",
        {"username": "person2", "role": "audit_admin", "region_code": "100000"},
        content_type="application/json",
    )
    assert (
        response.status_code == 409
        and response.json()["code"] == AccountsCode.SEPARATED_ADMIN_ROLES
    )
    # Another administrator's role: two-person rule.
    response = client.delete(f"{API}/roles/{admin_role['id']}")
    assert response.status_code == 409
    assert response.json()["code"] == AccountsCode.REMOVAL_PENDING
    removal = client.post(
        f"{API}/roles/{admin_role['id']}/removal",
        {"reason": "岗位调整"},
        content_type="application/json",
    ).json()
    assert removal["pending"]
    response = client.post(f"{API}/roles/removals/{removal['id']}/confirm")
    assert response.status_code == 403
    assert response.json()["code"] == AccountsCode.REMOVAL_SAME_PERSON
    client.force_login(make_user("auditadmin2", Role.AUDIT_ADMIN))
    assert client.post(f"{API}/roles/removals/{removal['id']}/confirm").status_code == 204
    client.force_login(secadmin)
    response = client.post(
        f"{API}/roles",
        {"username": "person2", "role": "audit_admin", "region_code": "100000"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.delete(f"{API}/roles/999999").status_code == 404
