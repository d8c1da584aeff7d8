"""The second batch of lists of issue 15 (change filings, audit log, lockouts, the statistics
drill-down, every supervision list, the inbox): each answers its sort keys both ways with the
heading marked, orders its rows as asked (Chinese names by pinyin), narrows by its filters (status,
a GB/T 2260 region chosen with the picker, a date range), finds names by pinyin, keeps the sort
and the filters across pages, and answers 200 to parameters that make no sense. The provider
directory's region filter is the picker, not six typed digits."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innovoucher.accounts.roles import Role
from innovoucher.core import audit, clock
from innovoucher.notifications.models import Notification
from innovoucher.notifications.views import INBOX_SORTS
from innovoucher.regions.models import Region
from innovoucher.registry.models import ChangeFiling
from innovoucher.registry.views_filings import FILING_QUEUE_SORTS, ORGANISATION_FILING_SORTS
from innovoucher.security.views import AUDIT_SORTS, LOCKOUT_SORTS
from innovoucher.stats.views import DRILL_SORTS
from innovoucher.supervision.models import (
    Bulletin,
    Complaint,
    CreditCommitment,
    CreditImport,
    IntegrityRecord,
    Measure,
    Sample,
    Sanction,
)
from innovoucher.supervision.views import (
    CHECK_SORTS,
    CLAWBACK_SORTS,
    COMMITMENT_SORTS,
    COMPLAINT_SORTS,
    INTEGRITY_SORTS,
    SAMPLE_SORTS,
)
from innovoucher.supervision.views_more import (
    BULLETIN_SORTS,
    IMPORT_SORTS,
    MEASURE_SORTS,
    PUBLIC_SORTS,
    STAFF_SORTS,
)
from testsupport import make_user
from testsupport.world import START, build_world, register_party

pytestmark = pytest.mark.django_db

NAMES = ("安吉智造科技有限公司", "绍兴检测技术有限公司", "诸暨智能装备有限公司")  # an, shao, zhu
DAY = START["shaoxing"]
BAD = (  # each answers 200; the first shows the bad date's message at its field (a NUL in the
    # query is a 400 page of its own: tests/security/test_bad_input.py)
    "sort=password&page=abc&date_from=2026-13-01&date_to=yesterday&status=nonsense"
    "&region=12ab&region__province=zz&region__city=999999&q=%01abc",
    "page=999999&sort=-",
    "page=-3&q=%25%27%22%3C&date_from=2026-03-09&date_to=2026-03-01",
)


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.now().tzinfo)


@pytest.fixture
def world(seed_policies):
    with clock.frozen_now(_moment(DAY)):
        return build_world("shaoxing", funded=False)


@pytest.fixture
def regions(db):
    """The part of the GB/T 2260 table the pickers list here (setup_platform loads it all)."""
    for code, name, level, parent, full in (
        ("330000", "浙江省", "province", None, "浙江省"),
        ("330600", "绍兴市", "city", "330000", "浙江省绍兴市"),
        ("330602", "越城区", "county", "330600", "浙江省绍兴市越城区"),
        ("330603", "柯桥区", "county", "330600", "浙江省绍兴市柯桥区"),
        ("650000", "新疆维吾尔自治区", "province", None, "新疆维吾尔自治区"),
    ):
        Region.objects.get_or_create(
            code=code,
            defaults={"name": name, "level": level, "parent_id": parent, "full_name": full},
        )


@pytest.fixture
def parties(world):
    """Three approved parties whose names sort an, shao, zhu by pinyin (the county's)."""
    with clock.frozen_now(_moment(DAY)):
        return [
            register_party(world.county, name=n, reviewer=world.officials["county"], commit=False)[
                0
            ]
            for n in NAMES
        ]


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _sample(world, number="SX-CJ-1", day=DAY) -> Sample:
    return Sample.objects.create(
        number=number,
        region_code=world.county,
        family_slug="shaoxing",
        period_from=day - dt.timedelta(days=30),
        period_to=day,
        method="random",
        seed=42,
        confidence="0.95",
        margin="0.050",
        population=10,
        size=3,
        created_by=world.officials["county"],
        created_at=_moment(day),
    )


def _lists(world):
    """(url, sorting, sort parameter, user) of every list of this batch."""
    county = world.officials["county"]
    auditor = make_user("sortb-auditor", Role.AUDIT_ADMIN)
    guard = make_user("sortb-guard", Role.SECURITY_ADMIN)
    sample = _sample(world)
    return [
        ("/registry/filings/", FILING_QUEUE_SORTS, county),
        (
            f"/registry/organisations/{world.applicant.pk}/filings/",
            ORGANISATION_FILING_SORTS,
            world.applicant_user,
        ),
        ("/security/audit-log/", AUDIT_SORTS, auditor),
        ("/security/lockouts/", LOCKOUT_SORTS, guard),
        (f"/stats/list/?region={world.county}&year={DAY.year}", DRILL_SORTS, county),
        ("/supervision/integrity/", INTEGRITY_SORTS, county),
        ("/supervision/samples/", SAMPLE_SORTS, county),
        (f"/supervision/samples/{sample.pk}/", CHECK_SORTS, county),
        ("/supervision/clawbacks/", CLAWBACK_SORTS, county),
        ("/supervision/complaints/", COMPLAINT_SORTS, county),
        ("/supervision/commitments/", COMMITMENT_SORTS, county),
        ("/supervision/credit/", IMPORT_SORTS, county),
        ("/supervision/measures/", MEASURE_SORTS, county),
        ("/supervision/bulletins/", BULLETIN_SORTS, county),
        ("/supervision/public/", PUBLIC_SORTS, None),
        ("/supervision/staff/", STAFF_SORTS, world.officials["province"]),
        ("/notifications/", INBOX_SORTS, county),
    ]


def _join(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


def test_every_list_sorts_both_ways_keeps_its_filters_and_survives_bad_parameters(world):
    for url, sorting, user in _lists(world):
        client = _client(user)
        for key in sorting.by_key:
            for value, aria in ((key, "ascending"), (f"-{key}", "descending")):
                response = client.get(_join(url, f"sort={value}&q=zz"))
                assert response.status_code == 200, (url, value)
                html = response.content.decode()
                heading = re.search(
                    rf'<th scope="col"[^>]*aria-sort="{aria}"><a [^>]*href="([^"]*)"', html
                )
                assert heading, (url, value)
                assert "q=zz" in heading.group(1), url  # the search stays in the heading link
                # the filter form keeps the sort in force
                assert f'name="sort" value="{value}"' in html, (url, value)
        for i, query in enumerate(BAD):
            if "region=" in url:  # the statistics' own region: its own check (403 outside)
                query = query.replace("&region=12ab", "")
            response = client.get(_join(url, query))
            assert response.status_code == 200, (url, query)
            html = response.content.decode()
            if i == 0 and 'name="date_from"' in html:
                assert 'class="errorlist"' in html, url  # said at the field, the list shown


def _names(html: str) -> list[str]:
    return [n for n in re.findall(r'lang="zh-Hans">([^<]+有限公司)<', html) if n in NAMES]


def _complaints(world, parties):
    for i, (org, due, status) in enumerate(
        zip(
            parties,
            (DAY + dt.timedelta(days=9), DAY + dt.timedelta(days=3), DAY + dt.timedelta(days=6)),
            ("received", "answered", "received"),
            strict=True,
        )
    ):
        Complaint.objects.create(
            number=f"SX-TS-{i}",
            kind="quality",
            provider=org,
            reporter_name="王五",
            region_code=world.county,
            family_slug="shaoxing",
            text="服务质量差",
            due_on=due,
            status=status,
            received_at=_moment(DAY + dt.timedelta(days=i)),
        )


def test_complaints_sort_by_pinyin_filter_by_status_region_dates_and_find_initials(
    world, parties, regions
):
    _complaints(world, parties)
    client = _client(world.officials["county"])

    def names(query):
        response = client.get(f"/supervision/complaints/?{query}")
        assert response.status_code == 200
        return _names(response.content.decode())

    assert names("sort=provider") == list(NAMES)
    assert names("sort=-provider") == list(reversed(NAMES))
    assert names("sort=due") == [NAMES[1], NAMES[2], NAMES[0]]
    assert names("") == [NAMES[2], NAMES[1], NAMES[0]]  # newest received first
    assert names("q=sxjc") == [NAMES[1]]
    assert names("q=zhuji") == [NAMES[2]]
    assert names("q=检测") == [NAMES[1]]
    assert names("status=answered") == [NAMES[1]]
    assert names("sort=provider&status=received") == [NAMES[0], NAMES[2]]
    day = DAY + dt.timedelta(days=1)
    assert names(f"sort=provider&date_from={day}&date_to={day}") == [NAMES[1]]
    # the region picker: the province, the city, the county narrow; another province empties
    picked = "region__province=330000&region__city=330600&region=330602"
    assert names(f"sort=provider&{picked}") == list(NAMES)
    assert names("sort=provider&region__province=330000") == list(NAMES)
    assert names("sort=provider&region__province=650000") == []
    html = client.get("/supervision/complaints/?region__province=330000").content.decode()
    assert 'name="region__city"' in html and 'value="330600"' in html  # the next level listed


def test_a_list_keeps_its_sort_and_filters_from_page_to_page(world, parties):
    for i in range(35):
        Complaint.objects.create(
            number=f"SX-P-{i:02}",
            kind="quality",
            provider=parties[i % 3],
            region_code=world.county,
            family_slug="shaoxing",
            text="—",
            due_on=DAY,
            status="received",
            received_at=_moment(DAY),
        )
    client = _client(world.officials["county"])
    html = client.get("/supervision/complaints/?sort=-number&status=received").content.decode()
    nxt = re.search(r'<a href="([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    assert "sort=-number" in nxt and "status=received" in nxt and "page=2" in nxt
    second = client.get(f"/supervision/complaints/{nxt}").content.decode()
    numbers = re.findall(r">(SX-P-\d\d)</a>", html + second)
    assert numbers == [f"SX-P-{i:02}" for i in reversed(range(35))]


def test_commitments_and_measures_sort_by_pinyin_and_find_by_initials(world, parties):
    county = world.officials["county"]
    for i, org in enumerate(parties):
        CreditCommitment.objects.create(
            organisation=org,
            region_code=world.county,
            family_slug="shaoxing",
            policy_version="v1",
            article="四（三）",
            text="承诺",
            signed_on=DAY - dt.timedelta(days=i),
            signed_at=_moment(DAY),
            signed_by=county,
        )
        Measure.objects.create(
            number=f"SX-ZG-{i}",
            provider=org,
            region_code=world.county,
            family_slug="shaoxing",
            article="第十条",
            grounds="评价为差",
            due_on=DAY + dt.timedelta(days=10 - i),
            status="rectifying" if i else "closed",
            created_by=county,
            created_at=_moment(DAY),
        )
    client = _client(county)

    def names(url):
        response = client.get(url)
        assert response.status_code == 200
        return _names(response.content.decode())

    page = "/supervision/commitments/"
    assert names(f"{page}?sort=organisation") == list(NAMES)
    assert names(f"{page}?sort=-organisation") == list(reversed(NAMES))
    assert names(f"{page}?sort=signed") == list(reversed(NAMES))
    assert names(f"{page}?q=ajzz") == [NAMES[0]]
    assert names(f"{page}?date_from={DAY}") == [NAMES[0]]
    page = "/supervision/measures/"
    assert names(f"{page}?sort=provider") == list(NAMES)
    assert names(f"{page}?sort=-provider") == list(reversed(NAMES))
    assert names(page) == list(reversed(NAMES))  # the nearest deadline first
    assert names(f"{page}?q=shaoxing") == [NAMES[1]]
    assert names(f"{page}?status=rectifying&sort=provider") == [NAMES[1], NAMES[2]]


def test_integrity_imports_and_samples_sort_filter_and_search(world, parties):
    county = world.officials["county"]
    for i, org in enumerate(parties):
        sanction = Sanction.objects.create(
            number=f"SX-CJ-{i}",
            organisation=org,
            region_code=world.county,
            family_slug="shaoxing",
            policy_version="v1",
            scope="vouchers",
            article="四（三）",
            reason="虚假材料",
            starts_on=DAY,
            ends_on=DAY + dt.timedelta(days=365),
            created_at=_moment(DAY),
        )
        IntegrityRecord.objects.create(
            sanction=sanction,
            organisation=org,
            region_code=world.county,
            person_name=("赵一", "钱二", "孙三")[i],
            person_key=f"k{i}",
            role="法定代表人",
            article="四（三）",
            recorded_on=DAY - dt.timedelta(days=i),
        )
        CreditImport.objects.create(
            number=f"SX-DR-{i}",
            region_code=world.county if i else "330603",
            list_kind="dishonest",
            source=("信用中国", "市场监管局", "法院")[i],
            file=SimpleUploadedFile(f"list{i}.csv", b"x"),
            file_name=f"list{i}.csv",
            status="done" if i else "rejected",
            total_rows=10 - i,
            created_by=county,
            created_at=_moment(DAY - dt.timedelta(days=i)),
        )
        _sample(world, number=f"SX-S-{i}", day=DAY - dt.timedelta(days=i))
    client = _client(county)

    def get(url):
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    assert _names(get("/supervision/integrity/?sort=organisation")) == list(NAMES)
    assert _names(get("/supervision/integrity/?sort=-organisation")) == list(reversed(NAMES))
    assert _names(get("/supervision/integrity/?q=zjzn")) == [NAMES[2]]
    before = DAY - dt.timedelta(days=1)
    assert _names(get(f"/supervision/integrity/?date_to={before}")) == [NAMES[1], NAMES[2]]

    city = _client(world.officials["city"])  # one batch is the neighbouring county's

    def batches(query):
        html = city.get(f"/supervision/credit/?{query}").content.decode()
        return re.findall(r">(SX-DR-\d)</a>", html)

    assert batches("sort=rows") == ["SX-DR-2", "SX-DR-1", "SX-DR-0"]
    assert batches("sort=-rows") == ["SX-DR-0", "SX-DR-1", "SX-DR-2"]
    assert batches("status=done&sort=number") == ["SX-DR-1", "SX-DR-2"]
    assert batches("q=法院") == ["SX-DR-2"]
    assert batches("region__province=330000&region__city=330600&region=330603") == ["SX-DR-0"]

    def samples(query):
        return re.findall(r">(SX-S-\d)</a>", get(f"/supervision/samples/?{query}"))

    assert samples("sort=drawn") == ["SX-S-2", "SX-S-1", "SX-S-0"]
    assert samples("sort=-drawn") == ["SX-S-0", "SX-S-1", "SX-S-2"]
    assert samples(f"date_from={DAY}&date_to={DAY}") == ["SX-S-0"]


def test_bulletins_and_the_public_page_sort_and_filter(world):
    county = world.officials["county"]
    for i, (region, status) in enumerate(
        (("330602", "published"), ("330603", "draft"), ("330602", "published"))
    ):
        Bulletin.objects.create(
            number=f"SX-TB-{i}",
            region_code=region,
            family_slug="shaoxing",
            title=f"第{i}期创新券工作通报",
            article="第二十二条",
            period_from=DAY - dt.timedelta(days=90),
            period_to=DAY,
            status=status,
            created_by=county,
            created_at=_moment(DAY + dt.timedelta(days=i)),
            decided_at=_moment(DAY + dt.timedelta(days=10 - i)) if status == "published" else None,
        )
    client = _client(world.officials["city"])

    def numbers(url):
        response = client.get(url)
        assert response.status_code == 200
        return re.findall(r">(SX-TB-\d)<", response.content.decode())

    assert numbers("/supervision/bulletins/?sort=number") == ["SX-TB-0", "SX-TB-1", "SX-TB-2"]
    assert numbers("/supervision/bulletins/?sort=-number") == ["SX-TB-2", "SX-TB-1", "SX-TB-0"]
    assert numbers("/supervision/bulletins/?status=draft") == ["SX-TB-1"]
    picked = "region__province=330000&region__city=330600&region=330603"
    assert numbers(f"/supervision/bulletins/?{picked}") == ["SX-TB-1"]
    assert numbers("/supervision/bulletins/?q=第2期") == ["SX-TB-2"]
    anonymous = _client()
    html = anonymous.get("/supervision/public/?sort=published").content.decode()
    assert re.findall(r"<td>(SX-TB-\d)</td>", html) == ["SX-TB-2", "SX-TB-0"]
    html = anonymous.get("/supervision/public/?sort=-published").content.decode()
    assert re.findall(r"<td>(SX-TB-\d)</td>", html) == ["SX-TB-0", "SX-TB-2"]
    day = (DAY + dt.timedelta(days=10)).isoformat()
    html = anonymous.get(f"/supervision/public/?date_from={day}").content.decode()
    assert re.findall(r"<td>(SX-TB-\d)</td>", html) == ["SX-TB-0"]


def test_change_filings_sort_by_pinyin_and_find_by_initials(world, parties):
    for i, org in enumerate(parties):
        ChangeFiling.objects.create(
            organisation=org,
            status="submitted",
            changes={"contact_name": "周六"},
            reason="联系人变更",
            evidence=SimpleUploadedFile("e.pdf", b"%PDF-1.4"),
            submitted_at=_moment(DAY + dt.timedelta(days=2 - i)),
        )
    client = _client(world.officials["county"])

    def names(query):
        response = client.get(f"/registry/filings/?{query}")
        assert response.status_code == 200
        return re.findall(r'<td lang="zh-Hans">([^<]+有限公司)</td>', response.content.decode())

    assert names("") == list(reversed(NAMES))  # waiting ones, the oldest first
    assert names("sort=organisation") == list(NAMES)
    assert names("sort=-organisation") == list(reversed(NAMES))
    assert names("q=sxjc") == [NAMES[1]]
    assert names("status=approved") == []
    assert names(f"sort=organisation&date_from={DAY + dt.timedelta(days=1)}") == list(NAMES[:2])
    assert names("sort=organisation&region__province=650000") == []


def test_audit_log_lockouts_staff_actions_and_inbox_sort_and_filter(world):
    county, province = world.officials["county"], world.officials["province"]
    with clock.frozen_now(_moment(DAY + dt.timedelta(days=40))):
        audit.record(actor=county, action="supervision.sortb.mark", region_code="330602")
        audit.record(actor=province, action="supervision.sortb.mark", region_code="330000")
    auditor = make_user("sortb-auditor", Role.AUDIT_ADMIN)
    log = _client(auditor)

    def actors(query):
        html = log.get(f"/security/audit-log/?{query}").content.decode()
        return re.findall(r'<td lang="zh-Hans">([^<]+)</td><td><code>supervision\.sortb\.', html)

    up = actors("sort=actor")
    assert sorted(up) == up and len(up) == 2
    assert actors("sort=-actor") == list(reversed(up))
    assert actors("region=330602") == [county.username]  # the picker's county select
    html = log.get("/security/audit-log/").content.decode()
    assert 'name="region__province"' in html
    assert not re.search(r'<input[^>]*name="region"', html)

    now = clock.now()
    for name, failures in (("zhao", 9), ("qian", 5), ("sun", 7)):
        AccessAttempt.objects.create(
            username=name,
            ip_address="10.0.0.1",
            user_agent="t",
            failures_since_start=failures,
            attempt_time=now,
            get_data="",
            post_data="",
            http_accept="",
            path_info="/",
        )
    guard = _client(make_user("sortb-guard", Role.SECURITY_ADMIN))

    def users(query):
        html = guard.get(f"/security/lockouts/?{query}").content.decode()
        return re.findall(r"<tr><td>([a-z]+)</td>", html)

    assert users("sort=username") == ["qian", "sun", "zhao"]
    assert users("sort=-failures") == ["zhao", "sun", "qian"]
    assert users("q=su") == ["sun"]

    staff = _client(province)

    def staff_users(query):
        html = staff.get(f"/supervision/staff/?action=supervision.sortb&{query}").content.decode()
        return re.findall(r"<td>([^<]+)</td><td>supervision\.sortb\.", html)

    both = staff_users("sort=user")
    assert sorted(both) == both and len(both) == 2
    assert staff_users("sort=-user") == list(reversed(both))
    assert staff_users("region__province=330000&region__city=330600&region=330602") == [
        county.username
    ]

    for i, subject in enumerate(("丙 待办", "甲 提醒", "乙 通知")):
        Notification.objects.create(
            recipient=county,
            subject=subject,
            created_at=_moment(DAY + dt.timedelta(days=i)),
            read_at=_moment(DAY + dt.timedelta(days=5)) if i == 1 else None,
        )
    inbox = _client(county)

    def subjects(query):
        html = inbox.get(f"/notifications/?{query}").content.decode()
        return re.findall(r'lang="zh-Hans">([甲乙丙] [^<]+)</a>', html)

    assert subjects("") == ["乙 通知", "丙 待办", "甲 提醒"]  # unread first, newest first
    assert subjects("sort=created") == ["丙 待办", "甲 提醒", "乙 通知"]
    assert subjects("sort=-created") == ["乙 通知", "甲 提醒", "丙 待办"]
    assert subjects("q=提醒") == ["甲 提醒"]
    assert subjects(f"date_from={DAY + dt.timedelta(days=1)}&sort=created") == [
        "甲 提醒",
        "乙 通知",
    ]


def test_the_provider_directory_region_filter_is_the_region_picker(world, regions):
    anonymous = _client()
    html = anonymous.get("/providers/").content.decode()
    assert 'name="region__province"' in html and 'name="region__city"' in html
    assert not re.search(r'<input[^>]*name="region"', html)  # no typed region code
    assert ">浙江省<" in html

    def listed(query):
        response = anonymous.get(f"/providers/?{query}")
        assert response.status_code == 200
        return world.provider.name in response.content.decode()

    assert listed("region__province=330000")
    assert listed("region__province=330000&region__city=330600&region=330602")
    assert not listed("region__province=650000")
    assert not listed("region__province=330000&region__city=330600&region=330603")
    # a province changed without script drops the stale city below it
    assert not listed("region__province=650000&region__city=330600&region=330602")
    html = anonymous.get("/providers/?region__province=330000").content.decode()
    assert 'value="330600"' in html  # its cities are offered next
    assert anonymous.get("/providers/?region=abc&region__province=x").status_code == 200


def _grow(world, parties, start: int, rows: int) -> None:
    county = world.officials["county"]
    for i in range(start, start + rows):
        org = parties[i % 3]
        Complaint.objects.create(
            number=f"SX-Q-{i:03}",
            kind="quality",
            provider=org,
            complainant=parties[(i + 1) % 3],
            region_code=world.county,
            family_slug="shaoxing",
            text="—",
            due_on=DAY,
            received_at=_moment(DAY),
        )
        Measure.objects.create(
            number=f"SX-QM-{i:03}",
            provider=org,
            region_code=world.county,
            family_slug="shaoxing",
            article="第十条",
            grounds="—",
            due_on=DAY,
            created_by=county,
            created_at=_moment(DAY),
        )
        CreditCommitment.objects.create(
            organisation=org,
            region_code=world.county,
            family_slug="shaoxing",
            policy_version=f"v{i}",
            article="四（三）",
            text="承诺",
            signed_on=DAY,
            signed_at=_moment(DAY),
            signed_by=county,
        )
        ChangeFiling.objects.create(
            organisation=org,
            status="approved",
            changes={"contact_name": "周六"},
            reason="—",
            evidence=SimpleUploadedFile("e.pdf", b"%PDF-1.4"),
            submitted_at=_moment(DAY),
        )
        Notification.objects.create(recipient=county, subject=f"提醒{i}", created_at=_moment(DAY))


def test_filtered_sorted_lists_issue_as_many_queries_for_many_rows_as_for_few(
    world, parties, regions
):
    client = _client(world.officials["county"])
    picked = "region__province=330000&region__city=330600&region=330602"
    pages = [
        f"/supervision/complaints/?sort=-provider&q=youxian&{picked}",
        f"/supervision/measures/?sort=provider&{picked}",
        f"/supervision/commitments/?sort=organisation&{picked}",
        f"/registry/filings/?status=&sort=organisation&{picked}",
        "/notifications/?sort=created&q=提醒",
    ]

    def counts():
        found = []
        for url in pages:
            client.get(url)  # warm the per-process caches
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    _grow(world, parties, 0, 2)
    few = counts()
    _grow(world, parties, 2, 20)
    assert counts() == few
