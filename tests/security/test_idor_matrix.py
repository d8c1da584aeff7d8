"""IDOR matrix (issue 14, 访问控制): every record URL a party reaches — crawled from its own
pages (links and forms) and every API operation on its records' ids — requested by each
outsider: a firm of another region, another firm of the same region, a provider that is not a
party, an official of another region. Reads are refused (403/404) and show nothing of the
record; actions are refused and change nothing (no audit event)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from innovoucher.core import clock
from innovoucher.core.models import AuditEvent
from innovoucher.evaluation import services as evaluation
from innovoucher.evaluation.models import Award
from innovoucher.evaluation.permissions import can_official
from innovoucher.orders import services as orders
from innovoucher.policies.services import engine_family
from innovoucher.registry.models import OrganisationKind
from testsupport.world import START, pdf, register_party

from .conftest import fill, openapi, operations

pytestmark = pytest.mark.django_db
RECORD = re.compile(r"/\d+(/|$)")
SKIP = ("/accounts/logout", "/i18n/", "/static/", "/admin/")
MAX_PAGES = 120


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action")}
            self._form["fields"] = {}
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None:
            if a.get("name") and a.get("name") != "csrfmiddlewaretoken":
                self._form["fields"].setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def crawl(client, start=("/",)):
    """The record URLs (a number in the path) and POST forms a user reaches from its pages."""
    seen, queue, records, forms = set(), list(start), set(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if RECORD.search(parts.path):
                records.add(path)
            if path not in seen and not parts.path.endswith((".pdf", "/pdf/", "/download/")):
                queue.append(path)
        for form in parser.forms:
            action = urlsplit(urljoin(url, form["action"] or url)).path
            if form["method"] == "post" and RECORD.search(action) and not action.startswith(SKIP):
                forms.setdefault(action, form["fields"])
    return records, forms


@pytest.fixture
def matrix(make_world):
    a = make_world("shaoxing")
    b = make_world("urumqi", funded=False)
    with clock.frozen_now(START["shaoxing"]):
        order = orders.order_place(
            actor=a.applicant_user, client=a.applicant, service=a.service, subject="委托检测甲"
        )
        orders.attachment_add(
            actor=a.applicant_user, order=order, kind="other", upload=pdf("方案.pdf")
        )
        _, same_region_firm = register_party(
            a.county, reviewer=a.officials["county"], username="idor-firm-same"
        )
        _, other_provider = register_party(
            a.county,
            kind=OrganisationKind.PROVIDER,
            provider_kind="university",
            reviewer=a.officials["county"],
            username="idor-provider-other",
        )
    outsiders = {
        "firm of another region": b.applicant_user,
        "another firm of the same region": same_region_firm,
        "a provider that is not a party": other_provider,
        "an official of another region": b.officials["county"],
    }
    return a, order, outsiders


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _public(urls):
    anonymous = Client(raise_request_exception=False)
    return {u for u in urls if anonymous.get(u).status_code == 200}


def _body(spec, op):
    """A minimal valid JSON body for `op` (so a refusal is not just a validation error)."""
    content = op.get("requestBody", {}).get("content", {})
    schema = (content.get("application/json") or content.get("multipart/form-data") or {}).get(
        "schema"
    )
    if not schema:
        return {}
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    body = {}
    for name in schema.get("required", []):
        prop = schema["properties"][name]
        if "$ref" in prop or "allOf" in prop:
            continue
        kind = prop.get("type") or next(
            (x.get("type") for x in prop.get("anyOf", []) if x.get("type") != "null"), "string"
        )
        if "enum" in prop:
            body[name] = prop["enum"][0]
        elif kind == "integer":
            body[name] = 1
        elif kind == "boolean":
            body[name] = True
        elif kind == "array":
            body[name] = [1] if prop.get("items", {}).get("type") == "integer" else ["理由"]
        elif prop.get("format") == "date":
            body[name] = "2026-03-02"
        else:
            body[name] = "1"
    return body


def test_no_outsider_reads_or_acts_on_a_partys_records(matrix):
    a, order, outsiders = matrix
    owners = {
        "firm": a.applicant_user,
        "provider": a.provider_user,
    }
    records, forms = set(), {}
    with clock.frozen_now(START["shaoxing"]):
        for owner in owners.values():
            r, f = crawl(_client(owner), start=("/", f"/orders/{order.pk}/"))
            records |= r
            forms.update(f)
    records -= _public(records)
    assert f"/orders/{order.pk}/" in records
    assert f"/orders/{order.pk}/attachments/" in forms
    assert len(records) >= 5, records

    leaks = []
    marker = a.applicant.name
    with clock.frozen_now(START["shaoxing"]):
        for who, user in outsiders.items():
            client = _client(user)
            for url in sorted(records):
                response = client.get(url)
                if response.status_code not in (403, 404) or marker in response.content.decode(
                    errors="ignore"
                ):
                    leaks.append(f"{who} GET {url} → {response.status_code}")
            for action, fields in sorted(forms.items()):
                events = AuditEvent.objects.count()
                response = client.post(action, fields)
                if response.status_code not in (403, 404) or AuditEvent.objects.count() != events:
                    leaks.append(f"{who} POST {action} → {response.status_code}")
    assert not leaks, "\n".join(leaks)


def _evaluated(a):
    """The party provider's published evaluation and an award on it (the award scaffolded: the
    world has no paid redemptions to earn one), for the evaluation API's ids."""
    region = engine_family("shaoxing").region
    official = next(u for u in a.officials.values() if can_official(u, region))
    rnd = evaluation.round_open(
        actor=official,
        kind="provider",
        family="shaoxing",
        region_code=region,
        year=START["shaoxing"].year,
    )
    rnd = evaluation.round_publish(
        actor=official, round=evaluation.round_decide(actor=official, round=rnd)
    )
    assessment = rnd.assessments.get(provider=a.provider)
    award = Award.objects.filter(assessment=assessment).first() or Award.objects.create(
        number="JB-IDOR-1",
        assessment=assessment,
        provider=a.provider,
        family_slug="shaoxing",
        region_code=a.provider.region_code,
        year=rnd.year,
        fiscal_year=rnd.year + 1,
        grade=assessment.grade,
        total_fen=100_000,
        shares={"city": 100_000},
        created_at=clock.now(),
    )
    return {"round_id": rnd.pk, "assessment_id": assessment.pk, "award_id": award.pk}


