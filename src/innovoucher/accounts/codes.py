"""Error codes of accounts and roles (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    SEPARATED_ADMIN_ROLES = "separated_admin_roles"
    ROLE_CONFLICT = "role_conflict"
    # 三员分立: an administrator never holds a business role, and never grants itself a role.
    ADMIN_BUSINESS_ROLE = "admin_business_role"
    SELF_GRANT = "self_grant"
    # A role's region: not 全国 for the three administrators, not a GB/T 2260 division, or of
    # another level than the reviewer role's.
    ROLE_REGION_INVALID = "role_region_invalid"
    # Two-person rule: removing another administrator's role waits for a second administrator.
    REMOVAL_PENDING = "removal_pending"
    REMOVAL_SAME_PERSON = "removal_same_person"
    REMOVAL_NOT_PENDING = "removal_not_pending"
    # Second factor (TOTP) and passwords.
    OTP_REQUIRED = "otp_required"
    OTP_INVALID = "otp_invalid"
    PASSWORD_WRONG = "password_wrong"
    PASSWORD_WEAK = "password_weak"
