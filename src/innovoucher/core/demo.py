"""Demo steps of the core: the system administrator account."""

from innovoucher.core.demo_accounts import DEMO_PASSWORD, register


def _admin(progress) -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="admin",
        defaults={"display_name": "系统管理员", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    register("admin", "系统管理员（Django 管理后台）")


DEMO_STEPS = [(0, "系统管理员账户", _admin)]
