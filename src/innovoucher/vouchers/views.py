"""Voucher pages: 「我的创新券」 for holders, the region's vouchers for officials, one voucher's
detail. Parse input, call one service or selector, render. No rules here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from innovoucher.core import clock
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors, paginate
from innovoucher.vouchers import selectors, services
from innovoucher.vouchers.permissions import is_official, may_return, may_revoke
from innovoucher.vouchers.states import VoucherStatus


def _reasons(request) -> list[str]:
    return [line.strip() for line in request.POST.get("reasons", "").splitlines() if line.strip()]


@login_required
def home(request):
    actor = request.user
    orgs = selectors.holder_orgs(actor=actor)
    return render(
        request,
        "vouchers/home.html",
        {
            "holdings": selectors.holdings_for_party(actor=actor, orgs=orgs),
            "options": selectors.claim_options(actor=actor, orgs=orgs),
            "expiring": selectors.vouchers_expiring(actor=actor, orgs=orgs),
            "is_official": is_official(actor),
            "issuing": selectors.issuing_families(actor=actor),
            "has_orgs": bool(orgs),
            "year": clock.today().year,
        },
    )


OFFICIAL_SORTS = Sorting(
    Sort("number", gettext_lazy("券号"), "number"),
    Sort("holder", gettext_lazy("持券主体"), "holder__name_pinyin"),
    Sort("year", gettext_lazy("年度"), "fiscal_year"),
    Sort("face", gettext_lazy("面额"), "face_fen"),
    Sort("used", gettext_lazy("已使用"), "used_fen"),
    Sort("valid", gettext_lazy("有效期至"), "valid_until"),
    Sort("status", gettext_lazy("状态"), "status"),
    Sort("issued", gettext_lazy("发放日期"), "issued_on"),
    default="-issued",
)


@login_required
def official_list(request):
    actor = request.user
    f = {k: request.GET.get(k, "").strip() for k in ("family", "status", "year", "q")}
    qs = selectors.voucher_list_for_official(actor=actor, **f)
    qs, sorting = OFFICIAL_SORTS.apply(request, qs)
    page = paginate(request, qs, selectors.PAGE_SIZE)
    return render(
        request,
        "vouchers/official_list.html",
        {
            "page_obj": page,
            "sorting": sorting,
            "filters": f,
            "families": selectors.families(),
            "statuses": VoucherStatus.choices,
            "names": selectors.family_names(),
            "issuing": selectors.issuing_families(actor=actor),
            "year": clock.today().year,
            "is_official": is_official(actor),
        },
    )


@login_required
def detail(request, pk):
    actor = request.user
    voucher = selectors.voucher_get(actor=actor, pk=pk)
    return render(
        request,
        "vouchers/detail.html",
        {
            "v": voucher,
            "uses": selectors.voucher_uses(voucher),
            "changes": voucher.changes.select_related("actor"),
            "family_name": selectors.family_names().get(voucher.family_slug, voucher.family_slug),
            "can_return": may_return(actor, voucher),
            "can_revoke": may_revoke(actor, voucher),
        },
    )


@login_required
@require_POST
@domain_errors
def action(request, pk):
    voucher = selectors.voucher_get(actor=request.user, pk=pk)
    what = request.POST.get("action")
    if what == "return":
        services.voucher_return(actor=request.user, voucher=voucher, reasons=_reasons(request))
        messages.success(request, gettext("创新券%(number)s已退券") % {"number": voucher.number})
    elif what == "revoke":
        services.voucher_revoke(actor=request.user, voucher=voucher, reasons=_reasons(request))
        messages.success(request, gettext("创新券%(number)s已收回") % {"number": voucher.number})
    else:
        messages.error(request, gettext("未知的操作"))
    return redirect("vouchers:detail", pk=voucher.pk)


@login_required
@require_POST
@domain_errors
def claim(request):
    holder = next(
        (
            o
            for o in selectors.holder_orgs(actor=request.user)
            if str(o.pk) == request.POST.get("holder")
        ),
        None,
    )
    if holder is None:
        messages.error(request, gettext("请选择申领的主体"))
        return redirect("vouchers:home")
    voucher = services.voucher_claim(
        actor=request.user, holder=holder, family=request.POST.get("family", "")
    )
    messages.success(request, gettext("申领成功：创新券%(number)s") % {"number": voucher.number})
    return redirect("vouchers:detail", pk=voucher.pk)


@login_required
@require_POST
@domain_errors
def issue(request):
    family = request.POST.get("family", "")
    choice = next(
        (i for i in selectors.issuing_families(actor=request.user) if i.family.slug == family), None
    )
    if choice is None:
        messages.error(request, gettext("请选择可由您发放的政策"))
        return redirect("vouchers:official")
    if choice.route == "automatic":
        year = request.POST.get("year", "")
        count = services.vouchers_issue_automatic(
            actor=request.user,
            family=family,
            year=int(year) if year.isdigit() else clock.today().year,
        )
    else:
        count = services.vouchers_grant_membership_all(actor=request.user, family=family)
    messages.success(
        request,
        ngettext(
            "%(policy)s：本次新发放 %(count)s 张（已有的不重复发放）",
            "%(policy)s：本次新发放 %(count)s 张（已有的不重复发放）",
            count,
        )
        % {"policy": choice.family.name, "count": count},
    )
    return redirect("vouchers:official")
