"""Accounts and roles. Three separated administrators (三员分立):

- the system administrator (系统管理员) creates accounts and official organisations;
- the security administrator (安全管理员) grants and revokes roles;
- the audit administrator (安全审计员) reads the audit log.

No account ever holds two of these roles: `assign_role` refuses it, and a partial unique
constraint on RoleAssignment refuses it again in the database. A Django superuser (the
bootstrap account created by set-up) may act as system and security administrator so the first
administrators can be appointed; it gains no access to parties' data.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction

from innovoucher.accounts.codes import Code
from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.permissions import require_admin
from innovoucher.accounts.roles import (
    PARTY_ROLES,
    PLATFORM_REGION,
    ROLE_LEVEL,
    SEPARATED_ADMIN_ROLES,
    Role,
)
from innovoucher.core import audit
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.requestcache import request_forget
from innovoucher.regions.domain import is_region_code, region_level

LEVEL_LABELS = {"county": "区县", "city": "市", "province": "省（区）"}
SEPARATION_MESSAGE = (
    "同一账户不能同时担任系统管理员、安全管理员、安全审计员中的两个角色（三员分立）"
)


def _validate_password(password: str, user) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        message = "密码不符合要求：" + "；".join(exc.messages)
        raise ValidationFailed(message, details={"fields": {"password": [message]}}) from None


def check_new_account(
    *,
    username: str,
    password: str,
    display_name: str,
    email: str = "",
    phone: str = "",
    password_hash: str = "",
):
    """Validate a new account and return it unsaved (password hashed). Raises ValidationFailed
    or Conflict with ``details={"fields": {name: [message]}}``.

    `password_hash` (instead of `password`) takes an already hashed password, for importing
    accounts from another system and for the demo, which hashes its one password once."""
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ValidationFailed(
            "请填写登录用户名", details={"fields": {"username": ["请填写登录用户名"]}}
        )
    if len(username) > 150 or not all(
        c.isascii() and (c.isalnum() or c in "@.+-_") for c in username
    ):
        message = "用户名只能包含英文字母、数字和 @ . + - _，最长150个字符"
        raise ValidationFailed(message, details={"fields": {"username": [message]}})
    if User.objects.filter(username__iexact=username).exists():
        message = f"用户名“{username}”已被使用，请换一个"
        raise Conflict(message, details={"fields": {"username": [message]}})
    user = User(
        username=username,
        display_name=(display_name or "").strip()[:60],
        email=(email or "").strip(),
        phone=(phone or "").strip()[:20],
    )
    if password_hash:
        identify_hasher(password_hash)  # raises ValueError for anything that is not a Django hash
        user.password = password_hash
        return user
    _validate_password(password or "", user)
    user.set_password(password)
    return user


def create_user_record(
    *,
    username: str,
    password: str,
    display_name: str,
    email: str = "",
    phone: str = "",
    password_hash: str = "",
):
    """Create an account (no permission check: callers are services that checked already)."""
    user = check_new_account(
        username=username,
        password=password,
        display_name=display_name,
        email=email,
        phone=phone,
        password_hash=password_hash,
    )
    user.save()
    return user


def user_create(
    *,
    actor,
    username: str,
    password: str = "",
    display_name: str,
    email: str = "",
    phone: str = "",
    password_hash: str = "",
):
    require_admin(actor, Role.SYSTEM_ADMIN)
    with transaction.atomic():
        user = create_user_record(
            username=username,
            password=password,
            display_name=display_name,
            email=email,
            phone=phone,
            password_hash=password_hash,
        )
        audit.record(
            actor=actor, action="accounts.user.create", obj=user, data={"username": user.username}
        )
    return user


def _check_role(role: str, region_code: str, organisation) -> Role:
    try:
        role = Role(role)
    except ValueError:
        raise ValidationFailed(f"未知的角色“{role}”", details={"role": ["无效"]}) from None
    if not is_region_code(region_code or ""):
        raise ValidationFailed(
            "行政区划代码应为6位数字（GB/T 2260）", details={"region_code": ["格式不正确"]}
        )
    if role in SEPARATED_ADMIN_ROLES and region_code != PLATFORM_REGION:
        raise ValidationFailed(
            f"{role.label}为全平台角色，行政区划代码应为{PLATFORM_REGION}",
            details={"region_code": ["应为全国"]},
        )
    if role in ROLE_LEVEL and region_level(region_code) != ROLE_LEVEL[role]:
        level = LEVEL_LABELS[ROLE_LEVEL[role]]
        raise ValidationFailed(
            f"{role.label}应绑定到{level}级行政区划代码", details={"region_code": ["层级不符"]}
        )
    if role in PARTY_ROLES and organisation is None:
        raise ValidationFailed(f"{role.label}必须绑定所属机构", details={"organisation": ["必填"]})
    return role


def assign_role(*, actor, user, role: str, region_code: str, organisation=None) -> RoleAssignment:
    """Create (or re-activate) a role assignment, enforcing 三员分立. No permission check."""
    role = _check_role(role, region_code, organisation)
    with transaction.atomic():
        if role in SEPARATED_ADMIN_ROLES:
            held = RoleAssignment.objects.filter(
                user=user, active=True, role__in=list(SEPARATED_ADMIN_ROLES)
            ).exclude(role=role)
            if held.exists():
                raise Conflict(SEPARATION_MESSAGE, code=Code.SEPARATED_ADMIN_ROLES)
        existing = RoleAssignment.objects.filter(
            user=user, role=role, region_code=region_code
        ).first()
        try:
            with transaction.atomic():
                if existing:
                    RoleAssignment.objects.filter(pk=existing.pk).update(
                        active=True, organisation=organisation
                    )
                    existing.refresh_from_db()
                    assignment = existing
                else:
                    assignment = RoleAssignment.objects.create(
                        user=user, role=role, region_code=region_code, organisation=organisation
                    )
        except IntegrityError:
            raise Conflict(
                SEPARATION_MESSAGE if role in SEPARATED_ADMIN_ROLES else "该角色授权已存在",
                code=Code.ROLE_CONFLICT,
            ) from None
        audit.record(
            actor=actor,
            action="accounts.role.grant",
            obj=assignment,
            region_code=region_code[:6],
            data={
                "user": user.username,
                "role": role.value,
                "organisation": organisation.pk if organisation else None,
            },
        )
    request_forget(("roles", user.pk))
    return assignment


def role_grant(*, actor, user, role: str, region_code: str, organisation=None) -> RoleAssignment:
    require_admin(actor, Role.SECURITY_ADMIN)
    if user == actor and Role(role) in SEPARATED_ADMIN_ROLES:
        raise PermissionDenied("不能为自己授予管理员角色")
    return assign_role(
        actor=actor, user=user, role=role, region_code=region_code, organisation=organisation
    )


def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    require_admin(actor, Role.SECURITY_ADMIN)
    with transaction.atomic():
        if not RoleAssignment.objects.filter(pk=assignment.pk, active=True).update(active=False):
            raise Conflict("该角色授权已被撤销")
        audit.record(
            actor=actor,
            action="accounts.role.revoke",
            obj=assignment,
            region_code=assignment.region_code,
            data={"user": assignment.user.username, "role": assignment.role},
        )
    request_forget(("roles", assignment.user_id))
