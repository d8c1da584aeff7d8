"""A reviewer of one county cannot read, list or act on another county's records by guessing ids —
for every model that holds a party's data, through selectors, services, pages and the API."""

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.core.errors import NotFound, PermissionDenied
from innovoucher.registry import selectors, services
from innovoucher.registry.demo import make_uscc
from innovoucher.registry.models import Organisation
from innovoucher.registry.states import FactStatus, RegistrationStatus
from innovoucher.registry.tests.conftest import id_for, pdf, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(enterprise, applicant):
    """One record of every kind, belonging to an enterprise of 越城区 (330602)."""
    fact = services.fact_record(
        actor=applicant,
        organisation=enterprise,
        kind="employees",
        value="35",
        valid_from="2026-01-01",
        expires_on="2026-12-31",
        evidence_file=pdf("evidence.pdf"),
    )
    holder = services.shareholder_add(
        actor=applicant,
        organisation=enterprise,
        holder_type="person",
        holder_name="赵六",
        holder_id_number=id_for("330602"),
        stake_percent="10",
    )
    controller = services.controller_set(
        actor=applicant,
        organisation=enterprise,
        holder_type="person",
        holder_name="钱七",
        holder_id_number=id_for("330602"),
    )
    affiliation = services.affiliation_add(
        actor=applicant,
        organisation=enterprise,
        kind="subordinate",
        counterpart_name="某集团",
        counterpart_uscc=make_uscc("330600", 777),
    )
    return {
        "org": enterprise,
        "fact": fact,
        "holder": holder,
        "controller": controller,
        "affiliation": affiliation,
    }


def test_selectors_hide_another_countys_records(records, tianshan, yuecheng):
    org = records["org"]
    lookups = [
        lambda a: selectors.organisation_get(actor=a, pk=org.pk),
        lambda a: selectors.registration_changes(actor=a, organisation_id=org.pk),
        lambda a: selectors.fact_list(actor=a, organisation_id=org.pk),
        lambda a: selectors.fact_get(actor=a, pk=records["fact"].pk),
        lambda a: selectors.shareholder_list(actor=a, organisation_id=org.pk),
        lambda a: selectors.shareholder_get(actor=a, pk=records["holder"].pk),
        lambda a: selectors.controller_get(actor=a, organisation_id=org.pk),
        lambda a: selectors.controller_get_by_pk(actor=a, pk=records["controller"].pk),
        lambda a: selectors.affiliation_list(actor=a, organisation_id=org.pk),
        lambda a: selectors.affiliation_get(actor=a, pk=records["affiliation"].pk),
    ]
    for lookup in lookups:
        assert lookup(yuecheng)  # the county of the record sees it …
        with pytest.raises(NotFound):
            lookup(tianshan)  # … another county does not, whatever the id
    assert org in selectors.organisation_list_for_reviewer(actor=yuecheng)
    assert org not in selectors.organisation_list_for_reviewer(actor=tianshan)
    assert [i.organisation for i in selectors.registration_queue_for_reviewer(actor=yuecheng)] == [
        org
    ]
    assert selectors.registration_queue_for_reviewer(actor=tianshan) == []
    assert list(selectors.fact_list_for_reviewer(actor=yuecheng)) == [records["fact"]]
    assert not selectors.fact_list_for_reviewer(actor=tianshan).exists()


def test_services_refuse_another_countys_reviewer(records, tianshan):
    org = records["org"]
    attempts = [
        lambda: services.registration_review(actor=tianshan, organisation=org, action="approve"),
        lambda: services.fact_verify(actor=tianshan, fact=records["fact"], accept=True),
        lambda: services.fact_record(
            actor=tianshan,
            organisation=org,
            kind="employees",
            value="1",
            valid_from="2026-01-01",
            expires_on="2026-12-31",
            evidence_ref="x",
        ),
        lambda: services.shareholder_add(
            actor=tianshan,
            organisation=org,
            holder_type="organisation",
            holder_name="x",
            holder_uscc=make_uscc("650102", 5),
            stake_percent="1",
        ),
        lambda: services.shareholder_remove(actor=tianshan, shareholder=records["holder"]),
        lambda: services.controller_set(
            actor=tianshan,
            organisation=org,
            holder_type="organisation",
            holder_name="x",
            holder_uscc=make_uscc("650102", 6),
        ),
        lambda: services.controller_clear(actor=tianshan, organisation=org),
        lambda: services.affiliation_add(
            actor=tianshan,
            organisation=org,
            kind="equity",
            counterpart_name="x",
            counterpart_uscc=make_uscc("650102", 7),
        ),
        lambda: services.affiliation_remove(actor=tianshan, affiliation=records["affiliation"]),
        lambda: services.organisation_update_contact(
            actor=tianshan, organisation=org, contact_name="x", contact_phone="13900001111"
        ),
        lambda: services.organisation_set_bank_account(
            actor=tianshan,
            organisation=org,
            bank_name="x",
            account_name="x",
            account_number="12345678",
        ),
    ]
    for attempt in attempts:
        with pytest.raises((PermissionDenied, NotFound)):
            attempt()
    with pytest.raises(NotFound):
        services.pii_reveal(actor=tianshan, obj=org, field="legal_rep_id")
    org.refresh_from_db()
    assert org.status == RegistrationStatus.SUBMITTED
    assert (
        records["fact"].__class__.objects.get(pk=records["fact"].pk).status == FactStatus.DECLARED
    )
    assert org.shareholders.count() == 1 and org.affiliations.count() == 1


