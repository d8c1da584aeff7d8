"""The lists of accounts, evaluation, ledger, notices, orders (contracts), providers
(recognitions, bookings) and redemptions (approvals, calls, mine, publicity, objections): every
sort key answers both ways with its heading marked, the order really flips, a filter narrows, a
name is found by its pinyin, and bad parameters (unknown sort, page=abc, page=99999, bad dates)
give the list, not an error (issue 15)."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.utils import timezone

from innovoucher.accounts.models import AdminRoleRemoval
from innovoucher.accounts.roles import Role
from innovoucher.accounts.views import REMOVAL_SORTS, ROLE_SORTS
from innovoucher.core import clock
from innovoucher.evaluation.models import EvaluationRound
from innovoucher.evaluation.views import ROUND_SORTS
from innovoucher.ledger.models import PaymentBatch
from innovoucher.ledger.views.batches import BATCH_SORTS
from innovoucher.ledger.views.budgets import BUDGET_SORTS
from innovoucher.notices.models import Notice
from innovoucher.notices.views import MANAGE_SORTS
from innovoucher.orders.models import Order, ServiceContract
from innovoucher.orders.states import ContractStatus, OrderStatus
from innovoucher.orders.views import CONTRACT_SORTS
from innovoucher.providers.models import Booking, Instrument, ProviderRecognition
from innovoucher.providers.views_bookings import BOOKING_SORTS
from innovoucher.providers.views_recognition import RECOGNITION_SORTS
from innovoucher.redemptions.models import Approval, Call, Objection, Publicity, PublicityItem
from innovoucher.redemptions.tests.publicity_support import redemption_in_review
from innovoucher.redemptions.views.calls import CALL_SORTS
from innovoucher.redemptions.views.intake import MY_SORTS
from innovoucher.redemptions.views.publicity import (
    APPROVAL_SORTS,
    MANAGED_SORTS,
    OBJECTION_SORTS,
    PUBLICITY_SORTS,
)
from innovoucher.registry.models import OrganisationKind
from testsupport import make_user
from testsupport.world import START, build_world, fund, register_party

pytestmark = pytest.mark.django_db

# pinyin an < shao < zhu: the ascending order of the three names
NAMES = ("安吉智造科技有限公司", "绍兴检测技术有限公司", "诸暨智能装备有限公司")
_n = itertools.count(1)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def world(seed_policies):
    with clock.frozen_now(START["shaoxing"]):
        w = build_world("shaoxing", funded=False)
        reviewer = w.officials["county"]
        w.firms = [register_party(w.county, name=n, reviewer=reviewer)[0] for n in NAMES]
        yield w


def order_of(html: str, markers) -> list[str]:
    """The markers found in the page, in the order they appear."""
    found = [(html.find(m), m) for m in markers if m in html]
    return [m for _, m in sorted(found)]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def check_sorts(client, url: str, sorting, param: str = "sort", extra: str = "status="):
    """Every key both ways: 200, the heading marked, the filters kept in its link; then the
    bad parameters of a typed URL."""
    sep = "&" if "?" in url else "?"
    for key in sorting.by_key:
        for value, aria in ((key, "ascending"), (f"-{key}", "descending")):
            html = page(client, f"{url}{sep}{param}={value}&{extra}")
            if re.search(rf'href="\?[^"]*{param}=-?{key}(&|")', html):
                heading = re.search(rf'<th scope="col"[^>]*aria-sort="{aria}"><a [^>]*>', html)
                assert heading, (url, value)
                assert extra.split("=")[0] + "=" in heading.group(0), (url, value)
    for bad in (
        f"{param}=password",
        f"{param}=-",
        "page=abc",
        "page=99999",
        "page=-1",
        "from=2026-02-30&to=yesterday",
        "year=abc&status=nonsense&region=999999&state=x&role=x&kind=x&level=x&family=x",
        "q=%25%27%22<>",
    ):
        page(client, f"{url}{sep}{bad}")


def flips(client, url: str, markers, key: str, param: str = "sort", after: str = "") -> list[str]:
    """The markers in ascending order of `key`, checked to reverse when descending (`after`:
    look only past this text, the list's heading, when another table comes first)."""
    sep = "&" if "?" in url else "?"

    def rows(value):
        html = page(client, f"{url}{sep}{param}={value}")
        return order_of(html[html.index(after) :] if after else html, markers)

    up, down = rows(key), rows(f"-{key}")
    assert len(up) == len(markers), (url, up)
    assert down == list(reversed(up)), (url, key, up, down)
    return up


# --- accounts -------------------------------------------------------------------------------------


def test_role_assignments(client, world):
    admin = make_user("sec-admin-a", Role.SECURITY_ADMIN)
    client.force_login(admin)
    url = "/accounts/roles/"
    check_sorts(client, url, ROLE_SORTS, extra="state=")
    assert flips(client, f"{url}?q=有限公司", NAMES, "organisation") == list(NAMES)
    assert order_of(page(client, f"{url}?q=sxjc"), NAMES) == [NAMES[1]]
    assert order_of(page(client, f"{url}?q=zhuji"), NAMES) == [NAMES[2]]
    html = page(client, f"{url}?role={Role.SECURITY_ADMIN}")
    assert "sec-admin-a" in html and NAMES[0] not in html


def test_role_removals(client, world):
    admin = make_user("sec-admin-b", Role.SECURITY_ADMIN)
    other = make_user("sys-admin-b", Role.SYSTEM_ADMIN)
    targets = [make_user(f"auditor-{i}", Role.AUDITOR) for i in range(3)]
    for i, target in enumerate(targets):
        AdminRoleRemoval.objects.create(
            assignment=target.roles.get(),
            requested_by=other,
            requested_at=_at(START["shaoxing"] + dt.timedelta(days=i)),
            reason=f"理由{i}",
            status="refused" if i == 0 else "requested",
            decided_at=_at(START["shaoxing"] + dt.timedelta(days=5)) if i == 0 else None,
        )
    client.force_login(admin)
    url = "/accounts/roles/removals/"
    check_sorts(client, url, REMOVAL_SORTS)
    markers = ["理由0", "理由1", "理由2"]
    assert flips(client, url, markers, "requested") == markers
    assert order_of(page(client, url), markers) == ["理由2", "理由1", "理由0"]  # pending first
    assert order_of(page(client, f"{url}?status=refused"), markers) == ["理由0"]


# --- evaluation, notices --------------------------------------------------------------------------


def test_evaluation_rounds(client, world):
    for i, year in enumerate((2023, 2024, 2025)):
        EvaluationRound.objects.create(
            number=f"PJ{year}{i}",
            kind="provider",
            family_slug="shaoxing",
            region_code=world.county,
            year=year,
            title=f"评价标题{year}",
            opened_at=_at(START["shaoxing"] + dt.timedelta(days=i)),
        )
    client.force_login(world.officials["county"])
    url = "/evaluation/"
    check_sorts(client, url, ROUND_SORTS)
    markers = ["评价标题2023", "评价标题2024", "评价标题2025"]
    assert flips(client, url, markers, "year") == markers
    assert order_of(page(client, f"{url}?year=2024"), markers) == ["评价标题2024"]
    assert order_of(page(client, f"{url}?q=2025"), markers) == ["评价标题2025"]


def test_notice_management(client, world):
    for i, title in enumerate(("甲通知", "乙通知", "丙通知")):
        Notice.objects.create(
            kind="notice" if i else "news",
            region_code=world.county,
            title=title,
            body="正文",
            issuer="区科技局",
            created_by=world.officials["county"],
            created_at=_at(START["shaoxing"] + dt.timedelta(days=i)),
        )
    client.force_login(world.officials["county"])
    url = "/notices/manage/"
    check_sorts(client, url, MANAGE_SORTS)
    markers = ["甲通知", "乙通知", "丙通知"]
    assert flips(client, url, markers, "created") == markers
    assert order_of(page(client, f"{url}?kind=news"), markers) == ["甲通知"]
    assert order_of(page(client, f"{url}?q=乙"), markers) == ["乙通知"]


# --- ledger ---------------------------------------------------------------------------------------


def test_payment_batches_and_budgets(client, world):
    with clock.frozen_now(START["shaoxing"]):
        fund(world)
    officer = world.finance["county"]
    for i, period in enumerate(("2026-01", "2026-02", "2026-03")):
        PaymentBatch.objects.create(
            payer_region=world.county,
            cadence="monthly",
            period=period,
            status="reconciled" if i == 0 else "draft",
            created_at=_at(dt.date(2026, 1 + i, 5)),
        )
    client.force_login(officer)
    url = "/finance/batches/"
    check_sorts(client, url, BATCH_SORTS)
    markers = ["2026-01", "2026-02", "2026-03"]
    assert flips(client, url, markers, "period") == markers
    assert order_of(page(client, f"{url}?status=reconciled"), markers) == ["2026-01"]
    assert order_of(page(client, f"{url}?from=2026-02-01&to=2026-02-28"), markers) == ["2026-02"]

    province = world.finance["province"]
    client.force_login(province)
    url = "/finance/?year=all"
    check_sorts(client, url, BUDGET_SORTS, extra="level=")
    html = page(client, url)
    levels = re.findall(r"<td>(省级|市级|县级|[^<]*级)</td>", html)
    assert len(levels) >= 2, levels
    down = re.findall(r"<td>([^<]*级)</td>", page(client, f"{url}&sort=-level"))
    up = re.findall(r"<td>([^<]*级)</td>", page(client, f"{url}&sort=level"))
    assert up == list(reversed(down)) and up != down
    narrowed = re.findall(r"<td>([^<]*级)</td>", page(client, f"{url}&level=county"))
    assert len(narrowed) == 1


# --- orders: service contracts --------------------------------------------------------------------


def _contract(world, client_org, amount_fen: int, day: int) -> ServiceContract:
    n = next(_n)
    now = _at(START["shaoxing"] + dt.timedelta(days=day))
    order = Order.objects.create(
        number=f"TC{n:06d}",
        client=client_org,
        provider=world.provider,
        service=world.service,
        family_slug="shaoxing",
        category=world.service.category,
        subject="测试服务",
        region_code=client_org.region_code,
        contract_amount_fen=amount_fen,
        status=OrderStatus.PLACED,
        placed_at=now,
    )
    return ServiceContract.objects.create(
        order=order,
        number=f"HT{n:06d}",
        family_slug="shaoxing",
        contract_type="service",
        project_name=f"项目{n}",
        content="内容",
        deliverables="成果",
        start_on=now.date(),
        end_on=now.date() + dt.timedelta(days=30),
        amount_fen=amount_fen,
        payment_terms="一次付清",
        client_signatory="甲",
        provider_signatory="乙",
        status=ContractStatus.SUBMITTED if day else ContractStatus.DRAFT,
        region_code=client_org.region_code,
        submitted_at=now if day else None,
        created_at=now,
    )


def test_service_contracts(client, world):
    for i, firm in enumerate(world.firms):
        _contract(world, firm, 1_000_000 * (3 - i), i)
    url = "/orders/contracts/"
    for user, param, after in (
        (world.officials["county"], "sort", "本地区服务合同"),  # after the review queue
        (world.provider_user, "msort", "我的服务合同"),
    ):
        client.force_login(user)
        check_sorts(client, url, CONTRACT_SORTS, param=param)
        assert flips(client, url, NAMES, "client", param, after) == list(NAMES)
        # the amounts fall as the names rise
        assert flips(client, url, NAMES, "amount", param, after) == list(reversed(NAMES))
        for query, found in (("q=sxjc", [NAMES[1]]), ("status=draft", [NAMES[0]])):
            html = page(client, f"{url}?{query}")
            assert order_of(html[html.index(after) :], NAMES) == found, query


# --- providers ------------------------------------------------------------------------------------


def test_recognitions(client, world):
    for i, firm in enumerate(world.firms):
        ProviderRecognition.objects.create(
            organisation=firm,
            family_slug="shaoxing",
            basis="agreement",
            recognising_body=f"认定机关{i}",
            document_no=f"文号{i}",
            evidence="recognitions/x.pdf",
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2027 + i, 1, 1),
            status="submitted" if i else "confirmed",
            filed_at=_at(START["shaoxing"] + dt.timedelta(days=i)),
        )
    client.force_login(world.officials["county"])
    url = "/providers/recognitions/?status="
    check_sorts(client, url, RECOGNITION_SORTS, extra="family=")
    assert flips(client, url, NAMES, "provider") == list(NAMES)
    assert flips(client, url, NAMES, "valid") == list(NAMES)
    assert order_of(page(client, f"{url}&q=zhuji"), NAMES) == [NAMES[2]]
    assert order_of(page(client, "/providers/recognitions/?status=confirmed"), NAMES) == [NAMES[0]]


