"""Approval documents (批复): one per closed list (or per policy, body and day without
publicity), sequential numbers per family and year, the PDF, and who may read it."""

import datetime as dt
import re
import zlib

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import NotFound
from innovoucher.redemptions.models import Approval
from innovoucher.redemptions.services.approval import (
    approval_document,
    approval_get,
    approval_list_for_actor,
    approval_number,
    approval_pdf,
    approval_prefix,
)
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import make_user
from testsupport.world import START

pytestmark = pytest.mark.django_db


def test_numbers_use_the_family_prefix_or_a_generic_one():
    assert approval_number("shanxi", 2026, 12) == "晋科券批〔2026〕12号"
    assert (
        approval_prefix("hainan") == "hainan批"
        and approval_number("hainan", 2027, 1) == "hainan批〔2027〕1号"
    )


def _closed_list(family="shanxi", amounts=(1_000_000, 2_000_000)):
    world = world_for(family)
    with clock.frozen_now(START[family]):
        rs = [pass_review(world, redemption_in_review(world, subsidy_fen=a)) for a in amounts]
    publicity = rs[0].publicity_items.get().publicity
    tick(publicity.ends_on + dt.timedelta(days=1))
    for r in rs:
        r.refresh_from_db()
    return world, rs, publicity


def test_a_closed_list_gets_one_numbered_approval_and_its_money_is_reserved():
    world, rs, publicity = _closed_list()
    approval = Approval.objects.get()
    assert approval.publicity == publicity and approval.number == "晋科券批〔2026〕1号"
    assert approval.total_fen == 3_000_000 and approval.region_code == "140000"
    assert [r.approval for r in rs] == [approval, approval] and {r.status for r in rs} == {
        S.PAYABLE
    }
    doc = approval_document(approval)
    assert (
        doc["levels"] == ["省级", "市级"]
        and doc["totals"] == ["15,000.00", "15,000.00"]
        and doc["total"] == "30,000.00"
    )
    assert "第二十条第（三）项" in "".join(doc["articles"]) and doc["body"].startswith(
        "140000科技局"
    ), "the province's bureau issues it"
    assert doc["version_title"] == "", "the version's title repeats the document's name"
    # a second list of the same family and year takes the next number
    with clock.frozen_now(publicity.ends_on + dt.timedelta(days=1)):
        r3 = pass_review(world, redemption_in_review(world))
    tick(r3.publicity_items.get().publicity.ends_on + dt.timedelta(days=1))
    assert sorted(Approval.objects.values_list("number", flat=True)) == [
        "晋科券批〔2026〕1号",
        "晋科券批〔2026〕2号",
    ]


def test_without_publicity_the_days_approvals_share_one_approval_issued_the_next_day():
    world = world_for("ningxia")
    day = START["ningxia"]
    with clock.frozen_now(day):
        a = pass_review(world, redemption_in_review(world, subsidy_fen=1_000_000))
        b = pass_review(world, redemption_in_review(world, subsidy_fen=2_000_000))
    assert tick(day)["兑付批复下达与资金预留"] == 0, (
        "the day's batch is issued once the day is over"
    )
    with clock.frozen_now(day + dt.timedelta(days=1)):
        c = pass_review(world, redemption_in_review(world, subsidy_fen=500_000))
    tick(day + dt.timedelta(days=1))
    approval = Approval.objects.get()
    assert (
        approval.number == "宁科券批〔2026〕1号"
        and approval.publicity is None
        and approval.region_code == "640000"
    )
    assert set(approval.redemptions.all()) == {a, b} and approval.total_fen == 3_000_000
    tick(day + dt.timedelta(days=2))
    c.refresh_from_db()
    assert c.approval.number == "宁科券批〔2026〕2号"
    assert tick(day + dt.timedelta(days=2))["兑付批复下达与资金预留"] == 0


def test_the_pdf_is_a_pdf_with_an_embedded_cjk_font():
    world, rs, publicity = _closed_list(amounts=(1_234_560,))
    approval = Approval.objects.get()
    content = approval_pdf(approval)
    assert content.startswith(b"%PDF-")
    objects = b"".join(_inflate(content))
    fonts = re.findall(rb"/BaseFont\s*/([A-Z]{6}\+[^\s/>]+)", objects)
    assert any(b"CJK" in f for f in fonts), fonts  # a subset (XXXXXX+) of a Noto CJK font ...
    assert re.search(rb"/FontFile[23]?", objects), "... embedded in the file"
    assert len(content) > 10_000


def _inflate(pdf: bytes):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue


def test_parties_and_officials_read_it_strangers_do_not():
    world, rs, publicity = _closed_list(amounts=(1_000_000,))
    approval = Approval.objects.get()
    for reader in (
        world.applicant_user,
        world.provider_user,
        world.officials["province"],
        world.officials["city"],
        world.officials["county"],
    ):
        assert approval_get(actor=reader, pk=approval.pk) == approval
    for stranger in (
        make_user("a-stranger"),
        make_user("other-city", Role.CITY_REVIEWER, "140200"),
    ):
        with pytest.raises(NotFound):
            approval_get(actor=stranger, pk=approval.pk)
        assert list(approval_list_for_actor(actor=stranger)) == []