def _urls(records):
    org, fact = records["org"].pk, records["fact"].pk
    get_pages = [
        f"/registry/organisations/{org}/",
        f"/registry/organisations/{org}/facts/",
        f"/registry/organisations/{org}/parties/",
        f"/registry/organisations/{org}/licence/",
        f"/registry/facts/{fact}/evidence/",
    ]
    post_pages = [
        (f"/registry/organisations/{org}/review/", {"action": "approve"}),
        (f"/registry/organisations/{org}/resubmit/", {}),
        (
            f"/registry/organisations/{org}/contact/",
            {"contact_name": "x", "contact_phone": "13900001111"},
        ),
        (
            f"/registry/organisations/{org}/bank/",
            {"bank_name": "x", "account_name": "x", "account_number": "12345678"},
        ),
        (
            f"/registry/organisations/{org}/facts/",
            {
                "kind": "employees",
                "value": "1",
                "valid_from": "2026-01-01",
                "expires_on": "2026-12-31",
                "evidence_ref": "x",
            },
        ),
        (
            f"/registry/organisations/{org}/parties/",
            {
                "form": "controller",
                "controller-holder_type": "person",
                "controller-holder_name": "x",
            },
        ),
        (f"/registry/organisations/{org}/controller/clear/", {}),
        (f"/registry/facts/{fact}/verify/", {"accept": "1"}),
        (f"/registry/shareholders/{records['holder'].pk}/remove/", {}),
        (f"/registry/affiliations/{records['affiliation'].pk}/remove/", {}),
        ("/registry/reveal/", {"model": "organisation", "pk": org, "field": "legal_rep_id"}),
        (
            "/registry/reveal/",
            {"model": "shareholder", "pk": records["holder"].pk, "field": "holder_id"},
        ),
        (
            "/registry/reveal/",
            {"model": "controller", "pk": records["controller"].pk, "field": "holder_id"},
        ),
    ]
    api_get = [
        f"/api/v1/registry/organisations/{org}",
        f"/api/v1/registry/organisations/{org}/history",
        f"/api/v1/registry/organisations/{org}/facts",
        f"/api/v1/registry/organisations/{org}/quote-facts",
        f"/api/v1/registry/organisations/{org}/shareholders",
        f"/api/v1/registry/organisations/{org}/controller",
        f"/api/v1/registry/organisations/{org}/affiliations",
        f"/api/v1/registry/relations?a={org}&b={org}",
    ]
    api_post = [
        (f"/api/v1/registry/organisations/{org}/review", {"action": "approve"}),
        (f"/api/v1/registry/facts/{fact}/verify", {"accept": True}),
        (
            f"/api/v1/registry/organisations/{org}/facts",
            {
                "kind": "employees",
                "value": "1",
                "valid_from": "2026-01-01",
                "expires_on": "2026-12-31",
                "evidence_ref": "x",
            },
        ),
        (
            f"/api/v1/registry/organisations/{org}/shareholders",
            {
                "holder_type": "person",
                "holder_name": "x",
                "holder_id_number": id_for("650102"),
                "stake_percent": "1",
            },
        ),
        (
            "/api/v1/registry/pii/reveal",
            {"model": "organisation", "id": org, "field": "legal_rep_id"},
        ),
    ]
    api_delete = [
        f"/api/v1/registry/shareholders/{records['holder'].pk}",
        f"/api/v1/registry/affiliations/{records['affiliation'].pk}",
        f"/api/v1/registry/organisations/{org}/controller",
    ]
    return get_pages, post_pages, api_get, api_post, api_delete


def test_pages_and_api_answer_not_found_to_another_county(client, records, tianshan):
    client.force_login(tianshan)
    get_pages, post_pages, api_get, api_post, api_delete = _urls(records)
    for url in get_pages + api_get:
        assert client.get(url).status_code == 404, url
    for url, data in post_pages:
        assert client.post(url, data).status_code == 404, url
    for url, data in api_post:
        response = client.post(url, data, content_type="application/json")
        assert response.status_code == 404 and response.json()["code"] in (
            "not_found",
            "organisation_not_found",
        ), url
    for url in api_delete:
        assert client.delete(url).status_code == 404, url
    listed = client.get("/api/v1/registry/organisations").json()
    assert records["org"].pk not in [o["id"] for o in listed]
    assert client.get("/api/v1/registry/queue").json() == []
    assert records["org"].name not in client.get("/registry/organisations/").content.decode()
    assert records["org"].name not in client.get("/registry/workspace/").content.decode()
    org = Organisation.objects.get(pk=records["org"].pk)
    assert (
        org.status == RegistrationStatus.SUBMITTED
        and org.shareholders.count() == 1
        and hasattr(org, "controller")
    )


def test_the_same_urls_work_for_the_right_county(client, records, yuecheng):
    client.force_login(yuecheng)
    get_pages, _, api_get, _, _ = _urls(records)
    for url in get_pages + api_get:
        assert client.get(url).status_code == 200, url


def test_applicants_see_only_their_own_organisation(client, records, applicant):
    other = register("330602", username="other-applicant")
    client.force_login(applicant)
    assert client.get(f"/registry/organisations/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/registry/organisations/{other.pk}").status_code == 404
    assert [o["id"] for o in client.get("/api/v1/registry/organisations").json()] == [
        records["org"].pk
    ]


def test_province_reviewer_and_auditor_read_but_do_not_act(records, make_user):
    province = make_user("zj-province", Role.PROVINCE_REVIEWER, "330000")
    auditor = make_user("auditor", Role.AUDITOR, "330000")
    for actor in (province, auditor):
        assert selectors.organisation_get(actor=actor, pk=records["org"].pk) == records["org"]
        with pytest.raises(PermissionDenied):
            services.registration_review(actor=actor, organisation=records["org"], action="approve")
        with pytest.raises(PermissionDenied):
            services.fact_verify(actor=actor, fact=records["fact"], accept=True)
