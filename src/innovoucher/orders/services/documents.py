"""Uploads of an order: the signed contract (签章合同) and attachments (PDF, JPG or PNG up to 10 MB,
content matching the extension — `registry.validation.check_upload`)."""

from __future__ import annotations

from django.db import transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import acting_user
from innovoucher.orders.codes import Code
from innovoucher.orders.models import Order, OrderAttachment, ServiceContract
from innovoucher.orders.permissions import is_client, is_provider
from innovoucher.orders.states import AttachmentKind, ContractStatus
from innovoucher.registry.validation import check_upload


def _party(actor, order: Order) -> None:
    if not (is_client(actor, order) or is_provider(actor, order)):
        raise PermissionDenied("只有订单双方的经办人可以上传材料")


def contract_upload_signed(*, actor, contract: ServiceContract, upload) -> ServiceContract:
    """Attach the scan of the contract signed and sealed by both parties. Once the contract is
    approved, a signed copy already attached is final: neither party may replace it."""
    _party(actor, contract.order)
    if contract.status == ContractStatus.REJECTED:
        raise Conflict("合同不予通过，不能再上传签章合同", code=Code.CONTRACT_REJECTED)
    check_upload(upload, "签章合同")
    with transaction.atomic():
        current = ServiceContract.objects.select_for_update().get(pk=contract.pk)
        _refuse_replacing_signed(current)
        contract.signed_copy.save(upload.name, upload, save=False)
        ServiceContract.objects.filter(pk=contract.pk).update(signed_copy=contract.signed_copy.name)
        OrderAttachment.objects.create(
            order=contract.order,
            kind=AttachmentKind.SIGNED_CONTRACT,
            file=contract.signed_copy.name,
            name=upload.name[:200],
            uploaded_at=clock.now(),
            uploaded_by=acting_user(actor),
        )
        audit.record(
            actor=actor,
            action="orders.contract.upload_signed",
            obj=contract,
            region_code=contract.region_code,
            data={"number": contract.number, "name": upload.name[:200]},
        )
    return contract


def _refuse_replacing_signed(contract: ServiceContract) -> None:
    if contract.status == ContractStatus.APPROVED and contract.signed_copy:
        raise Conflict(
            "合同已审核通过，签章合同已存档，任何一方都不能再替换",
            code=Code.SIGNED_CONTRACT_FINAL,
        )


def attachment_add(*, actor, order: Order, kind: str, upload) -> OrderAttachment:
    _party(actor, order)
    if kind not in AttachmentKind.values:
        raise ValidationFailed("请选择附件类型", details={"fields": {"kind": ["请选择附件类型"]}})
    check_upload(upload, AttachmentKind(kind).label)
    with transaction.atomic():
        if kind == AttachmentKind.SIGNED_CONTRACT:
            for contract in ServiceContract.objects.select_for_update().filter(order=order):
                _refuse_replacing_signed(contract)
        attachment = OrderAttachment(
            order=order,
            kind=kind,
            name=upload.name[:200],
            uploaded_at=clock.now(),
            uploaded_by=acting_user(actor),
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        audit.record(
            actor=actor,
            action="orders.attachment.add",
            obj=attachment,
            region_code=order.region_code,
            data={"order": order.number, "kind": kind, "name": attachment.name},
        )
    return attachment
