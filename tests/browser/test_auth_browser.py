"""身份鉴别 in a real Chromium: a new official is taken through TOTP enrolment at the first
login (QR code, recovery codes) and uses a recovery code at the next one; repeated wrong
passwords lock the account with a Chinese retry time; the idle-timeout warning extends the
session without losing what was typed."""

import re
from base64 import b32decode
from binascii import hexlify

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from innovoucher.accounts.roles import Role
from testsupport import PASSWORD, make_user

pytestmark = pytest.mark.browser


def _password_step(page, base, username, password=PASSWORD):
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/?next=/notifications/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()


def test_new_official_enrols_totp_then_uses_a_recovery_code(
    live_server, transactional_db, page, shot
):
    make_user("sx-new-official", Role.COUNTY_REVIEWER, "330602")
    base = live_server.url
    _password_step(page, base, "sx-new-official")
    expect(page).to_have_url(re.compile(r"/accounts/otp/enrol/"))
    expect(page.locator("h1")).to_have_text("绑定身份验证器")
    expect(page.get_by_alt_text("身份验证器绑定二维码")).to_be_visible()
    shot("enrol")
    # Other pages stay closed until the authenticator is bound.
    page.goto(base + "/notifications/")
    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    key = b32decode(secret)
    page.fill("input[name=token]", "%06d" % totp(key))
    page.get_by_role("button", name="完成绑定").click()
    expect(page.locator("h1")).to_have_text("请保存您的恢复码")
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    shot("recovery-codes")
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page.locator(".account")).to_contain_text("退出登录")
    assert hexlify(key)
    # Next login: the verification step; a recovery code works once.
    _password_step(page, base, "sx-new-official")
    expect(page.locator("h1")).to_have_text("身份验证（第二步）")
    page.fill("input[name=token]", codes[0])
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect(page.locator(".messages")).to_contain_text("恢复码")
    _password_step(page, base, "sx-new-official")
    page.fill("input[name=token]", codes[0])
    page.get_by_role("button", name="验证").click()
    expect(page.locator(".errorlist")).to_contain_text("验证码不正确")


def test_lockout_after_repeated_wrong_passwords(live_server, transactional_db, page, settings):
    make_user("sx-locked")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _password_step(page, live_server.url, "sx-locked", "Wrong-Pass-2026")
        expect(page.locator(".errorlist")).to_contain_text("用户名或密码不正确")
    _password_step(page, live_server.url, "sx-locked", "Wrong-Pass-2026")
    expect(page.locator("h1")).to_have_text("账户已暂时锁定")
    expect(page.locator("main")).to_contain_text("后重试")
    _password_step(page, live_server.url, "sx-locked")  # the right password: still locked
    expect(page.locator("h1")).to_have_text("账户已暂时锁定")


def test_idle_warning_extends_the_session_keeping_typed_text(
    live_server, transactional_db, page, settings
):
    settings.SESSION_COOKIE_AGE = 64
    settings.SESSION_WARNING_MINUTES = 1  # the warning shows after 4 s
    make_user("sx-idle")
    _password_step(page, live_server.url, "sx-idle")
    page.goto(live_server.url + "/accounts/password/")
    page.fill("#id_old_password", "typed-before-warning")
    warning = page.locator(".session-warning")
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_contain_text("自动退出")
    page.get_by_role("button", name="继续使用").click()
    expect(warning).to_be_hidden()
    expect(page.locator("#id_old_password")).to_have_value("typed-before-warning")
