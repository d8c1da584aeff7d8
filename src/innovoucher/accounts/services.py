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
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovoucher.accounts.codes import Code
from innovoucher.accounts.lifecycles import ROLE_REMOVAL
from innovoucher.accounts.models import AdminRoleRemoval, LoginRecord, RoleAssignment
from innovoucher.accounts.permissions import actor_has_role, require_admin
from innovoucher.accounts.roles import (
    PARTY_ROLES,
    PLATFORM_REGION,
    ROLE_LEVEL,
    SEPARATED_ADMIN_ROLES,
    Role,
)
from innovoucher.accounts.states import ADMIN, RemovalStatus
from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import transition_apply
from innovoucher.core.requestcache import request_forget
from innovoucher.regions.domain import is_region_code, region_level
from innovoucher.regions.selectors import region_code_known

LEVEL_LABELS = {"county": "区县", "city": "市", "province": "省（区）"}
ADMIN_BUSINESS_MESSAGE = (
    "管理员账户不能同时持有业务角色（三员分立：管理员不办理业务、不查看敏感个人信息）"
)
SEPARATION_MESSAGE = (
    "同一账户不能同时担任系统管理员、安全管理员、安全审计员中的两个角色（三员分立）"
)


def _validate_password(password: str, user, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        message = "密码不符合要求：" + "；".join(exc.messages)
        raise ValidationFailed(
            message, code=Code.PASSWORD_WEAK, details={"fields": {field: [message]}}
        ) from None


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


def _region_invalid(message: str) -> ValidationFailed:
    """A refused region, said at the form's region field (`region_code`)."""
    return ValidationFailed(
        message, code=Code.ROLE_REGION_INVALID, details={"fields": {"region_code": [message]}}
    )


def _check_role(role: str, region_code: str, organisation) -> Role:
    try:
        role = Role(role)
    except ValueError:
        raise ValidationFailed(f"未知的角色“{role}”", details={"role": ["无效"]}) from None
    if not is_region_code(region_code or ""):
        raise _region_invalid("请选择授权地区：全国（平台），或依次选择省、市、区县")
    if role in SEPARATED_ADMIN_ROLES and region_code != PLATFORM_REGION:
        raise _region_invalid(f"{role.label}为全平台角色，授权地区应选“全国（平台）”")
    if role in ROLE_LEVEL and region_level(region_code) != ROLE_LEVEL[role]:
        level = LEVEL_LABELS[ROLE_LEVEL[role]]
        raise _region_invalid(f"{role.label}应授权到{level}级地区，请在地区列表中选到这一级")
    if role in PARTY_ROLES and organisation is None:
        raise ValidationFailed(f"{role.label}必须绑定所属机构", details={"organisation": ["必填"]})
    return role


def _check_admin_business_separation(user, role: Role) -> None:
    """三员分立: an administrator never holds a business role, and a holder of a business role
    is never made an administrator (PII and approvals stay with business roles)."""
    held = set(
        RoleAssignment.objects.filter(user=user, active=True)
        .exclude(role=role)
        .values_list("role", flat=True)
    )
    if role in SEPARATED_ADMIN_ROLES:
        clash = held - {r.value for r in SEPARATED_ADMIN_ROLES}
    else:
        clash = held & {r.value for r in SEPARATED_ADMIN_ROLES}
    if clash:
        raise PermissionDenied(ADMIN_BUSINESS_MESSAGE, code=Code.ADMIN_BUSINESS_ROLE)


def assign_role(*, actor, user, role: str, region_code: str, organisation=None) -> RoleAssignment:
    """Create (or re-activate) a role assignment, enforcing 三员分立. No permission check."""
    role = _check_role(role, region_code, organisation)
    with transaction.atomic():
        _check_admin_business_separation(user, role)
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
    if user == actor:
        raise PermissionDenied("不能为自己授予任何角色（三员分立）", code=Code.SELF_GRANT)
    code = (region_code or "").strip()
    if is_region_code(code) and code != PLATFORM_REGION and not region_code_known(code):
        raise _region_invalid(f"地区「{code}」不在国家标准（GB/T 2260）行政区划中，请从列表中选择")
    return assign_role(
        actor=actor, user=user, role=role, region_code=region_code, organisation=organisation
    )


def _is_admin_of_another(actor, assignment: RoleAssignment) -> bool:
    return assignment.role in SEPARATED_ADMIN_ROLES and assignment.user_id != actor.pk


def _revoke(*, actor, assignment: RoleAssignment, data: dict | None = None) -> None:
    if not RoleAssignment.objects.filter(pk=assignment.pk, active=True).update(active=False):
        raise Conflict("该角色授权已被撤销")
    audit.record(
        actor=actor,
        action="accounts.role.revoke",
        obj=assignment,
        region_code=assignment.region_code,
        data={"user": assignment.user.username, "role": assignment.role, **(data or {})},
    )
    request_forget(("roles", assignment.user_id))


def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Revoke a role. Another administrator's role is never revoked by one person: ask with
    `role_removal_request`, and a second administrator confirms (two-person rule)."""
    require_admin(actor, Role.SECURITY_ADMIN)
    if _is_admin_of_another(actor, assignment):
        raise Conflict(
            "撤销其他管理员的角色需要另一名管理员确认，请提交撤销申请（双人审批）",
            code=Code.REMOVAL_PENDING,
        )
    with transaction.atomic():
        _revoke(actor=actor, assignment=assignment)


def role_removal_request(*, actor, assignment: RoleAssignment, reason: str) -> AdminRoleRemoval:
    """The first administrator's half of removing another administrator's role."""
    require_admin(actor, Role.SECURITY_ADMIN)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请填写撤销理由", details={"fields": {"reason": ["请填写撤销理由"]}})
    if not assignment.active:
        raise Conflict("该角色授权已被撤销")
    if not _is_admin_of_another(actor, assignment):
        raise ValidationFailed("只有撤销其他管理员的角色需要提交申请，其他角色可直接撤销")
    with transaction.atomic():
        if AdminRoleRemoval.objects.filter(
            assignment=assignment, status=RemovalStatus.REQUESTED
        ).exists():
            raise Conflict("该角色已有待确认的撤销申请", code=Code.REMOVAL_PENDING)
        removal = AdminRoleRemoval.objects.create(
            assignment=assignment, requested_by=actor, requested_at=clock.now(), reason=reason[:200]
        )
        audit.record(
            actor=actor,
            action="accounts.role_removal.request",
            obj=removal,
            region_code=assignment.region_code,
            data={"user": assignment.user.username, "role": assignment.role, "reason": reason},
        )
    return removal


def role_removal_confirm(*, actor, removal: AdminRoleRemoval) -> AdminRoleRemoval:
    """The second administrator's half: a different account from the requester (and from the
    administrator losing the role) confirms, and the role is revoked in the same transaction."""

    def revoke(obj):
        _revoke(
            actor=actor,
            assignment=obj.assignment,
            data={"removal": obj.pk, "requested_by": obj.requested_by.username},
        )

    return transition_apply(
        ROLE_REMOVAL,
        actor=actor,
        obj=removal,
        action="confirm",
        by=ADMIN,
        values={"confirmed_by": actor, "confirmed_at": clock.now()},
        audit_data={"user": removal.assignment.user.username, "role": removal.assignment.role},
        after=revoke,
    )


def role_removal_refuse(*, actor, removal: AdminRoleRemoval, reasons) -> AdminRoleRemoval:
    """The second administrator refuses the removal, with reasons; the role stays."""
    return transition_apply(
        ROLE_REMOVAL,
        actor=actor,
        obj=removal,
        action="refuse",
        by=ADMIN,
        reasons=reasons,
        audit_data={"user": removal.assignment.user.username, "role": removal.assignment.role},
    )


# --- 身份鉴别: logins, passwords, second factor ---------------------------------------------


def login_record_create(
    *, user, username: str, succeeded: bool, reason: str = "", ip: str = "", user_agent: str = ""
) -> LoginRecord:
    """One login attempt (login page or /admin/login/), kept for the user and the security
    administrator, and an audit event."""
    with transaction.atomic():
        record = LoginRecord.objects.create(
            user=user,
            username=(username or "")[:150],
            succeeded=succeeded,
            reason=reason[:40],
            at=clock.now(),
            ip_address=ip or None,
            user_agent=(user_agent or "")[:255],
        )
        audit.record(
            actor=user if succeeded else None,
            action="accounts.login.succeed" if succeeded else "accounts.login.fail",
            obj=record,
            data={"username": record.username, "ip": ip, "reason": reason},
        )
    return record


def password_change(*, actor, old_password: str, new_password: str) -> None:
    """The signed-in user changes their own password (old one checked, policy applied)."""
    if not actor.check_password(old_password or ""):
        message = "原密码不正确"
        raise ValidationFailed(
            message, code=Code.PASSWORD_WRONG, details={"fields": {"old_password": [message]}}
        )
    _validate_password(new_password or "", actor, field="new_password1")
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        audit.record(actor=actor, action="accounts.password.change", obj=actor)


def password_reset(*, actor, user, new_password: str) -> None:
    """An administrator sets another account's password (Django admin). 三员分立: only the
    security administrator may, never the superuser alone, and it is an audit event."""
    if not actor_has_role(actor, Role.SECURITY_ADMIN):
        raise PermissionDenied("只有安全管理员可以重置其他账户的密码")
    if user.pk == actor.pk:
        raise PermissionDenied("请通过“修改密码”页面修改自己的密码")
    _validate_password(new_password or "", user, field="password1")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit.record(
            actor=actor, action="accounts.password.reset", obj=user, data={"user": user.username}
        )


def admin_change_record(*, entry) -> None:
    """A Django admin add / change / delete (its LogEntry) as an audit event in the chain."""
    verb = {1: "add", 2: "change", 3: "delete"}.get(entry.action_flag, "change")
    content_type = entry.content_type
    audit.record(
        actor=entry.user,
        action=f"accounts.admin.{verb}",
        object_type=content_type.app_label + "." + content_type.model if content_type else "",
        object_id=entry.object_id or "",
        data={"object": entry.object_repr, "change": entry.get_change_message()},
    )


def _random_token() -> str:
    return StaticToken.random_token()


RECOVERY_CODE_COUNT = 10


def _recovery_codes_issue(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [_random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def totp_enrol_begin(*, actor) -> TOTPDevice:
    """A new, unconfirmed authenticator (secret key) for `actor`; confirmed by a first code."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=actor, name="身份验证器", confirmed=False)
        audit.record(actor=actor, action="accounts.totp_device.create", obj=device)
    return device


