"""Registry API: related parties (shareholders, controller, affiliations), PII reveal, relation
check, roles."""

from __future__ import annotations

from typing import Literal

from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from innovoucher.accounts import selectors as account_selectors
from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.services import (
    role_grant,
    role_removal_confirm,
    role_removal_refuse,
    role_removal_request,
    role_revoke,
)
from innovoucher.core.errors import NotFound
from innovoucher.registry import selectors, services
from innovoucher.registry.api_common import ERRORS
from innovoucher.registry.relations import related

router = Router(tags=["主体登记 Registry"], auth=SessionAuth(csrf=True))


class HolderIn(Schema):
    holder_type: Literal["person", "organisation"]
    holder_name: str
    holder_uscc: str = ""
    holder_id_number: str = ""


class ShareholderIn(HolderIn):
    stake_percent: str


class ControllerIn(HolderIn):
    basis: str = ""


class HolderOut(Schema):
    id: int
    holder_type: str
    holder_name: str
    holder_uscc: str
    holder_id_masked: str


class ShareholderOut(HolderOut):
    stake_percent: str


class ControllerOut(HolderOut):
    basis: str


def _holder(h) -> dict:
    out = {
        "id": h.pk,
        "holder_type": h.holder_type,
        "holder_name": h.holder_name,
        "holder_uscc": h.holder_uscc,
        "holder_id_masked": h.holder_id_masked,
    }
    if hasattr(h, "stake_bp"):
        out["stake_percent"] = h.stake_display
    if hasattr(h, "basis"):
        out["basis"] = h.basis
    return out


@router.get(
    "/organisations/{org_id}/shareholders",
    response={200: list[ShareholderOut], **ERRORS},
    summary="股东",
)
def shareholder_list(request, org_id: int):
    return [
        _holder(h) for h in selectors.shareholder_list(actor=request.auth, organisation_id=org_id)
    ]


@router.post(
    "/organisations/{org_id}/shareholders",
    response={201: ShareholderOut, **ERRORS},
    summary="添加股东",
)
def shareholder_add(request, org_id: int, payload: ShareholderIn):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    return Status(
        201,
        _holder(services.shareholder_add(actor=request.auth, organisation=org, **payload.dict())),
    )


@router.delete("/shareholders/{holder_id}", response={204: None, **ERRORS}, summary="删除股东")
def shareholder_remove(request, holder_id: int):
    services.shareholder_remove(
        actor=request.auth, shareholder=selectors.shareholder_get(actor=request.auth, pk=holder_id)
    )
    return Status(204, None)


@router.get(
    "/organisations/{org_id}/controller",
    response={200: ControllerOut, **ERRORS},
    summary="实际控制人",
)
def controller_get(request, org_id: int):
    controller = selectors.controller_get(actor=request.auth, organisation_id=org_id)
    if controller is None:
        raise NotFound("未登记实际控制人")
    return _holder(controller)


@router.put(
    "/organisations/{org_id}/controller",
    response={200: ControllerOut, **ERRORS},
    summary="登记或更换实际控制人",
)
def controller_set(request, org_id: int, payload: ControllerIn):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    return _holder(services.controller_set(actor=request.auth, organisation=org, **payload.dict()))


@router.delete(
    "/organisations/{org_id}/controller", response={204: None, **ERRORS}, summary="删除实际控制人"
)
def controller_clear(request, org_id: int):
    services.controller_clear(
        actor=request.auth, organisation=selectors.organisation_get(actor=request.auth, pk=org_id)
    )
    return Status(204, None)


class AffiliationIn(Schema):
    kind: Literal["subordinate", "co_built", "equity"]
    counterpart_name: str
    counterpart_uscc: str
    note: str = ""


class AffiliationOut(AffiliationIn):
    id: int
    kind_label: str


def _affiliation(a) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "counterpart_name": a.counterpart_name,
        "counterpart_uscc": a.counterpart_uscc,
        "note": a.note,
    }


@router.get(
    "/organisations/{org_id}/affiliations",
    response={200: list[AffiliationOut], **ERRORS},
    summary="隶属、共建、参股关系",
)
def affiliation_list(request, org_id: int):
    return [
        _affiliation(a)
        for a in selectors.affiliation_list(actor=request.auth, organisation_id=org_id)
    ]


@router.post(
    "/organisations/{org_id}/affiliations",
    response={201: AffiliationOut, **ERRORS},
    summary="添加关联关系",
)
def affiliation_add(request, org_id: int, payload: AffiliationIn):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    return Status(
        201,
        _affiliation(
            services.affiliation_add(actor=request.auth, organisation=org, **payload.dict())
        ),
    )


@router.delete(
    "/affiliations/{affiliation_id}", response={204: None, **ERRORS}, summary="删除关联关系"
)
def affiliation_remove(request, affiliation_id: int):
    services.affiliation_remove(
        actor=request.auth,
        affiliation=selectors.affiliation_get(actor=request.auth, pk=affiliation_id),
    )
    return Status(204, None)


