"""The provider pages in English (issue 15): every page of the app, as each role that uses it,
with records in their main statuses and forms re-rendered with an error, shows no Chinese outside
elements marked lang="zh-Hans" (names, policy quotes, service errors). The Chinese pages keep
their Chinese."""

from __future__ import annotations

import datetime as dt
import pprint

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.core import clock
from innovoucher.policies import labels
from innovoucher.policies.engine import vocabulary
from innovoucher.policies.models import PolicyFamily
from innovoucher.providers import domain, services, vocabulary_i18n
from innovoucher.providers.models import Service
from innovoucher.registry.tests.conftest import pdf
from testsupport.english import english_problems, switch_to_english, untranslated
from testsupport.world import PDF

pytestmark = pytest.mark.django_db

ALWAYS = {d: ("00:00", "24:00") for d in range(7)}
H = dt.timedelta(hours=1)


def _cert():
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def provider_world(make_provider, enterprise_user, yuecheng, experts, provider_in, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    org, staff = make_provider("university", name="绍兴检测技术研究院")
    admission = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[_cert()]
    )
    service = services.service_publish(
        actor=staff,
        provider=org,
        category="testing",
        name="材料检测",
        price="1200",
        turnaround_days=5,
    )
    services.service_edit(
        actor=staff,
        service=service,
        category="testing",
        name="材料检测分析",
        price="1500",
        turnaround_days=6,
    )
    inst = services.instrument_register(
        actor=staff,
        opening_hours=ALWAYS,
        follows_workdays=False,
        provider=org,
        name="场发射扫描电镜",
        price_per_hour="300",
        price_per_sample="50",
        model_no="SU8010",
        location="A楼101",
    )
    ent, booker = enterprise_user
    t0 = (clock.now() + dt.timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    requested = services.booking_request(
        actor=booker, instrument=inst, organisation=ent, start=t0, end=t0 + 2 * H
    )
    confirmed = services.booking_request(
        actor=booker, instrument=inst, organisation=ent, start=t0 + 3 * H, end=t0 + 4 * H
    )
    services.booking_confirm(actor=staff, booking=confirmed)
    done = services.booking_request(
        actor=booker,
        instrument=inst,
        organisation=ent,
        start=t0 + 5 * H,
        end=t0 + 6 * H,
        unit="sample",
        samples=3,
    )
    services.booking_confirm(actor=staff, booking=done)
    with clock.frozen_now(t0 + 7 * H):
        services.booking_complete(actor=staff, booking=done, used_samples=2)
    cancelled = services.booking_request(
        actor=booker, instrument=inst, organisation=ent, start=t0 + 8 * H, end=t0 + 9 * H
    )
    services.booking_cancel(actor=booker, booking=cancelled)
    # A second admission under expert review, with experts assigned (one conflict, one score).
    org2, staff2 = make_provider("testing_agency", name="越城分析测试中心")
    reviewed = services.admission_apply(
        actor=staff2, organisation=org2, family="shaoxing", certificates=[_cert()]
    )
    services.admission_transition(actor=yuecheng, admission=reviewed, action="initial_pass")
    services.admission_assign_experts(actor=yuecheng, admission=reviewed, experts=experts)
    services.admission_score(actor=experts[0], admission=reviewed, score=88, comment="资质齐全")
    services.admission_score(
        actor=experts[1], admission=reviewed, conflict=True, conflict_note="曾任该机构顾问"
    )
    # An out-of-region provider's recognition for Ningxia (submitted) and one refused.
    far, far_staff, _ = provider_in("650102", "key_lab")
    recognition = services.recognition_file(
        actor=far_staff,
        organisation=far,
        family="ningxia",
        basis="local_department",
        recognising_body="新疆维吾尔自治区科学技术厅",
        document_no="新科认〔2026〕3号",
        valid_from="2026-01-01",
        valid_until="2027-12-31",
        evidence=pdf(),
    )
    return {
        "org": org,
        "staff": staff,
        "admission": admission,
        "reviewed": reviewed,
        "service": service,
        "instrument": inst,
        "bookings": (requested, confirmed, done, cancelled),
        "booker": booker,
        "reviewer": yuecheng,
        "experts": experts,
        "far_staff": far_staff,
        "recognition": recognition,
    }


# The credit-commitment line on the admission page is the supervision app's inclusion tag
# (`supervision_credit`), translated with that app, not here.
OTHER_APPS = ("信用承诺：",)


def _mine(found):
    return [f for f in found if not f.startswith(OTHER_APPS)]


def _assert_english(client, urls):
    problems = {u: _mine(f) for u, f in english_problems(client, urls).items()}
    problems = {u: f for u, f in problems.items() if f}
    if problems:
        pytest.fail(pprint.pformat(problems, width=120))


def _assert_error_page(response, status=422):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="en">' in html
    found = _mine(untranslated(html))
    if found:
        pytest.fail(pprint.pformat(found, width=120))


def test_provider_staff_pages_in_english(client, provider_world):
    w = provider_world
    client.force_login(w["staff"])
    switch_to_english(client)
    requested, confirmed, done, cancelled = w["bookings"]
    _assert_english(
        client,
        [
            "/providers/",
            f"/providers/{w['org'].pk}/",
            f"/providers/instruments/{w['instrument'].pk}/",
            "/providers/workspace/",
            f"/providers/workspace/services/{w['service'].pk}/",
            f"/providers/workspace/instruments/{w['instrument'].pk}/",
            "/providers/workspace/award/",
            "/providers/bookings/",
            f"/providers/bookings/?provider={w['org'].pk}&status=confirmed",
            *[f"/providers/bookings/{b.pk}/" for b in w["bookings"]],
            f"/providers/admissions/{w['admission'].pk}/",
            "/providers/recognitions/",
        ],
    )
    week = client.get(f"/providers/instruments/{w['instrument'].pk}/week/").content.decode()
    assert "Free" in week and not untranslated(week)
    page = client.get("/providers/workspace/").content.decode()
    assert "Provider workspace" in page and "Publish service" in page
    # Forms re-rendered with errors.
    _assert_error_page(
        client.post(
            "/providers/workspace/services/",
            {"provider": w["org"].pk, "category": "rd", "name": "委托开发", "price": "abc"},
        )
    )
    _assert_error_page(
        client.post(
            f"/providers/workspace/instruments/{w['instrument'].pk}/",
            {"name": "电镜", "price_per_hour": "x", "open_0_from": "25:00"},
        )
    )
    _assert_error_page(
        client.post(f"/providers/bookings/{requested.pk}/", {"action": "cancel", "reason": ""})
    )
    _assert_error_page(
        client.post(
            "/providers/recognitions/",
            {"provider": w["org"].pk, "family": "ningxia", "basis": "local_department"},
        )
    )


def test_firm_reviewer_expert_and_official_pages_in_english(
    client, provider_world, ningxia_official
):
    w = provider_world
    requested, confirmed, done, cancelled = w["bookings"]
    client.force_login(w["booker"])
    switch_to_english(client)
    _assert_english(
        client,
        [
            "/providers/bookings/",
            *[f"/providers/bookings/{b.pk}/" for b in w["bookings"]],
            f"/providers/instruments/{w['instrument'].pk}/",
        ],
    )
    form = client.get(f"/providers/instruments/{w['instrument'].pk}/form/?start=2026-03-02T10:00")
    assert "Submit booking" in form.content.decode() and not untranslated(form.content.decode())
    booking_page = client.get(f"/providers/bookings/{done.pk}/").content.decode()
    # A firm's breadcrumb leads to its own workspace, not to the provider workspace.
    crumbs = booking_page.split('class="breadcrumbs"')[1].split("</p>")[0]
    assert 'href="/registry/workspace/"' in crumbs and "/providers/workspace/" not in crumbs
    _assert_error_page(
        client.post(
            f"/providers/instruments/{w['instrument'].pk}/",
            {"organisation": "", "start": "", "end": ""},
        )
    )
    client.force_login(w["reviewer"])
    _assert_english(
        client,
        [
            "/providers/workspace/",
            f"/providers/admissions/{w['admission'].pk}/",
            f"/providers/admissions/{w['reviewed'].pk}/",
        ],
    )
    _assert_error_page(
        client.post(
            f"/providers/admissions/{w['admission'].pk}/",
            {"action": "initial_reject", "reasons": ""},
        )
    )
    page = client.get(f"/providers/admissions/{w['reviewed'].pk}/").content.decode()
    assert "Expert review" in page and "Conflict of interest" in page
    client.force_login(w["experts"][2])
    _assert_english(client, ["/providers/workspace/", f"/providers/admissions/{w['reviewed'].pk}/"])
    _assert_error_page(
        client.post(
            f"/providers/admissions/{w['reviewed'].pk}/", {"action": "score", "score": "300"}
        )
    )
    client.force_login(ningxia_official)
    rec = w["recognition"]
    _assert_english(
        client,
        [
            "/providers/recognitions/",
            "/providers/recognitions/?status=submitted",
            f"/providers/recognitions/{rec.pk}/",
        ],
    )
    _assert_error_page(
        client.post(f"/providers/recognitions/{rec.pk}/", {"action": "refuse", "reasons": ""})
    )


def test_chinese_pages_keep_their_chinese_and_show_policy_names(client, provider_world):
    w = provider_world
    client.force_login(w["staff"])
    page = client.get("/providers/workspace/").content.decode()
    assert "服务机构工作台" in page and "发布服务" in page and "服务项目" in page
    detail = client.get(f"/providers/admissions/{w['admission'].pk}/").content.decode()
    # The policy is named, not shown by its code.
    name = PolicyFamily.objects.get(slug="shaoxing").name
    assert f"{w['org'].name} · {name}</span></h1>" in detail and "· shaoxing<" not in detail
    history = client.get(f"/providers/workspace/services/{w['service'].pk}/").content.decode()
    assert "参考价格（分）：¥1,200.00 → ¥1,500.00" in history
    client.force_login(w["booker"])
    booking = client.get(f"/providers/bookings/{w['bookings'][2].pk}/").content.decode()
    assert '<a href="/registry/workspace/">工作台</a>' in booking and "生成订单" in booking


def test_the_marked_vocabulary_covers_what_the_pages_show():
    assert set(vocabulary.SERVICE_CATEGORIES.values()) <= set(labels.SERVICE_CATEGORY_LABELS)
    assert set(vocabulary.PROVIDER_KINDS.values()) <= set(labels.PROVIDER_KIND_LABELS)
    assert set(vocabulary.FUNDER_LEVELS.values()) <= set(labels.FUNDER_LEVEL_LABELS)
    assert set(domain.WEEKDAYS) <= set(vocabulary_i18n.WEEKDAYS)
    assert {str(f.verbose_name) for f in Service._meta.fields if f.name != "id"} <= set(
        vocabulary_i18n.SERVICE_FIELDS
    )
