import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_login_page_and_bad_password_message(client):
    assert "用户登录" in client.get("/accounts/login/").content.decode()
    get_user_model().objects.create_user("staff1", password="Correct-Horse-1")
    html = client.post(
        "/accounts/login/", {"username": "staff1", "password": "wrong"}
    ).content.decode()
    assert "用户名或密码不正确" in html


def test_login_then_logout(client):
    get_user_model().objects.create_user("staff2", password="Correct-Horse-1", display_name="张三")
    response = client.post(
        "/accounts/login/", {"username": "staff2", "password": "Correct-Horse-1"}, follow=True
    )
    assert "您好，张三" in response.content.decode()
    response = client.post("/accounts/logout/", follow=True)
    assert "登录" in response.content.decode() and "您好" not in response.content.decode()
