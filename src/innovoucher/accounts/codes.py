"""Error codes of accounts and roles (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    SEPARATED_ADMIN_ROLES = "separated_admin_roles"
    ROLE_CONFLICT = "role_conflict"
