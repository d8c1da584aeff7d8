"""The lifecycle of the two-person removal of an administrator's role, declared once for the
executor (`core.lifecycle`)."""

from __future__ import annotations

from innovoucher.accounts import states
from innovoucher.accounts.codes import Code
from innovoucher.accounts.models import AdminRoleRemoval, AdminRoleRemovalChange
from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import SEPARATED_ADMIN_ROLES
from innovoucher.core.errors import PermissionDenied
from innovoucher.core.lifecycle import Lifecycle


def authorize(actor, removal, transition) -> None:
    """The second administrator: holds one of the three administrator roles (or is the
    bootstrap superuser) and is neither the requester nor the administrator losing the role."""
    if not (getattr(actor, "is_superuser", False) or actor_has_role(actor, *SEPARATED_ADMIN_ROLES)):
        raise PermissionDenied("此操作需要系统管理员、安全管理员或安全审计员角色")
    if actor.pk in (removal.requested_by_id, removal.assignment.user_id):
        raise PermissionDenied(
            "撤销申请须由申请人和被撤销人以外的另一名管理员确认或拒绝（双人审批）",
            code=Code.REMOVAL_SAME_PERSON,
        )


ROLE_REMOVAL = Lifecycle(
    app="accounts",
    entity="role_removal",
    noun="管理员角色撤销申请",
    model=AdminRoleRemoval,
    statuses=states.RemovalStatus,
    table=states.REMOVAL_TRANSITIONS,
    change_model=AdminRoleRemovalChange,
    change_fk="removal",
    region=lambda removal: removal.assignment.region_code,
    authorize=authorize,
    decided_field="decided_at",
)