def test_bookings(client, world):
    instrument = Instrument.objects.create(
        provider=world.provider,
        name="质谱仪",
        price_per_hour_fen=10_000,
        created_at=_at(dt.date(2026, 3, 1)),
    )
    for i, firm in enumerate(world.firms):
        start = _at(dt.date(2026, 3, 10 + i), 9)
        Booking.objects.create(
            instrument=instrument,
            organisation=firm,
            start=start,
            end=start + dt.timedelta(hours=2),
            amount_fen=20_000 * (3 - i),
            status="requested",
            created_at=_at(dt.date(2026, 3, 1)),
        )
    client.force_login(world.provider_user)
    url = "/providers/bookings/"
    check_sorts(client, url, BOOKING_SORTS)
    assert flips(client, url, NAMES, "organisation") == list(NAMES)
    assert flips(client, url, NAMES, "start") == list(NAMES)
    assert flips(client, url, NAMES, "amount") == list(reversed(NAMES))
    assert order_of(page(client, f"{url}?q=aj"), NAMES) == [NAMES[0]]
    assert order_of(page(client, f"{url}?from=2026-03-11&to=2026-03-11"), NAMES) == [NAMES[1]]


# --- redemptions ----------------------------------------------------------------------------------


def test_my_applications(client, world):
    with clock.frozen_now(START["shaoxing"]):
        for i, firm in enumerate(world.firms):
            redemption_in_review(world, applicant=firm, subsidy_fen=100_000 * (3 - i))
    client.force_login(world.provider_user)
    url = "/redemptions/mine/"
    check_sorts(client, url, MY_SORTS)
    assert flips(client, url, NAMES, "applicant") == list(NAMES)
    assert flips(client, url, NAMES, "subsidy") == list(reversed(NAMES))
    assert order_of(page(client, f"{url}?q=shaoxingjiance"), NAMES) == [NAMES[1]]


