"""The standard contract as a PDF for signature and seal (下载签章): WeasyPrint with the Noto CJK
fonts of Debian's `fonts-noto-cjk` (ReportLab cannot embed them). Reading only: the caller has
loaded the contract through a scoped selector."""

from __future__ import annotations

from django.template.loader import render_to_string

from innovoucher.core import clock
from innovoucher.orders.domain import amount_in_words
from innovoucher.orders.models import ServiceContract
from innovoucher.policies.models import PolicyFamily

PDF_FONTS = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'


def contract_context(contract: ServiceContract) -> dict:
    order = contract.order
    family = PolicyFamily.objects.filter(slug=contract.family_slug).first()
    try:
        voucher = contract.voucher
    except ServiceContract.voucher.RelatedObjectDoesNotExist:
        voucher = None
    return {
        "contract": contract,
        "order": order,
        "client": order.client,
        "provider": order.provider,
        "family": family,
        "amount_words": amount_in_words(contract.amount_fen),
        "voucher": voucher,
        "generated_on": clock.today(),
        "fonts": PDF_FONTS,
    }


def contract_pdf(contract: ServiceContract) -> bytes:
    from weasyprint import HTML

    html = render_to_string("orders/contract_pdf.html", contract_context(contract))
    return HTML(string=html).write_pdf()