def test_no_outsider_reads_or_acts_through_the_api(matrix):
    a, order, outsiders = matrix
    ids = {
        "org_id": a.applicant.pk,
        "order_id": order.pk,
        "admission_id": a.provider.admissions.first().pk,
        "fact_id": a.applicant.facts.first().pk,
    }
    with clock.frozen_now(START["shaoxing"]):
        ids |= _evaluated(a)
    # the party provider reads its own award and result: the ids are real, refusals are not
    owner = _client(a.provider_user)
    assert owner.get(f"/api/v1/evaluation/awards/{ids['award_id']}").status_code == 200
    assert owner.get(f"/api/v1/evaluation/assessments/{ids['assessment_id']}").status_code == 200
    spec = openapi(Client())
    checked, leaks = 0, []
    with clock.frozen_now(START["shaoxing"]):
        for who, user in outsiders.items():
            client = _client(user)
            for method, path, op in operations(spec):
                names = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
                if not names or any(n not in ids for n in names):
                    continue
                url = path
                for n in names:
                    url = url.replace("{%s}" % n, str(ids[n]))
                events = AuditEvent.objects.count()
                if method == "get":
                    response = client.get(url)
                elif "multipart/form-data" in op.get("requestBody", {}).get("content", {}):
                    response = getattr(client, method)(url, _body(spec, op))
                else:
                    response = getattr(client, method)(url, _body(spec, op), "application/json")
                checked += 1
                if (
                    response.status_code not in (403, 404)
                    or AuditEvent.objects.count() != events
                    or a.applicant.name in response.content.decode(errors="ignore")
                    or (
                        "/evaluation/" in path
                        and a.provider.name in response.content.decode(errors="ignore")
                    )
                ):
                    leaks.append(f"{who} {method.upper()} {url} → {response.status_code}")
    assert checked > 40
    assert not leaks, "\n".join(leaks)
