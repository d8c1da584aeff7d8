from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from innovoucher.accounts.roles import SEPARATED_ADMIN_ROLES, Role
from innovoucher.accounts.states import RemovalStatus
from innovoucher.core.models import StatusChange


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


class LoginRecord(models.Model):
    """One login attempt on the login page or /admin/login/ (身份鉴别 / 安全审计): who, when,
    from where, and whether it succeeded. Failed attempts keep the typed username."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="login_records",
    )
    username = models.CharField("登录用户名", max_length=150)
    succeeded = models.BooleanField("是否成功")
    reason = models.CharField("说明", max_length=40, blank=True)
    at = models.DateTimeField("时间", db_index=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"

    def __str__(self) -> str:
        return (
            f"{self.username} · {'成功' if self.succeeded else '失败'} · {self.at:%Y-%m-%d %H:%M}"
        )


class AdminRoleRemoval(models.Model):
    """A request to remove an administrator's role (two-person rule, 双人审批): one administrator
    asks, an administrator of a different account confirms (the role is revoked) or refuses, on
    the lifecycle engine (`accounts.states.REMOVAL_TRANSITIONS`, change rows, audit events)."""

    assignment = models.ForeignKey(
        RoleAssignment, on_delete=models.CASCADE, related_name="removal_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间")
    reason = models.CharField("理由", max_length=200)
    status = models.CharField(
        "状态", max_length=12, choices=RemovalStatus.choices, default=RemovalStatus.REQUESTED
    )
    reasons = models.JSONField("处理理由", default=list, blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "管理员角色撤销申请"
        verbose_name_plural = "管理员角色撤销申请"
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(status="requested"),
                name="adminroleremoval_one_requested",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RemovalStatus.values),
                name="adminroleremoval_status_valid",
            ),
        ]

    @property
    def pending(self) -> bool:
        return self.status == RemovalStatus.REQUESTED

    @property
    def is_confirmed(self) -> bool:
        return self.status == RemovalStatus.CONFIRMED


class AdminRoleRemovalChange(StatusChange):
    removal = models.ForeignKey(AdminRoleRemoval, on_delete=models.CASCADE, related_name="changes")
