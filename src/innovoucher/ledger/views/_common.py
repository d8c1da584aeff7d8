"""What every finance page shares: login, the finance roles, domain errors shown as pages."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from innovoucher.core.errors import DomainError
from innovoucher.core.web import error_page
from innovoucher.ledger import permissions
from innovoucher.regions.selectors import region_label

TABS = [
    ("ledger:budgets", _("预算与执行")),
    ("ledger:allocate", _("下达与分配")),
    ("ledger:claims", _("兑付队列")),
    ("ledger:batches", _("支付批次")),
    ("ledger:transfers", _("资金账本")),
    ("ledger:statements", _("对账单")),
]


def finance_page(view):
    """Signed-in users holding a finance, reviewer or auditor role; DomainErrors become pages."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_view_finance(request.user):
            raise DjangoPermissionDenied("需要财政部门经办人、审核人或审计监督角色")
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return error_page(request, exc)

    return wrapper


def page(request, template: str, context: dict, *, tab: str):
    context = {"finance_tabs": TABS, "finance_tab": tab, **context}
    return render(request, template, context)


def region_choices(regions: list[str]) -> list[tuple[str, str]]:
    return [(code, f"{region_label(code)}（{code}）") for code in regions]


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
