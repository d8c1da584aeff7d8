"""Notices: an official drafts, attaches (checked like every upload), publishes and withdraws
through the pages; the public list and page show what is published, never a draft."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.notices import services
from innovoucher.notices.models import Notice
from innovoucher.notices.states import NoticeStatus
from innovoucher.regions.services import region_table_load
from testsupport import make_user
from testsupport.world import PDF


@pytest.fixture
def official(db):
    return make_user("yc-city", Role.CITY_REVIEWER, "640100")


def _draft(official, **kw):
    data = {
        "kind": "notice",
        "region_code": "640100",
        "title": "关于开展2026年度科技创新券兑付工作的通知",
        "body": "各有关单位：\n现将有关事项通知如下。",
        "issuer": "银川市科学技术局",
    }
    return services.notice_create(actor=official, **{**data, **kw})


def test_official_drafts_attaches_publishes_and_withdraws_on_the_pages(client, official):
    client.force_login(official)
    page = client.get("/notices/manage/")
    assert page.status_code == 200 and "起草通知" in page.content.decode()
    # A missing title comes back at the field with the typed values kept.
    bad = client.post(
        "/notices/manage/",
        {
            "kind": "notice",
            "region_code__province": "640000",
            "region_code__city": "640100",
            "region_code": "",
            "title": "",
            "issuer": "银川市科学技术局",
            "body": "正文内容",
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "请填写标题" in html and "正文内容" in html
    ok = client.post(
        "/notices/manage/",
        {
            "kind": "notice",
            "region_code__province": "640000",
            "region_code__city": "640100",
            "region_code": "",
            "title": "兑付工作通知",
            "issuer": "银川市科学技术局",
            "body": "请于月底前提交。",
        },
    )
    notice = Notice.objects.get(title="兑付工作通知")
    assert ok.status_code == 302 and ok["Location"] == f"/notices/manage/{notice.pk}/"
    # The draft is not public yet.
    client.logout()
    assert client.get(f"/notices/{notice.pk}/").status_code == 404
    assert "兑付工作通知" not in client.get("/notices/").content.decode()
    client.force_login(official)
    # A fake PDF is refused by the upload checker, a real one is kept.
    fake = SimpleUploadedFile("附件.pdf", b"not a pdf at all", content_type="application/pdf")
    refused = client.post(f"/notices/manage/{notice.pk}/", {"op": "attach", "file": fake})
    assert refused.status_code == 400 and "内容与扩展名" in refused.content.decode()
    real = SimpleUploadedFile("申报指南.pdf", PDF, content_type="application/pdf")
    client.post(f"/notices/manage/{notice.pk}/", {"op": "attach", "name": "申报指南", "file": real})
    assert notice.attachments.count() == 1
    client.post(f"/notices/manage/{notice.pk}/action/", {"action": "publish"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED and notice.published_at is not None
    # Everyone reads it, with the attachment, and finds it by search.
    client.logout()
    listed = client.get("/notices/", {"q": "兑付"}).content.decode()
    assert "兑付工作通知" in listed
    assert "兑付工作通知" not in client.get("/notices/", {"q": "无关词"}).content.decode()
    detail = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "请于月底前提交" in detail and "申报指南" in detail
    att = notice.attachments.get()
    download = client.get(f"/notices/attachments/{att.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # Withdrawing needs a reason; the public page then says so.
    client.force_login(official)
    client.post(f"/notices/manage/{notice.pk}/action/", {"action": "withdraw", "reason": ""})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    client.post(
        f"/notices/manage/{notice.pk}/action/", {"action": "withdraw", "reason": "内容有误"}
    )
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    client.logout()
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "本通知已撤回" in page and "内容有误" in page and "请于月底前提交" not in page
    assert client.get(f"/notices/attachments/{att.pk}/").status_code == 404
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "notices.notice.create",
        "notices.notice.publish",
        "notices.notice.withdraw",
        "notices.attachment.add",
    } <= actions


def test_region_scope_and_lifecycle_rules(official):
    other_city = make_user("szs-city", Role.CITY_REVIEWER, "640200")
    firm_user = make_user("visitor", None)
    with pytest.raises(PermissionDenied):
        _draft(other_city)
    with pytest.raises(PermissionDenied):
        _draft(firm_user)
    notice = _draft(official)
    with pytest.raises(PermissionDenied):
        services.notice_publish(actor=other_city, notice=notice)
    with pytest.raises(ValidationFailed) as exc:
        _draft(official, region_code="64", title="")
    assert set(exc.value.details["fields"]) == {"region_code", "title"}
    services.notice_publish(actor=official, notice=notice)
    with pytest.raises(Conflict):
        services.notice_publish(actor=official, notice=notice)
    with pytest.raises(Conflict):
        services.notice_update(actor=official, notice=notice, title="新", body="新", issuer="新")
    # The province reviewer acts in the whole province.
    province = make_user("nx-prov", Role.PROVINCE_REVIEWER, "640000")
    services.notice_withdraw(actor=province, notice=notice, reasons=["已过期"])
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN and notice.reasons == ["已过期"]
    assert [c.action for c in notice.changes.all()] == ["publish", "withdraw"]


def test_home_shows_the_latest_published_notices(client, official):
    shown = _draft(official, title="首页可见的通知")
    _draft(official, title="仍是草稿的通知")
    services.notice_publish(actor=official, notice=shown)
    html = client.get("/").content.decode()
    assert "首页可见的通知" in html and "仍是草稿的通知" not in html


def _form(**kw):
    """The drafting form as the page posts it (the region from the picker's three lists)."""
    return {
        "kind": "notice",
        "region_code__province": "",
        "region_code__city": "",
        "region_code": "",
        "title": "关于组织申报创新券的通知",
        "issuer": "宁夏回族自治区科学技术厅",
        "body": "各有关单位：请按时申报。",
        **kw,
    }


def test_the_region_is_picked_empty_is_ones_own_and_a_bad_one_is_said_at_the_field(client, db):
    """发布地区 is the GB/T 2260 picker: the official's region chosen first, a picked region saved,
    none picked = the official's own region (when it is one), a division outside the table or
    outside the official's regions a message at the field (4xx) with the typed text kept."""
    region_table_load()
    province = make_user("nx-prov-picker", Role.PROVINCE_REVIEWER, "640000")
    client.force_login(province)
    page = client.get("/notices/manage/").content.decode()
    assert 'name="region_code__province"' in page and 'value="640000" selected' in page
    assert not re.search(r'<input[^>]*name="region_code"', page)
    assert "全国（平台）" not in page  # only a platform-wide publisher is offered 全国
    picked = _form(region_code__province="640000", region_code__city="640100", region_code="640104")
    assert client.post("/notices/manage/", picked).status_code == 302
    assert Notice.objects.get().region_code == "640104"
    client.post("/notices/manage/", _form(title="本地区通知"))
    assert Notice.objects.get(title="本地区通知").region_code == "640000"
    unknown = client.post(
        "/notices/manage/", _form(region_code__province="640000", region_code__city="649900")
    )
    html = unknown.content.decode()
    assert unknown.status_code == 400 and "不在国家标准（GB/T 2260）中" in html
    assert "请按时申报" in html and 'value="宁夏回族自治区科学技术厅"' in html
    outside = client.post("/notices/manage/", _form(region_code__province="140000"))
    html = outside.content.decode()
    assert outside.status_code == 400 and "不在您的管辖范围内" in html
    assert 'value="140000" selected' in html and "请按时申报" in html
    assert Notice.objects.count() == 2
    # several regions: none picked is a question, not a guess
    both = make_user(
        "nx-two", grants=[(Role.CITY_REVIEWER, "640100"), (Role.CITY_REVIEWER, "640200")]
    )
    client.force_login(both)
    asked = client.post("/notices/manage/", _form(title="两地通知"))
    assert asked.status_code == 400 and "请选择发布地区" in asked.content.decode()
    # a platform-wide operator is offered 全国 and publishes there
    platform = make_user("platform-operator", Role.OPERATOR, PLATFORM_REGION)
    client.force_login(platform)
    page = client.get("/notices/manage/").content.decode()
    assert '<option value="100000" selected>全国（平台）</option>' in page
    national = client.post("/notices/manage/", _form(region_code__province="100000"))
    assert national.status_code == 302 and Notice.objects.filter(region_code="100000").exists()