def test_calls_publicity_and_approvals(client, world):
    today = START["shaoxing"]
    for i in range(3):
        Call.objects.create(
            number=f"TZ{i}",
            family_slug="shaoxing",
            region_code=world.county,
            fiscal_year=today.year,
            title=f"兑付通知{i}",
            opens_on=today + dt.timedelta(days=30 * (i - 1)),
            closes_on=today + dt.timedelta(days=30 * (i - 1) + 10),
            published_at=_at(today - dt.timedelta(days=40)),
        )
        Publicity.objects.create(
            number=f"GS{i}",
            family_slug="shaoxing",
            region_code=world.county,
            title=f"公示名单{i}",
            starts_on=today - dt.timedelta(days=30 - i),
            ends_on=today - dt.timedelta(days=20 - i * 10),
            created_at=_at(today - dt.timedelta(days=31)),
        )
        Approval.objects.create(
            number=f"PF{i}",
            family_slug="shaoxing",
            region_code=world.county,
            title=f"批复{i}",
            issued_on=today - dt.timedelta(days=3 - i),
            issued_at=_at(today - dt.timedelta(days=3 - i)),
            total_fen=1_000 * (3 - i),
        )
    with clock.frozen_now(today):
        url = "/redemptions/calls/"
        check_sorts(client, url, CALL_SORTS, extra="family=")
        markers = ["兑付通知0", "兑付通知1", "兑付通知2"]
        assert flips(client, url, markers, "window") == markers
        assert order_of(page(client, f"{url}?state=open"), markers) == ["兑付通知1"]
        assert order_of(page(client, f"{url}?state=upcoming"), markers) == ["兑付通知2"]

        url = "/redemptions/publicity/"
        check_sorts(client, url, PUBLICITY_SORTS, extra="state=")
        markers = ["公示名单0", "公示名单1", "公示名单2"]
        assert flips(client, url, markers, "period") == markers
        assert order_of(page(client, f"{url}?q=GS1"), markers) == ["公示名单1"]

        client.force_login(world.officials["county"])
        url = "/redemptions/approvals/"
        check_sorts(client, url, APPROVAL_SORTS, extra="q=")
        markers = ["批复0", "批复1", "批复2"]
        assert flips(client, url, markers, "issued") == markers
        assert flips(client, url, markers, "total") == list(reversed(markers))
        day = (today - dt.timedelta(days=2)).isoformat()
        assert order_of(page(client, f"{url}?from={day}&to={day}"), markers) == ["批复1"]


