"""「兑付申请」: the claimant's pages — orders ready to apply for, the application form, my
applications, the detail of one application (shared with officials), withdraw, resubmit, and the
provider's confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from innovoucher.core import listing
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.money import fen_to_yuan
from innovoucher.core.web import domain_errors, file_response
from innovoucher.policies.models import PolicyFamily
from innovoucher.redemptions import domain, permissions, selectors
from innovoucher.redemptions.services import resubmission, submission
from innovoucher.redemptions.services.payment import payment_status
from innovoucher.redemptions.states import CheckVerdict, RedemptionStatus
from innovoucher.redemptions.views import paginate
from innovoucher.redemptions.views.forms import (
    ApplicationForm,
    DecisionForm,
    ReasonsForm,
    ResubmitForm,
    apply_errors,
)
from innovoucher.registry.webforms import post_or_back

NO_PAYMENT_YET = (
    RedemptionStatus.AWAITING_CONFIRMATION,
    RedemptionStatus.IN_REVIEW,
    RedemptionStatus.RETURNED,
    RedemptionStatus.WITHDRAWN,
)


MY_SORTS = Sorting(
    Sort("number", gettext_lazy("申请编号"), "number"),
    Sort("applicant", gettext_lazy("服务使用方"), "applicant__name_pinyin"),
    Sort("provider", gettext_lazy("服务机构"), "provider__name_pinyin"),
    Sort("subsidy", gettext_lazy("核定补助"), "subsidy_fen"),
    Sort("submitted", gettext_lazy("提交时间"), "submitted_at"),
    Sort("status", gettext_lazy("状态"), "status"),
    default="-submitted",
)


@login_required
@domain_errors
def my_list(request):
    status = listing.choice(request.GET.get("status"), RedemptionStatus.choices)
    family, q = request.GET.get("family", ""), request.GET.get("q", "").strip()
    qs = selectors.redemption_list_for_party(actor=request.user, status=status, family=family)
    qs, sorting = MY_SORTS.apply(request, selectors.redemption_search(qs, q))
    return render(
        request,
        "redemptions/my_list.html",
        {
            "page": paginate(request, qs),
            "sorting": sorting,
            "q": q,
            "orders": selectors.orders_ready_with_hints(actor=request.user),
            "status": status,
            "family": family,
            "statuses": RedemptionStatus.choices,
            "families": PolicyFamily.objects.order_by("slug"),
        },
    )


def _form_kwargs(request, order) -> dict:
    both = permissions.sides(request.user, client=order.client, provider=order.provider) == {
        domain.APPLICANT,
        domain.PROVIDER,
    }
    return {"both_sides": both, "settled": order.status == "settled"}


@login_required
@domain_errors
def apply(request, order_pk):
    order = selectors.order_for_application(actor=request.user, pk=order_pk)
    form = ApplicationForm(
        request.POST or None, request.FILES or None, **_form_kwargs(request, order)
    )
    checks, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            r = submission.redemption_submit(
                actor=request.user,
                order=order,
                documents=form.documents(request.FILES),
                invoice=form.invoice_data(),
                claimant_kind=form.cleaned_data.get("claimant_kind") or None,
                paid_amount=form.cleaned_data.get("paid_amount"),
                other_public_funding=form.cleaned_data["other_public_funding"],
                public_funding_level=form.cleaned_data.get("public_funding_level", ""),
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
            checks = _failures_first(exc.details.get("checks", []))
            status = 422
        else:
            messages.success(request, _submitted_message(r))
            return redirect("redemptions:detail", pk=r.pk)
    family = PolicyFamily.objects.filter(slug=order.family_slug).first()
    return render(
        request,
        "redemptions/apply.html",
        {
            "order": order,
            "form": form,
            "checks": checks,
            "family": family,
        },
        status=status,
    )


def _verdict_label(verdict) -> str:
    return str(CheckVerdict(verdict).label) if verdict in CheckVerdict.values else ""


def _failures_first(checks: list[dict]) -> list[dict]:
    """The check lines, failures first, each with its verdict's label (for the badge)."""
    rows = [{**c, "verdict_label": _verdict_label(c.get("verdict"))} for c in checks]
    return sorted(rows, key=lambda c: {"fail": 0, "refer": 1}.get(c.get("verdict"), 2))


