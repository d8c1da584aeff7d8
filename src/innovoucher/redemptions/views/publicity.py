"""Pages of publicity (公示公告), objections, approval documents (批复文件) and payment status.

Parse input, call one service or selector, render. Domain errors raised here become the tidy
error page (`core.web.domain_errors`); a failed form is shown again with what was typed.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from innovoucher.core import listing
from innovoucher.core.codes import Code
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.money import MoneyError, yuan_to_fen
from innovoucher.core.web import domain_errors
from innovoucher.redemptions import selectors
from innovoucher.redemptions.services import approval as approvals
from innovoucher.redemptions.services import payment as payments
from innovoucher.redemptions.services import publicity as publicity_services
from innovoucher.redemptions.states import ObjectionStatus
from innovoucher.redemptions.views import domain_message
from innovoucher.redemptions.views import paginate as _page
from innovoucher.registry.webforms import post_or_back

# --- public: 公示公告 ----------------------------------------------------------------------------


PUBLICITY_SORTS = Sorting(
    Sort("number", _("公示编号"), "number"),
    Sort("region", _("发布机关"), "region_code"),
    Sort("period", _("公示期"), "starts_on", "ends_on"),
    Sort("items", _("项目数"), "item_count"),
    Sort("status", _("状态"), "status"),
    default="-period",
)
OBJECTION_SORTS = Sorting(
    Sort("submitted", _("提出时间"), "submitted_at"),
    Sort("publicity", _("公示"), "item__publicity__number"),
    Sort("applicant", _("异议项目"), "item__redemption__applicant__name_pinyin"),
    Sort("objector", _("异议人"), "objector_name"),
    Sort("status", _("状态"), "status"),
    default="-submitted",
)
MANAGED_SORTS = Sorting(
    Sort("number", _("公示编号"), "number"),
    Sort("region", _("发布机关"), "region_code"),
    Sort("period", _("公示期"), "starts_on", "ends_on"),
    Sort("items", _("项目数"), "item_count"),
    Sort("objections", _("待处理异议"), "open_objections"),
    Sort("status", _("状态"), "status"),
    default="-period",
)


@domain_errors
def publicity_list(request):
    state = request.GET.get("state", "")
    state = state if state in ("open", "closed") else ""
    q = request.GET.get("q", "").strip()
    qs, sorting = PUBLICITY_SORTS.apply(request, selectors.publicity_list_public(state=state, q=q))
    return render(
        request,
        "redemptions/publicity_list.html",
        {
            "page": _page(request, qs),
            "sorting": sorting,
            "q": q,
            "state": state,
            "is_official": request.user.is_authenticated
            and selectors.actor_can_read_any(request.user),
        },
    )


@domain_errors
def publicity_detail(request, pk):
    publicity = selectors.publicity_get_public(pk=pk)
    form, errors = {}, {}
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        form = {k: request.POST.get(k, "") for k in ("item", "objector_name", "contact", "grounds")}
        try:
            item = selectors.item_get_public(pk=form["item"]) if form["item"].isdigit() else None
            if item is None or item.publicity_id != publicity.pk:
                raise ValidationFailed(
                    "请选择要提出异议的公示项目", details={"fields": {"item": "请选择公示项目"}}
                )
            publicity_services.objection_submit(
                actor=request.user,
                item=item,
                objector_name=form["objector_name"],
                contact=form["contact"],
                grounds=form["grounds"],
            )
            messages.success(request, _("异议已提交。我们将核查并重新审议，处理结果将通知您。"))
            return redirect("redemptions:publicity_detail", pk=publicity.pk)
        except ValidationFailed as exc:
            errors = exc.details.get("fields", {})
            domain_message(request, exc.message)
    return render(
        request,
        "redemptions/publicity_detail.html",
        {
            "publicity": publicity,
            "items": selectors.publicity_items(publicity),
            "is_open": selectors.publicity_is_open(publicity),
            "form": form,
            "errors": errors,
            "approval": getattr(publicity, "approval", None),
        },
    )


# --- officials: managing lists and deciding objections --------------------------------------------


@login_required
@domain_errors
def publicity_manage(request):
    status = request.GET.get("status", ObjectionStatus.OPEN)
    status = status if status in ObjectionStatus.values else ""
    q = request.GET.get("q", "").strip()
    lists, list_sorting = MANAGED_SORTS.apply(
        request,
        selectors.publicity_list_for_official(actor=request.user),
        param="lsort",
        page_param="lpage",
    )
    objections, sorting = OBJECTION_SORTS.apply(
        request, selectors.objection_list_for_official(actor=request.user, status=status, q=q)
    )
    return render(
        request,
        "redemptions/publicity_manage.html",
        {
            "lists": _page(request, lists, param="lpage"),
            "list_sorting": list_sorting,
            "page": _page(request, objections),
            "sorting": sorting,
            "q": q,
            "status": status,
            "statuses": ObjectionStatus.choices,
        },
    )


@login_required
@domain_errors
def objection_detail(request, pk):
    objection = selectors.objection_get(actor=request.user, pk=pk)
    form, errors = {}, {}
    if request.method == "POST":
        form = {
            "outcome": request.POST.get("outcome", ""),
            "resolution": request.POST.get("resolution", ""),
        }
        try:
            publicity_services.objection_decide(
                actor=request.user,
                objection=objection,
                outcome=form["outcome"],
                resolution=form["resolution"],
            )
            messages.success(request, _("异议处理意见已保存，并已答复异议人。"))
            return redirect("redemptions:objection_detail", pk=objection.pk)
        except ValidationFailed as exc:
            errors = exc.details.get("fields", {})
            domain_message(request, exc.message)
    item = objection.item
    return render(
        request,
        "redemptions/publicity_objection.html",
        {
            "objection": objection,
            "item": item,
            "publicity": item.publicity,
            "redemption": item.redemption,
            "others": item.objections.exclude(pk=objection.pk),
            "can_decide": selectors.can_decide(request.user, objection),
            "form": form,
            "errors": errors,
            "outcomes": [
                (ObjectionStatus.UPHELD, _("异议成立")),
                (ObjectionStatus.DISMISSED, _("异议不成立")),
            ],
        },
    )


# --- 批复文件 ------------------------------------------------------------------------------------


APPROVAL_SORTS = Sorting(
    Sort("number", _("文号"), "number"),
    Sort("region", _("发文机关"), "region_code"),
    Sort("issued", _("发文日期"), "issued_on"),
    Sort("total", _("补助总额"), "total_fen"),
    default="-issued",
)


@login_required
@domain_errors
def approval_list(request):
    q = request.GET.get("q", "").strip()
    start, end = listing.day(request.GET.get("from")), listing.day(request.GET.get("to"))
    qs = approvals.approval_list_for_actor(
        actor=request.user, q=q, issued_from=start, issued_to=end
    )
    qs, sorting = APPROVAL_SORTS.apply(request, qs)
    return render(
        request,
        "redemptions/approval_list.html",
        {"page": _page(request, qs), "sorting": sorting, "q": q, "start": start, "end": end},
    )


@login_required
@domain_errors
def approval_detail(request, pk):
    approval = approvals.approval_get(actor=request.user, pk=pk)
    return render(
        request, "redemptions/approval_detail.html", approvals.approval_document(approval)
    )


@login_required
@domain_errors
def approval_pdf(request, pk):
    approval = approvals.approval_get(actor=request.user, pk=pk)
    response = HttpResponse(approvals.approval_pdf(approval), content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(approvals.approval_filename(approval))}"
    )
    return response


def _quote(name: str) -> str:
    return quote(name)


# --- payment status and recovery ------------------------------------------------------------------


@login_required
@domain_errors
def payment_detail(request, pk):
    redemption = payments.redemption_get_for_payment(actor=request.user, pk=pk)
    return render(
        request,
        "redemptions/payment_detail.html",
        {
            "redemption": redemption,
            "payment": payments.payment_status(redemption, actor=request.user),
            "form": {},
            "errors": {},
        },
    )


@login_required
@domain_errors
@post_or_back("redemptions:payment_detail")
def payment_recover(request, pk):
    redemption = payments.redemption_get_for_payment(actor=request.user, pk=pk)
    form = {k: request.POST.get(k, "") for k in ("reasons", "amount", "recovery_reference")}
    try:
        amount = _amount(form["amount"])
        payments.payment_recover(
            actor=request.user,
            redemption=redemption,
            reasons=form["reasons"].splitlines(),
            amount_fen=amount,
            recovery_reference=form["recovery_reference"],
        )
        messages.success(request, _("已追回资金，款项已退回原预算。"))
        return redirect("redemptions:payment_detail", pk=redemption.pk)
    except (ValidationFailed, Conflict) as exc:
        domain_message(request, exc.message)
        return render(
            request,
            "redemptions/payment_detail.html",
            {
                "redemption": redemption,
                "payment": payments.payment_status(redemption, actor=request.user),
                "form": form,
                "errors": exc.details.get("fields", {}),
            },
            status=422,
        )


def _amount(text: str) -> int | None:
    if not text.strip():
        return None
    try:
        return yuan_to_fen(text)
    except MoneyError as exc:
        raise ValidationFailed(
            str(exc), code=Code.AMOUNT_INVALID, details={"fields": {"amount": str(exc)}}
        ) from exc