def test_objections(client, world):
    today = START["shaoxing"]
    with clock.frozen_now(today):
        publicity = Publicity.objects.create(
            number="GS-OBJ",
            family_slug="shaoxing",
            region_code=world.county,
            title="公示名单",
            starts_on=today - dt.timedelta(days=2),
            ends_on=today + dt.timedelta(days=5),
            created_at=_at(today - dt.timedelta(days=3)),
        )
        for i, firm in enumerate(world.firms):
            redemption = redemption_in_review(world, applicant=firm)
            item = PublicityItem.objects.create(
                publicity=publicity, redemption=redemption, amount_fen=redemption.subsidy_fen
            )
            Objection.objects.create(
                item=item,
                objector=world.applicant_user,
                objector_name=f"异议人{i}",
                contact="13800000000",
                grounds="理由",
                status="open" if i else "dismissed",
                submitted_at=_at(today, 9 + i),
            )
        client.force_login(world.officials["county"])
        url = "/redemptions/publicity/manage/?status=all"
        check_sorts(client, url, OBJECTION_SORTS, extra="q=")
        check_sorts(client, url, MANAGED_SORTS, param="lsort", extra="q=")
        assert flips(client, url, NAMES, "applicant") == list(NAMES)
        assert flips(client, url, NAMES, "submitted") == list(NAMES)
        assert order_of(page(client, f"{url}&q=sxjc"), NAMES) == [NAMES[1]]
        assert order_of(page(client, "/redemptions/publicity/manage/"), NAMES) == list(
            reversed(NAMES[1:])
        )  # open ones by default, newest first


def test_page_links_keep_sort_and_filters(client, world):
    """Past one page the next-page link carries the sort and the filters."""
    for i in range(25):
        Notice.objects.create(
            kind="notice",
            region_code=world.county,
            title=f"分页通知{i:02d}",
            body="正文",
            issuer="区科技局",
            created_by=world.officials["county"],
            created_at=_at(START["shaoxing"], 8) + dt.timedelta(minutes=i),
        )
    client.force_login(world.officials["county"])
    html = page(client, "/notices/manage/?sort=title&kind=notice")
    nxt = re.search(r'href="(\?[^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "sort=title" in nxt and "kind=notice" in nxt and "page=2" in nxt
    second = page(client, f"/notices/manage/{nxt}")
    assert "分页通知24" in second and "分页通知00" not in second
