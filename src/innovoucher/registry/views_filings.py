"""Change filing (变更备案) pages: the party files and follows its filings; the registration
reviewer works through the queue and decides. Parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import apply_errors, domain_errors, file_response, paginate
from innovoucher.regions.listfilters import ListFilters
from innovoucher.registry import selectors, services
from innovoucher.registry.forms import ChangeFilingForm, FilingReviewForm
from innovoucher.registry.models import PROVIDER_KIND_HOLDERS
from innovoucher.registry.permissions import acts_for, filing_actions_for, is_registration_reviewer
from innovoucher.registry.states import REVIEWER, ChangeStatus

PAGE_SIZE = 20

_FILING_COLUMNS = (
    Sort("organisation", gettext_lazy("主体"), "organisation__name_pinyin"),
    Sort("region", gettext_lazy("地区"), "organisation__region_code"),
    Sort("submitted", gettext_lazy("提交时间"), "submitted_at"),
    Sort("status", gettext_lazy("状态"), "status"),
)
# Waiting filings oldest first (the review clock runs); any other view newest first.
FILING_QUEUE_SORTS = Sorting(*_FILING_COLUMNS, default="submitted")
FILING_SORTS = Sorting(*_FILING_COLUMNS, default="-submitted")
ORGANISATION_FILING_SORTS = Sorting(
    Sort("number", gettext_lazy("编号"), "id"),
    Sort("submitted", gettext_lazy("提交时间"), "submitted_at"),
    Sort("status", gettext_lazy("状态"), "status"),
    default="-submitted",
)


def _is_provider(org) -> bool:
    return org.kind in PROVIDER_KIND_HOLDERS


@login_required
@domain_errors
def organisation_filings(request, pk):
    """An organisation's change filings, and (for its own people) the form to file a new one."""
    actor = request.user
    org = selectors.organisation_get(actor=actor, pk=pk)
    filters = ListFilters.read(request, statuses=ChangeStatus.choices)
    filings, sorting = ORGANISATION_FILING_SORTS.apply(
        request,
        selectors.filing_list_for_organisation(
            actor=actor,
            organisation_id=org.pk,
            status=filters.status,
            date_from=filters.date_from,
            date_to=filters.date_to,
        ),
    )
    page = paginate(request, filings, PAGE_SIZE)
    can_file = selectors.filing_can_submit(actor=actor, organisation=org)
    form = (
        ChangeFilingForm(request.POST or None, request.FILES or None, provider=_is_provider(org))
        if can_file
        else None
    )
    status = 200
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            filing = services.filing_submit(
                actor=actor,
                organisation=org,
                values=form.values(),
                reason=form.cleaned_data["reason"],
                evidence=request.FILES.get("evidence"),
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
            status = 422
        else:
            messages.success(request, _("变更备案已提交，所在地科技管理部门将在5个工作日内审核。"))
            return redirect("registry:filing", pk=filing.pk)
    rows = [(f, selectors.filing_field_labels(f)) for f in page]
    return render(
        request,
        "registry/filings.html",
        {
            "org": org,
            "rows": rows,
            "page": page,
            "sorting": sorting,
            "filters": filters,
            "form": form,
            "acts_for": acts_for(actor, org),
        },
        status=status,
    )


def _detail(request, filing, **extra):
    actor = request.user
    org = filing.organisation
    offered = {t.action: t for t in filing_actions_for(actor, filing)}
    reviewer = any(t.by == REVIEWER for t in offered.values())
    resubmit_form = extra.pop("resubmit_form", None)
    if resubmit_form is None and "resubmit" in offered:
        initial = {
            k: v
            for k, v in filing.changes.items()
            if k not in ("legal_rep_id_number", "bank_account_number")
        }
        resubmit_form = ChangeFilingForm(
            initial={**initial, "reason": filing.reason}, provider=_is_provider(org)
        )
    return {
        "filing": filing,
        "org": org,
        "rows": selectors.filing_rows(filing),
        "events": selectors.filing_events(filing),
        "review_form": extra.pop("review_form", None) or (FilingReviewForm() if reviewer else None),
        "resubmit_form": resubmit_form,
        "can_withdraw": "withdraw" in offered,
        "deadline": selectors.filing_deadline(filing),
        **extra,
    }


@login_required
@domain_errors
def filing_detail(request, pk):
    actor = request.user
    filing = selectors.filing_get(actor=actor, pk=pk)
    if request.method != "POST":
        return render(request, "registry/filing_detail.html", _detail(request, filing))
    op = request.POST.get("op", "")
    if op == "review":
        form = FilingReviewForm(request.POST)
        if form.is_valid():
            reasons = [line for line in form.cleaned_data["reasons"].splitlines() if line.strip()]
            try:
                services.filing_review(
                    actor=actor,
                    filing=filing,
                    action=form.cleaned_data["action"],
                    reasons=reasons,
                    note=form.cleaned_data["note"],
                )
            except (ValidationFailed, Conflict) as exc:
                apply_errors(exc, form)
            else:
                messages.success(
                    request, _("变更备案%(status)s。") % {"status": filing.get_status_display()}
                )
                return redirect("registry:filing", pk=filing.pk)
        return render(
            request,
            "registry/filing_detail.html",
            _detail(request, filing, review_form=form),
            status=422,
        )
    if op == "resubmit":
        form = ChangeFilingForm(
            request.POST, request.FILES, provider=_is_provider(filing.organisation)
        )
        if form.is_valid():
            try:
                services.filing_resubmit(
                    actor=actor,
                    filing=filing,
                    values=form.values(),
                    reason=form.cleaned_data["reason"],
                    evidence=request.FILES.get("evidence"),
                )
            except (ValidationFailed, Conflict) as exc:
                apply_errors(exc, form)
            else:
                messages.success(request, _("已补正并重新提交。"))
                return redirect("registry:filing", pk=filing.pk)
        return render(
            request,
            "registry/filing_detail.html",
            _detail(request, filing, resubmit_form=form),
            status=422,
        )
    if op == "withdraw":
        services.filing_withdraw(actor=actor, filing=filing, note=request.POST.get("note", ""))
        messages.success(request, _("变更备案已撤回。"))
        return redirect("registry:filing", pk=filing.pk)
    raise ValidationFailed("未知的操作")


@login_required
@domain_errors
def filing_queue(request):
    """Change filings in the reviewer's regions (waiting ones by default, oldest first); for a
    party, its own filings."""
    actor = request.user
    reviewer = is_registration_reviewer(actor)
    filters = ListFilters.read(
        request,
        statuses=ChangeStatus.choices,
        default_status=ChangeStatus.SUBMITTED if reviewer else "",
    )
    status = filters.status
    qs = selectors.filing_list_for_actor(
        actor=actor,
        status=status,
        q=filters.q,
        region=filters.region,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    sorts = FILING_QUEUE_SORTS if status == ChangeStatus.SUBMITTED else FILING_SORTS
    qs, sorting = sorts.apply(request, qs)
    page = paginate(request, qs, PAGE_SIZE)
    return render(
        request,
        "registry/filing_queue.html",
        {
            "page": page,
            "sorting": sorting,
            "filters": filters,
            "status": status,
            "statuses": ChangeStatus.choices,
            "reviewer": reviewer,
            "my_orgs": selectors.organisation_list_for_party(actor=actor),
        },
    )


@login_required
@domain_errors
def filing_evidence(request, pk):
    filing = selectors.filing_get(actor=request.user, pk=pk)
    return file_response(filing.evidence, "证明材料")
