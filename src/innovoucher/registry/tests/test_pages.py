"""Registry pages render in Chinese through the Django test client and drive the services."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.core.models import AuditEvent
from innovoucher.registry import services
from innovoucher.registry.demo import make_uscc
from innovoucher.registry.models import Organisation
from innovoucher.registry.states import RegistrationStatus
from innovoucher.registry.tests.conftest import PASSWORD, id_for, pdf, register

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "kind": "enterprise",
        "name": "越城页面测试科技有限公司",
        "region_code": "330602",
        "uscc": make_uscc("330602", 5150),
        "legal_rep_name": "张三",
        "legal_rep_id_number": id_for("330602"),
        "contact_name": "李四",
        "contact_phone": "13800001111",
        "username": "page-applicant",
        "password": PASSWORD,
        "display_name": "李四",
    }
    data.update(overrides)
    return data


def test_navigation_reaches_registration_and_workspace(client):
    home = client.get("/").content.decode()
    assert 'href="/registry/register/"' in home and "注册登记" in home
    # 工作台 is in the menu of the parties once signed in (issue 15: role-shaped navigation)
    assert 'href="/registry/workspace/"' not in home
    assert client.get("/registry/workspace/").status_code == 302  # login first


def test_self_registration_through_the_page(client, yuecheng):
    page = client.get("/registry/register/").content.decode()
    assert "主体注册登记" in page and "统一社会信用代码" in page and "营业执照" in page
    response = client.post("/registry/register/", {**form_data(), "licence": pdf()}, follow=True)
    org = Organisation.objects.get(name="越城页面测试科技有限公司")
    assert response.redirect_chain[-1][0] == f"/registry/organisations/{org.pk}/"
    body = response.content.decode()
    assert "登记已提交" in body and "待审核" in body and org.legal_rep_id_masked in body
    assert "您好，李四" in body  # logged in as the new account
    workspace = client.get("/registry/workspace/").content.decode()
    assert "我的主体" in workspace and "等待所在地科技管理部门审核" in workspace


def test_the_receiving_account_is_given_at_registration_and_checked(client, yuecheng):
    """A new party gives the account its subsidy is paid to on the registration page (it is
    reviewed with the registration); an incomplete one is said at its field, nothing saved."""
    page = client.get("/registry/register/").content.decode()
    assert 'name="bank_account_number"' in page and "收款账户用于拨付补助资金" in page
    name = "越城页面测试科技有限公司"
    partial = {**form_data(), "licence": pdf(), "bank_name": "中国工商银行绍兴分行"}
    response = client.post("/registry/register/", partial)
    assert response.status_code == 200 and not Organisation.objects.filter(name=name).exists()
    assert 'class="errorlist"' in response.content.decode()
    account = {"bank_name": "中国工商银行绍兴分行", "bank_account_name": name}
    response = client.post(
        "/registry/register/",
        {**form_data(), **account, "bank_account_number": "1211000000000007001", "licence": pdf()},
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name=name)
    assert org.bank_name == "中国工商银行绍兴分行" and org.bank_account_masked.endswith("7001")
    assert "1211000000000007001" not in org.bank_account_masked  # sealed, shown masked


def test_registration_page_shows_each_error_next_to_its_field(client):
    bad_id = id_for("330602")
    bad_id = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")
    response = client.post(
        "/registry/register/",
        form_data(legal_rep_id_number=bad_id, uscc="91330602MA2BCDEF1A", password="123"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "身份证号码校验位错误，请核对最后一位" in body
    assert "统一社会信用代码校验位错误，请核对最后一位" in body
    assert "请上传营业执照" in body and "密码不符合要求" in body
    assert (
        not Organisation.objects.exists()
        and not get_user_model().objects.filter(username="page-applicant").exists()
    )


def test_reviewer_workspace_queue_and_review(client, enterprise, yuecheng):
    client.force_login(yuecheng)
    workspace = client.get("/registry/workspace/").content.decode()
    assert (
        "待审核的主体登记" in workspace and enterprise.name in workspace and "办理期限" in workspace
    )
    detail = client.get(f"/registry/organisations/{enterprise.pk}/").content.decode()
    assert "审核结论" in detail and "查看完整号码" in detail
    response = client.post(
        f"/registry/organisations/{enterprise.pk}/review/", {"action": "return", "reasons": ""}
    )
    assert response.status_code == 422 and "请填写退回修改的理由" in response.content.decode()
    response = client.post(
        f"/registry/organisations/{enterprise.pk}/review/",
        {"action": "return", "reasons": "营业执照不清晰\n联系电话有误"},
        follow=True,
    )
    assert "退回修改" in response.content.decode() and "营业执照不清晰" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.status == RegistrationStatus.RETURNED


def test_applicant_resubmits_through_the_page(client, enterprise, applicant, yuecheng):

    services.registration_review(
        actor=yuecheng, organisation=enterprise, action="return", reasons=["联系电话有误"]
    )
    client.force_login(applicant)
    assert "待您修改" in client.get("/registry/workspace/").content.decode()
    page = client.get(f"/registry/organisations/{enterprise.pk}/resubmit/").content.decode()
    assert "联系电话有误" in page and enterprise.name in page
    data = {
        "name": enterprise.name,
        "region_code": "330602",
        "uscc": enterprise.uscc,
        "legal_rep_name": "张三",
        "legal_rep_id_number": id_for("330602"),
        "contact_name": "李四",
        "contact_phone": "0575-88001234",
        "note": "已更正",
    }
    response = client.post(f"/registry/organisations/{enterprise.pk}/resubmit/", data, follow=True)
    assert "已重新提交" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.status == RegistrationStatus.SUBMITTED and enterprise.submission_count == 2


def test_facts_page_records_and_verifies(client, enterprise, applicant, yuecheng):
    client.force_login(applicant)
    url = f"/registry/organisations/{enterprise.pk}/facts/"
    assert "登记资格信息" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "annual_revenue",
            "value": "abc",
            "valid_from": "2026-01-01",
            "expires_on": "2026-12-31",
            "evidence_ref": "审计报告",
        },
    )
    assert response.status_code == 422 and "营业收入应为以元为单位" in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "annual_revenue",
            "value": "15000000.00",
            "valid_from": "2026-01-01",
            "expires_on": "2099-12-31",
            "evidence_file": pdf("audit.pdf"),
        },
        follow=True,
    )
    assert "¥15,000,000.00" in response.content.decode()
    fact = enterprise.facts.get()
    assert client.get(f"/registry/facts/{fact.pk}/evidence/").status_code == 200
    client.force_login(yuecheng)
    assert "待核验的资格信息" in client.get("/registry/workspace/").content.decode()
    response = client.post(
        f"/registry/facts/{fact.pk}/verify/", {"accept": "1", "note": ""}, follow=True
    )
    assert "核验结果已保存" in response.content.decode()
    fact.refresh_from_db()
    assert fact.status == "verified"


def test_parties_page_and_relation_check(client, enterprise, applicant, yuecheng):
    client.force_login(applicant)
    url = f"/registry/organisations/{enterprise.pk}/parties/"
    assert "添加股东" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "form": "shareholder",
            "shareholder-holder_type": "person",
            "shareholder-holder_name": "赵六",
            "shareholder-holder_id_number": "123",
            "shareholder-stake_percent": "30",
        },
    )
    assert response.status_code == 422 and "身份证号码应为18位" in response.content.decode()
    second = register("330602")
    response = client.post(
        url,
        {
            "form": "affiliation",
            "affiliation-kind": "subordinate",
            "affiliation-counterpart_name": second.name,
            "affiliation-counterpart_uscc": second.uscc,
        },
        follow=True,
    )
    assert "关联方信息已保存" in response.content.decode() and "隶属" in response.content.decode()
    client.force_login(yuecheng)
    page = client.get(
        "/registry/relations/", {"a": enterprise.uscc, "b": str(second.pk)}
    ).content.decode()
    assert "存在关联" in page and "隶属" in page
    assert (
        client.get(
            "/registry/relations/", {"a": enterprise.uscc, "b": "91650102MA0000000X"}
        ).status_code
        == 404
    )


def test_reviewer_directory_and_licence(client, enterprise, yuecheng):
    client.force_login(yuecheng)
    page = client.get("/registry/organisations/", {"q": enterprise.uscc}).content.decode()
    assert enterprise.name in page and "主体名录" in page
    response = client.get(f"/registry/organisations/{enterprise.pk}/licence/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_reveal_button_is_audited(client, enterprise, yuecheng):
    client.force_login(yuecheng)
    response = client.post(
        "/registry/reveal/",
        {"model": "organisation", "pk": enterprise.pk, "field": "legal_rep_id"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "revealed" in response.content.decode()
    assert AuditEvent.objects.filter(action="registry.pii.reveal", actor=yuecheng).count() == 1


def test_security_administrator_manages_roles(client, make_user):
    secadmin = make_user("secadmin", Role.SECURITY_ADMIN)
    target = make_user("reviewer-to-be")
    client.force_login(secadmin)
    assert "角色授权管理" in client.get("/accounts/roles/").content.decode()
    response = client.post(
        "/accounts/roles/",
        {"username": "reviewer-to-be", "role": "county_reviewer", "region_code": "330602"},
        follow=True,
    )
    assert "已为 reviewer-to-be 授予" in response.content.decode()
    response = client.post(
        "/accounts/roles/",
        {"username": "reviewer-to-be", "role": "system_admin", "region_code": "100000"},
        follow=True,
    )
    assert "系统管理员" in response.content.decode()
    response = client.post(
        "/accounts/roles/",
        {"username": "reviewer-to-be", "role": "audit_admin", "region_code": "100000"},
    )
    assert "三员分立" in response.content.decode()
    client.force_login(target)
    assert client.get("/accounts/roles/").status_code == 403


def test_csrf_is_enforced_on_pages():
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post("/registry/register/", form_data()).status_code == 403


def test_incubator_agent_registers_a_team_through_the_page(client, yuecheng):

    incubator = register("330602", kind="incubator", username="agent")
    services.registration_review(actor=yuecheng, organisation=incubator, action="approve")
    client.force_login(get_user_model().objects.get(username="agent"))
    assert "代入驻团队登记" in client.get("/registry/workspace/").content.decode()
    page = client.get("/registry/teams/new/").content.decode()
    assert "代入驻团队登记" in page and 'name="licence"' not in page and 'name="uscc"' not in page
    data = {
        "name": "越城创客团队",
        "region_code": "330602",
        "legal_rep_name": "周八",
        "legal_rep_id_number": id_for("330602"),
        "contact_name": "周八",
        "contact_phone": "13800002222",
    }
    response = client.post("/registry/teams/new/", data, follow=True)
    team = Organisation.objects.get(name="越城创客团队")
    assert team.kind == "team" and team.host_incubator == incubator
    assert "已为“越城创客团队”提交登记" in response.content.decode()
    client.force_login(yuecheng)
    assert client.get("/registry/teams/new/").status_code == 403
