from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from innovoucher.accounts.roles import SEPARATED_ADMIN_ROLES, Role


class User(AbstractUser):
    """A person who signs in. What they may see and do comes from their RoleAssignments."""

    display_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(models.Model):
    """A role held by a user in a region (and, for parties, on behalf of an organisation).

    The region bounds what the role can see: a county reviewer of 330602 sees 330602 only,
    a city reviewer of 330600 sees the city and its counties, a province role its province.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField("角色", max_length=24, choices=Role.choices)
    region_code = models.CharField("行政区划代码", max_length=6)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    active = models.BooleanField(default=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="roleassignment_role_valid",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region_code"], name="roleassignment_unique"
            ),
            # 三员分立: at most one active system / security / audit administrator role per account.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(
                    role__in=sorted(r.value for r in SEPARATED_ADMIN_ROLES), active=True
                ),
                name="roleassignment_one_separated_admin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region_code}"
