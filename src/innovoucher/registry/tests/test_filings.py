"""Change filing (变更备案): validation, every state × action of the table, the change applied on
approval with the old values kept, compare-and-swap, region scoping, pages."""

import pytest
from django.db import IntegrityError, transaction

from innovoucher.accounts.roles import Role
from innovoucher.core.codes import Code
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.registry import selectors, services
from innovoucher.registry.codes import Code as RegistryCode
from innovoucher.registry.models import ChangeFiling, Organisation
from innovoucher.registry.states import CHANGE_TRANSITIONS, PARTY, REVIEWER, ChangeStatus
from innovoucher.registry.tests.conftest import PASSWORD, id_for, pdf, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(yuecheng):
    org = register("330602", username="firm-user", address="越城区旧址1号")
    services.registration_review(actor=yuecheng, organisation=org, action="approve")
    org.refresh_from_db()
    return org


@pytest.fixture
def party(firm):
    return firm.role_assignments.get().user


def _file(party, firm, **values):
    values = values or {"address": "越城区新址8号"}
    return services.filing_submit(
        actor=party, organisation=firm, values=values, reason="迁址", evidence=pdf()
    )


def test_approval_applies_the_change_and_keeps_the_old_values(firm, party, yuecheng):
    new_id = id_for("330602", 1990)
    filing = _file(
        party,
        firm,
        name="越城新材料科技有限公司",
        address="越城区新址8号",
        legal_rep_name="王五",
        legal_rep_id_number=new_id,
        contact_phone="0575-88001234",
        qualifications="CMA 证书 2026001",
    )
    assert filing.status == ChangeStatus.SUBMITTED
    assert (
        filing.changes["legal_rep_id_number"].startswith("330")
        and "*" in filing.changes["legal_rep_id_number"]
    )
    assert new_id not in str(filing.changes) and filing.legal_rep_id_cipher
    old_name, old_masked = firm.name, firm.legal_rep_id_masked
    firm.refresh_from_db()
    assert firm.name == old_name  # nothing changes before approval
    filing = services.filing_review(actor=yuecheng, filing=filing, action="approve")
    firm.refresh_from_db()
    assert (firm.name, firm.address, firm.legal_rep_name, firm.contact_phone) == (
        "越城新材料科技有限公司",
        "越城区新址8号",
        "王五",
        "0575-88001234",
    )
    assert (
        firm.qualifications == "CMA 证书 2026001"
        and firm.legal_rep_id_hash == filing.legal_rep_id_hash
    )
    assert filing.previous["name"] == old_name and filing.previous["address"] == "越城区旧址1号"
    assert filing.previous["legal_rep_id_number"] == old_masked
    assert [e.action for e in filing.events.all()] == ["submit", "approve"]
    assert AuditEvent.objects.filter(
        action="registry.filing.approve", object_id=str(filing.pk)
    ).exists()
    rows = {r.field: (r.old, r.new) for r in selectors.filing_rows(filing)}
    assert rows["name"] == (old_name, "越城新材料科技有限公司")


def test_validation_names_each_problem(firm, party):
    with pytest.raises(ValidationFailed) as exc:
        services.filing_submit(
            actor=party,
            organisation=firm,
            values={"contact_phone": "123", "region_code": "3306"},
            reason="",
            evidence=None,
        )
    fields = exc.value.details["fields"]
    assert "联系电话应为11位手机号码" in fields["contact_phone"][0]
    assert fields["region_code"] == [
        "请从列表中选择所在地区（省、市、区县）：该行政区划代码不在国家标准（GB/T 2260）中"
    ]
    assert fields["reason"] == ["请填写变更事由，如“法定代表人变更”“迁址”"]
    assert "请上传证明材料" in fields["evidence"][0]
    with pytest.raises(ValidationFailed) as exc:
        services.filing_submit(
            actor=party,
            organisation=firm,
            values={"address": firm.address, "name": ""},
            reason="无",
            evidence=pdf(),
        )
    assert exc.value.details["fields"]["changes"] == ["请至少填写一项与现有登记信息不同的变更内容"]
    with pytest.raises(ValidationFailed) as exc:
        services.filing_submit(
            actor=party,
            organisation=firm,
            values={"provider_kind": "university"},
            reason="无",
            evidence=pdf(),
        )
    assert "只有服务机构" in exc.value.details["fields"]["provider_kind"][0]


