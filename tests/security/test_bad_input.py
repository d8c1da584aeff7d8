"""Bad input is never a 500 (软件容错): huge page/offset/limit on every list endpoint and page,
ids beyond 64 bits and non-numeric ids on every API path, NUL and over-length text through the
JSON API (anonymous registration, contact, order, affiliation). Generated from the OpenAPI
document and the URL map, so a new endpoint is covered without editing this file."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from innovoucher.api.codes import Code
from innovoucher.api.guard import max_length
from innovoucher.core.codes import Code as CoreCode
from innovoucher.registry.api import ContactIn, RegistrationIn
from innovoucher.registry.demo import make_uscc
from innovoucher.registry.models import Organisation
from innovoucher.registry.tests.conftest import id_for, pdf
from testsupport import PASSWORD

from .conftest import fill, int_path_params, openapi, operations

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"
INT_QUERY = ("page", "offset", "limit", "year", "fiscal_year", "budget_id")


@pytest.fixture
def clients(make_world):
    w = make_world("shaoxing", funded=False)
    anonymous, firm, official = Client(), Client(), Client()
    firm.force_login(w.applicant_user)
    official.force_login(w.officials["county"])
    provider = Client()
    provider.force_login(w.provider_user)
    return w, {"anonymous": anonymous, "firm": firm, "official": official, "provider": provider}


def _call(client, method, url, query=None):
    if method == "get":
        return client.get(url, query or {})
    if method == "delete":
        return client.delete(url)
    suffix = ("?" + "&".join(f"{k}={v}" for k, v in query.items())) if query else ""
    return getattr(client, method)(url + suffix, data="{}", content_type="application/json")


def _assert_json_error(response, where):
    assert response.status_code < 500, where
    assert response["Content-Type"].startswith("application/json"), (where, response.status_code)
    if response.status_code >= 400:
        body = response.json()
        assert body["code"] and body["message"], where


def test_huge_page_offset_limit_on_every_list_endpoint_is_4xx_json(clients):
    _, by_role = clients
    spec = openapi(by_role["anonymous"])
    checked = 0
    for method, path, op in operations(spec):
        names = [
            p["name"]
            for p in op.get("parameters", [])
            if p["in"] == "query" and p["name"] in INT_QUERY
        ]
        if not names:
            continue
        url = fill(path, op, "1")
        for role, client in by_role.items():
            for value in (HUGE, "-" + HUGE, str(2**63)):
                response = _call(client, method, url, {n: value for n in names})
                _assert_json_error(response, (role, method, url, value))
                if response.status_code == 422:
                    assert response.json()["code"] == Code.OUT_OF_RANGE
                checked += 1
    assert checked > 40
    response = by_role["anonymous"].get(f"/api/v1/redemptions/calls?offset={HUGE}")
    assert response.status_code == 422 and response.json()["code"] == Code.OUT_OF_RANGE
    assert "超出范围" in response.json()["message"]


def test_ids_beyond_64_bits_and_non_numeric_ids_answer_json_on_every_path(clients):
    _, by_role = clients
    spec = openapi(by_role["anonymous"])
    paths = [(m, p, op) for m, p, op in operations(spec) if int_path_params(op)]
    assert len(paths) > 60
    for role in ("anonymous", "firm", "official"):
        client = by_role[role]
        for method, path, op in paths:
            for value in (HUGE, str(2**63), "abc", "1.5"):
                response = _call(client, method, fill(path, op, value))
                _assert_json_error(response, (role, method, path, value))
                assert response.status_code in (401, 403, 404, 405, 422), (role, path, value)
    response = by_role["firm"].get("/api/v1/orders/abc")
    assert response.json()["code"] == Code.API_NOT_FOUND
    response = by_role["firm"].get(f"/api/v1/orders/{HUGE}")
    assert response.status_code == 404 and response.json()["code"] == CoreCode.NOT_FOUND


def _html_list_urls():
    """Every HTML page without a path argument (lists, dashboards), from the URL map."""
    out = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                route = str(p.pattern)
                if route.startswith(("api/", "admin/", "i18n/")):
                    continue
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if "<" not in route and "(" not in route and "^" not in route:
                    out.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(out))


def test_huge_page_and_offset_on_every_html_page_is_never_a_500(clients):
    _, by_role = clients
    urls = _html_list_urls()
    assert len(urls) > 20
    for role in ("anonymous", "firm", "official", "provider"):
        client = by_role[role]
        client.raise_request_exception = False
        for url in urls:
            if url.endswith(("logout/", "logout")):
                continue
            response = client.get(url, {"page": HUGE, "offset": HUGE, "limit": HUGE, "year": HUGE})
            assert response.status_code < 500, (role, url, response.status_code)


def _registration(**overrides):
    data = {
        "kind": "enterprise",
        "name": "防护测试科技有限公司",
        "region_code": "330602",
        "uscc": make_uscc("330602", 9090),
        "legal_rep_name": "张三",
        "legal_rep_id_number": id_for("330602"),
        "contact_name": "李四",
        "contact_phone": "13800001111",
        "username": "guard-applicant",
        "password": PASSWORD,
        "licence": pdf(),
    }
    data.update(overrides)
    return data


def _assert_refused(response, code, field):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == code, body
    assert field in body["details"]["fields"], body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]


@pytest.mark.parametrize("field", ["name", "contact_name", "address", "legal_rep_name"])
def test_anonymous_registration_refuses_nul_and_over_length_text(client, db, field):
    response = client.post("/api/v1/registry/registrations", _registration(**{field: "甲\x00乙"}))
    _assert_refused(response, Code.INVALID_CHARACTERS, field)
    limit = max_length(RegistrationIn, field)
    assert limit == Organisation._meta.get_field(field).max_length
    response = client.post(
        "/api/v1/registry/registrations", _registration(**{field: "长" * (limit + 1)})
    )
    _assert_refused(response, Code.TOO_LONG, field)
    assert not Organisation.objects.exists()
    response = client.post("/api/v1/registry/registrations", _registration(**{field: "长" * limit}))
    assert response.status_code in (201, 422)  # at the limit: stored, or refused by a domain rule
    if response.status_code == 422:
        assert response.json()["code"] not in (Code.TOO_LONG, Code.VALUE_NOT_STORABLE)


def test_contact_order_and_affiliation_refuse_nul_and_over_length(clients):
    w, by_role = clients
    firm = by_role["firm"]
    url = f"/api/v1/registry/organisations/{w.applicant.pk}/contact"
    limit = max_length(ContactIn, "contact_name")
    for value, code in (("王\x00五", Code.INVALID_CHARACTERS), ("王" * (limit + 1), Code.TOO_LONG)):
        response = firm.put(
            url, {"contact_name": value, "contact_phone": "13800002222"}, "application/json"
        )
        _assert_refused(response, code, "contact_name")
    response = firm.put(
        url, {"contact_name": "王五", "contact_phone": "13800002222"}, "application/json"
    )
    assert response.status_code == 200, response.content

    order = {"client_id": w.applicant.pk, "service_id": w.service.pk, "family": w.family}
    for value, code in (("委托\x00检测", Code.INVALID_CHARACTERS), ("检" * 30_000, Code.TOO_LONG)):
        response = firm.post("/api/v1/orders/", {**order, "subject": value}, "application/json")
        _assert_refused(response, code, "subject")
    response = firm.post("/api/v1/orders/", {**order, "client_id": 2**64}, "application/json")
    _assert_refused(response, Code.OUT_OF_RANGE, "client_id")

    url = f"/api/v1/registry/organisations/{w.applicant.pk}/affiliations"
    spec = openapi(firm)
    ref = spec["paths"]["/api/v1/registry/organisations/{org_id}/affiliations"]["post"]
    body_ref = ref["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    props = spec["components"]["schemas"][body_ref]["properties"]
    text_field = next(n for n, p in props.items() if p.get("type") == "string" and "enum" not in p)
    response = firm.post(url, {text_field: "x\x00y"}, "application/json")
    assert response.status_code == 422
    assert response.json()["code"] in (Code.INVALID_CHARACTERS, Code.INVALID_REQUEST)
    payload = {n: "1" if p.get("type") == "integer" else "a" for n, p in props.items()}
    payload[text_field] = "x\x00y"
    response = firm.post(url, payload, "application/json")
    assert response.status_code == 422 and response.json()["code"] in (
        Code.INVALID_CHARACTERS,
        Code.INVALID_REQUEST,
    )


def test_nul_in_query_and_path_is_refused(clients):
    _, by_role = clients
    response = by_role["anonymous"].get("/api/v1/providers/", {"q": "a\x00b"})
    assert response.status_code == 422 and response.json()["code"] == Code.INVALID_CHARACTERS
    response = by_role["anonymous"].get("/api/v1/regions/33%0006")
    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")


NUL_PARAMS = ("q", "status", "family", "region", "kind", "category", "sort", "year", "uscc")


def test_nul_in_a_page_query_is_a_400_that_says_what_to_fix(clients):
    """A search box or filter holding NUL: PostgreSQL cannot compare such text (the page's query
    failed with a 500 in the PostgreSQL pass), so the page refuses it before any view runs."""
    _, by_role = clients
    urls = _html_list_urls()
    for role in ("anonymous", "firm", "official", "provider"):
        client = by_role[role]
        client.raise_request_exception = False
        for url in urls:
            if url.endswith(("logout/", "logout")):
                continue
            response = client.get(url, dict.fromkeys(NUL_PARAMS, "a\x00b"))
            assert response.status_code == 400, (role, url, response.status_code)
            assert "空字符（NUL）" in response.content.decode(), (role, url)
    # without NUL the same filters are answered (at worst ignored), never refused
    assert by_role["anonymous"].get("/providers/", {"q": "ab"}).status_code == 200


def test_nul_in_a_form_is_refused_and_nothing_is_saved(clients):
    w, by_role = clients
    org = w.applicant
    before = Organisation.objects.get(pk=org.pk).contact_name
    response = by_role["firm"].post(
        f"/registry/organisations/{org.pk}/contact/",
        {"contact_name": "王\x00五", "contact_phone": "13800002222"},
    )
    assert response.status_code == 400 and "空字符（NUL）" in response.content.decode()
    assert Organisation.objects.get(pk=org.pk).contact_name == before


def test_an_over_long_contact_or_bank_form_is_a_422_with_the_field_marked(clients):
    w, by_role = clients
    org = w.applicant
    before = Organisation.objects.values("contact_name", "contact_phone").get(pk=org.pk)
    response = by_role["firm"].post(
        f"/registry/organisations/{org.pk}/contact/",
        {"contact_name": "王" * 500, "contact_phone": "13800002222"},
    )
    assert response.status_code == 422
    form = response.context["contact_form"]
    assert "contact_name" in form.errors and "请按提示修改" in response.content.decode()
    assert Organisation.objects.values("contact_name", "contact_phone").get(pk=org.pk) == before
    response = by_role["firm"].post(
        f"/registry/organisations/{org.pk}/bank/", {"account_number": "6" * 500}
    )
    assert response.status_code == 422 and "account_number" in response.context["bank_form"].errors