def _submitted_message(r) -> str:
    if r.status == RedemptionStatus.AWAITING_CONFIRMATION:
        return gettext("兑付申请 %(number)s 已提交，等待服务机构在系统中确认后进入审核") % {
            "number": r.number
        }
    if r.check_verdict == "refer":
        return gettext(
            "兑付申请 %(number)s 已提交并通过自动初审（部分事项需审核人员核实），已进入审核"
        ) % {"number": r.number}
    return gettext("兑付申请 %(number)s 已提交并通过自动初审，已进入审核") % {"number": r.number}


def _payment(request, r):
    if r.status in NO_PAYMENT_YET:
        return None
    return payment_status(r, request.user)


@login_required
@domain_errors
def detail(request, pk, decision_form=None, decline=None):
    r = selectors.redemption_get(actor=request.user, pk=pk)
    dossier = selectors.redemption_dossier(actor=request.user, redemption=r)
    return render(
        request,
        "redemptions/detail.html",
        {
            "r": r,
            "redemption": r,
            "d": dossier,
            "decision_form": decision_form or DecisionForm(),
            "reasons_form": ReasonsForm(),
            "payment": _payment(request, r),
            "checks": _failures_first(r.check_results),
            "amounts": selectors.redemption_amounts(r),
            "trace": domain.trace_display(r.trace or []),
            "payee_notice": selectors.payee_account_notice(r),
        },
        status=400 if decision_form is not None else 200,
    )


@login_required
@domain_errors
@post_or_back("redemptions:detail")
def withdraw(request, pk):
    r = selectors.redemption_get(actor=request.user, pk=pk)
    submission.redemption_withdraw(
        actor=request.user, redemption=r, reasons=[request.POST.get("reasons", "")]
    )
    messages.success(
        request,
        gettext("兑付申请 %(number)s 已撤回，发票与创新券额度已释放") % {"number": r.number},
    )
    return redirect("redemptions:detail", pk=r.pk)


@login_required
@domain_errors
@post_or_back("redemptions:detail")
def confirm(request, pk):
    r = selectors.redemption_get(actor=request.user, pk=pk)
    if request.POST.get("action") == "decline":
        try:
            submission.redemption_decline(
                actor=request.user,
                redemption=r,
                reasons=request.POST.get("reasons", "").splitlines(),
            )
        except (
            ValidationFailed,
            Conflict,
        ) as exc:  # the typed reasons come back, the message at them
            decline = {"reasons": request.POST.get("reasons", ""), "error": exc.message}
            return detail(request, pk, decline=decline)
        messages.success(request, gettext("已不予确认，申请已退回申请方"))
    else:
        submission.redemption_confirm(actor=request.user, redemption=r)
        messages.success(request, gettext("已确认服务事项，申请进入审核"))
    return redirect("redemptions:detail", pk=r.pk)


@login_required
@domain_errors
def resubmit(request, pk):
    r = selectors.redemption_get(actor=request.user, pk=pk)
    permissions.require_claimant(request.user, r)
    invoice = r.invoices.filter(released_at__isnull=True).first()
    initial = {
        "other_public_funding": r.other_public_funding,
        "public_funding_level": r.public_funding_level,
    }
    if invoice is not None:
        initial.update(
            invoice_number=invoice.number,
            invoice_amount=fen_to_yuan(invoice.amount_fen),
            invoice_issued_on=invoice.issued_on.isoformat(),
            invoice_issuer=invoice.issuer,
        )
    kwargs = {"both_sides": False, "settled": r.order.status == "settled"}
    form = ResubmitForm(request.POST or None, request.FILES or None, initial=initial, **kwargs)
    checks, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            resubmission.redemption_resubmit(
                actor=request.user,
                redemption=r,
                documents=form.documents(request.FILES),
                invoice=form.invoice_data(),
                paid_amount=form.cleaned_data.get("paid_amount"),
                other_public_funding=form.cleaned_data["other_public_funding"],
                public_funding_level=form.cleaned_data.get("public_funding_level", ""),
                note=form.cleaned_data["note"],
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
            checks = _failures_first(exc.details.get("checks", []))
            status = 422
        else:
            messages.success(
                request,
                gettext("兑付申请 %(number)s 已修改并重新提交，进入新一轮审核")
                % {"number": r.number},
            )
            return redirect("redemptions:detail", pk=r.pk)
    return render(
        request,
        "redemptions/resubmit.html",
        {
            "r": r,
            "form": form,
            "checks": checks,
            "documents": r.documents.filter(superseded=False),
        },
        status=status,
    )


@login_required
@domain_errors
def document(request, pk):
    doc = selectors.document_get(actor=request.user, pk=pk)
    return file_response(doc.file, doc.get_kind_display())