def test_only_the_party_of_an_approved_registration_files_and_one_at_a_time(
    firm, party, yuecheng, tianshan
):
    with pytest.raises(PermissionDenied):
        _file(yuecheng, firm)
    pending = register("330602")
    with pytest.raises(Conflict) as exc:
        _file(pending.role_assignments.get().user, pending)
    assert exc.value.code == RegistryCode.NOT_REGISTERED
    _file(party, firm)
    with pytest.raises(Conflict) as exc:
        _file(party, firm, contact_name="赵六")
    assert exc.value.code == RegistryCode.FILING_OPEN
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeFiling.objects.create(
            organisation=firm,
            status="returned",
            changes={"address": "x"},
            reason="x",
            evidence="a.pdf",
            submitted_at=firm.created_at,
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # a filing always changes something
        ChangeFiling.objects.create(
            organisation=firm,
            status="approved",
            changes={},
            reason="x",
            evidence="a.pdf",
            submitted_at=firm.created_at,
        )


def _actor(by, party, reviewer):
    return reviewer if by == REVIEWER else party


@pytest.mark.parametrize("status", [s.value for s in ChangeStatus])
@pytest.mark.parametrize("action", list(CHANGE_TRANSITIONS))
def test_every_state_and_action(firm, party, yuecheng, status, action):
    filing = _file(party, firm)
    ChangeFiling.objects.filter(pk=filing.pk).update(status=status)
    filing.refresh_from_db()
    t = CHANGE_TRANSITIONS[action]
    actor = _actor(t.by, party, yuecheng)
    if status in t.sources:
        filing = services.apply_filing_transition(
            actor=actor, filing=filing, action=action, reasons=["理由"]
        )
        assert filing.status == t.target
        assert filing.events.last().action == action
    else:
        with pytest.raises(Conflict) as exc:
            services.apply_filing_transition(
                actor=actor, filing=filing, action=action, reasons=["理由"]
            )
        assert exc.value.code == Code.INVALID_TRANSITION


@pytest.mark.parametrize("action", list(CHANGE_TRANSITIONS))
def test_the_wrong_person_is_refused(firm, party, yuecheng, tianshan, action):
    filing = _file(party, firm)
    t = CHANGE_TRANSITIONS[action]
    wrong = [tianshan, party] if t.by == REVIEWER else [yuecheng, tianshan]
    for actor in wrong:
        with pytest.raises(PermissionDenied):
            services.apply_filing_transition(
                actor=actor, filing=filing, action=action, reasons=["理由"]
            )


def test_return_needs_reasons_and_resubmission_keeps_history(firm, party, yuecheng):
    filing = _file(party, firm)
    with pytest.raises(ValidationFailed) as exc:
        services.filing_review(actor=yuecheng, filing=filing, action="return")
    assert exc.value.code == Code.REASONS_REQUIRED
    services.filing_review(
        actor=yuecheng, filing=filing, action="return", reasons=["请上传租赁合同"]
    )
    filing = services.filing_resubmit(
        actor=party,
        filing=filing,
        values={"address": "越城区新址9号"},
        reason="迁址（补正）",
        evidence=pdf(),
    )
    assert (filing.status, filing.submission_count, filing.changes) == (
        ChangeStatus.SUBMITTED,
        2,
        {"address": "越城区新址9号"},
    )
    assert [e.action for e in filing.events.all()] == ["submit", "return", "resubmit"]


def test_a_stale_decision_is_refused(firm, party, yuecheng, make_user):

    other = make_user("yc-2", Role.COUNTY_REVIEWER, "330602")
    filing = _file(party, firm)
    stale = ChangeFiling.objects.get(pk=filing.pk)
    services.filing_review(actor=yuecheng, filing=filing, action="approve")
    with pytest.raises(Conflict) as exc:
        services.filing_review(actor=other, filing=stale, action="reject", reasons=["x"])
    assert exc.value.code == Code.STALE_STATUS


def test_another_county_cannot_see_or_decide(client, firm, party, yuecheng, tianshan):
    filing = _file(party, firm)
    with pytest.raises(NotFound):
        selectors.filing_get(actor=tianshan, pk=filing.pk)
    assert list(selectors.filing_list_for_reviewer(actor=tianshan)) == []
    assert list(selectors.filing_list_for_reviewer(actor=yuecheng, status="submitted")) == [filing]
    client.login(username=tianshan.username, password=PASSWORD)
    assert client.get(f"/registry/filings/{filing.pk}/").status_code == 404
    assert (
        client.post(
            f"/registry/filings/{filing.pk}/", {"op": "review", "action": "approve"}
        ).status_code
        == 404
    )
    assert client.get(f"/registry/filings/{filing.pk}/evidence/").status_code == 404
    assert firm.name not in client.get("/registry/filings/").content.decode()


def test_party_files_on_the_page_and_the_reviewer_decides(client, firm, party, yuecheng):
    client.login(username=party.username, password=PASSWORD)
    page = client.get(f"/registry/organisations/{firm.pk}/filings/").content.decode()
    assert (
        "提交变更备案" in page and 'name="provider_kind"' not in page
    )  # an enterprise has no provider kind
    r = client.post(
        f"/registry/organisations/{firm.pk}/filings/",
        {"address": "越城区新址8号", "contact_phone": "12", "reason": "迁址"},
    )
    body = r.content.decode()
    assert (
        r.status_code == 422 and "联系电话应为11位手机号码" in body and "越城区新址8号" in body
    )  # what was typed is kept
    r = client.post(
        f"/registry/organisations/{firm.pk}/filings/",
        {"address": "越城区新址8号", "reason": "迁址", "evidence": pdf()},
    )
    filing = ChangeFiling.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/registry/filings/{filing.pk}/"
    assert "越城区旧址1号" in client.get(r["Location"]).content.decode()
    client.logout()
    client.login(username=yuecheng.username, password=PASSWORD)
    assert firm.name in client.get("/registry/filings/").content.decode()
    r = client.post(
        f"/registry/filings/{filing.pk}/", {"op": "review", "action": "reject", "reasons": ""}
    )
    assert r.status_code == 422 and "请填写不予备案的理由" in r.content.decode()
    client.post(f"/registry/filings/{filing.pk}/", {"op": "review", "action": "approve"})
    assert Organisation.objects.get(pk=firm.pk).address == "越城区新址8号"
    assert client.get(f"/registry/filings/{filing.pk}/evidence/").status_code == 200


def test_party_withdraws_and_resubmits_on_the_page(client, firm, party, yuecheng):
    filing = _file(party, firm)
    services.filing_review(actor=yuecheng, filing=filing, action="return", reasons=["请补充说明"])
    client.login(username=party.username, password=PASSWORD)
    page = client.get(f"/registry/filings/{filing.pk}/").content.decode()
    assert "请补充说明" in page and "补正后重新提交" in page
    client.post(
        f"/registry/filings/{filing.pk}/",
        {"op": "resubmit", "address": "越城区新址10号", "reason": "迁址，已补充说明"},
    )
    filing.refresh_from_db()
    assert filing.status == ChangeStatus.SUBMITTED and filing.changes == {
        "address": "越城区新址10号"
    }
    client.post(f"/registry/filings/{filing.pk}/", {"op": "withdraw"})
    filing.refresh_from_db()
    assert filing.status == ChangeStatus.WITHDRAWN


def test_an_unknown_filing_action_is_the_engines_uniform_refusal(firm, party, yuecheng):
    filing = _file(party, firm)
    with pytest.raises(ValidationFailed) as exc:
        services.filing_review(actor=yuecheng, filing=filing, action="bogus")
    assert exc.value.code == Code.UNKNOWN_ACTION
    with pytest.raises(PermissionDenied):  # withdrawing is the party's, not the reviewer's
        services.filing_review(actor=yuecheng, filing=filing, action="withdraw")
    filing.refresh_from_db()
    assert filing.status == ChangeStatus.SUBMITTED


def test_the_name_search_keys_follow_a_filed_name_change(firm, party, yuecheng):
    firm.refresh_from_db()
    assert firm.name_pinyin.startswith("ceshikeji")  # 测试科技… written at registration
    filing = _file(party, firm, name="绍兴检测研究院")
    assert firm.name_initials != "sxjcyjy"  # nothing changes before approval
    services.filing_review(actor=yuecheng, filing=filing, action="approve")
    firm.refresh_from_db()
    assert (firm.name_initials, firm.name_pinyin) == ("sxjcyjy", "shaoxingjianceyanjiuyuan")