def totp_enrol_confirm(*, actor, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code it shows; replaces any earlier one and issues
    fresh one-time recovery codes (returned once, stored only for verification)."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValidationFailed("请重新开始绑定身份验证器")
    token = (token or "").strip().replace(" ", "")
    if not (token.isdigit() and device.verify_token(token)):
        message = "验证码不正确或已过期，请输入身份验证器当前显示的6位数字"
        raise ValidationFailed(
            message, code=Code.OTP_INVALID, details={"fields": {"token": [message]}}
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        codes = _recovery_codes_issue(actor)
        audit.record(actor=actor, action="accounts.totp_device.confirm", obj=device)
    return codes


def recovery_codes_regenerate(*, actor) -> list[str]:
    if not TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise ValidationFailed("请先绑定身份验证器")
    with transaction.atomic():
        codes = _recovery_codes_issue(actor)
        audit.record(actor=actor, action="accounts.recovery_codes.issue", obj=actor)
    return codes


def otp_verify(*, actor, token: str):
    """The device (authenticator or a recovery code, used once) that accepts `token`."""
    token = (token or "").strip().replace(" ", "").lower()
    device = None
    if token:
        for candidate in (
            *TOTPDevice.objects.filter(user=actor, confirmed=True),
            *StaticDevice.objects.filter(user=actor, confirmed=True),
        ):
            if candidate.verify_token(token):
                device = candidate
                break
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="accounts.otp.verify" if device else "accounts.otp.fail",
            obj=actor,
            data={"recovery_code": isinstance(device, StaticDevice)},
        )
    if device is None:
        message = "验证码不正确或已过期，请重新输入（也可使用一个恢复码）"
        raise ValidationFailed(
            message, code=Code.OTP_INVALID, details={"fields": {"token": [message]}}
        )
    return device