class RevealIn(Schema):
    model: Literal["organisation", "shareholder", "controller"]
    id: int
    field: Literal["legal_rep_id", "bank_account", "holder_id"]


class RevealOut(Schema):
    value: str


_LOADERS = {
    "organisation": lambda actor, pk: selectors.organisation_get(actor=actor, pk=pk),
    "shareholder": lambda actor, pk: selectors.shareholder_get(actor=actor, pk=pk),
    "controller": lambda actor, pk: selectors.controller_get_by_pk(actor=actor, pk=pk),
}


@router.post(
    "/pii/reveal",
    response={200: RevealOut, **ERRORS},
    summary="查看完整证件号码或银行账号（记入审计日志）",
)
def pii_reveal(request, payload: RevealIn):
    obj = _LOADERS[payload.model](request.auth, payload.id)
    return {"value": services.pii_reveal(actor=request.auth, obj=obj, field=payload.field)}


class RelationOut(Schema):
    related: bool
    kind: str = ""
    summary: str = ""
    path: list[dict] = []


@router.get(
    "/relations",
    response={200: RelationOut, **ERRORS},
    summary="两个主体是否存在关联关系（返回关联路径）",
)
def relation_check(request, a: int, b: int):
    org_a = selectors.organisation_get(actor=request.auth, pk=a)
    org_b = selectors.organisation_get(actor=request.auth, pk=b)
    evidence = related(org_a, org_b)
    return {"related": False} if evidence is None else {"related": True, **evidence.as_dict()}


class RoleIn(Schema):
    username: str
    role: str
    region_code: str
    organisation_id: int | None = None


class RoleOut(Schema):
    id: int
    username: str
    role: str
    region_code: str
    organisation_id: int | None
    active: bool


def _role(a: RoleAssignment) -> dict:
    return {
        "id": a.pk,
        "username": a.user.username,
        "role": a.role,
        "region_code": a.region_code,
        "organisation_id": a.organisation_id,
        "active": a.active,
    }


@router.post(
    "/roles",
    response={201: RoleOut, **ERRORS},
    tags=["角色授权 Roles"],
    summary="授予角色（安全管理员；三员分立）",
)
def role_create(request, payload: RoleIn):
    user, organisation = account_selectors.grant_target_get(
        actor=request.auth, username=payload.username, organisation_id=payload.organisation_id
    )
    return Status(
        201,
        _role(
            role_grant(
                actor=request.auth,
                user=user,
                role=payload.role,
                region_code=payload.region_code,
                organisation=organisation,
            )
        ),
    )


@router.delete(
    "/roles/{assignment_id}",
    response={204: None, **ERRORS},
    tags=["角色授权 Roles"],
    summary="撤销角色（安全管理员）",
)
def role_delete(request, assignment_id: int):
    """Another administrator's role answers 409 `removal_pending`: ask for its removal with
    POST /roles/{id}/removal and let a second administrator confirm it (two-person rule)."""
    assignment = account_selectors.role_assignment_get(actor=request.auth, pk=assignment_id)
    role_revoke(actor=request.auth, assignment=assignment)
    return Status(204, None)


class RemovalIn(Schema):
    reason: str


class RemovalOut(Schema):
    id: int
    assignment_id: int
    requested_by: str
    reason: str
    pending: bool
    status: str


class RefuseIn(Schema):
    reason: str


def _removal(r) -> dict:
    return {
        "id": r.pk,
        "assignment_id": r.assignment_id,
        "requested_by": r.requested_by.username,
        "reason": r.reason,
        "pending": r.pending,
        "status": r.status,
    }


@router.post(
    "/roles/{assignment_id}/removal",
    response={201: RemovalOut, **ERRORS},
    tags=["角色授权 Roles"],
    summary="申请撤销其他管理员的角色（双人审批，第一人）",
)
def role_removal_create(request, assignment_id: int, payload: RemovalIn):
    assignment = account_selectors.role_assignment_get(actor=request.auth, pk=assignment_id)
    return Status(
        201,
        _removal(
            role_removal_request(actor=request.auth, assignment=assignment, reason=payload.reason)
        ),
    )


@router.post(
    "/roles/removals/{removal_id}/confirm",
    response={204: None, **ERRORS},
    tags=["角色授权 Roles"],
    summary="确认撤销管理员角色（双人审批，另一名管理员）",
)
def role_removal_confirm_api(request, removal_id: int):
    removal = account_selectors.role_removal_get(actor=request.auth, pk=removal_id)
    role_removal_confirm(actor=request.auth, removal=removal)
    return Status(204, None)


@router.post(
    "/roles/removals/{removal_id}/refuse",
    response={200: RemovalOut, **ERRORS},
    tags=["角色授权 Roles"],
    summary="拒绝撤销管理员角色（双人审批，另一名管理员，须填写理由）",
)
def role_removal_refuse_api(request, removal_id: int, payload: RefuseIn):
    removal = account_selectors.role_removal_get(actor=request.auth, pk=removal_id)
    return _removal(
        role_removal_refuse(actor=request.auth, removal=removal, reasons=[payload.reason])
    )
