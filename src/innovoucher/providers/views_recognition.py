"""Out-of-region recognition pages: the provider files, an official of the policy's region
confirms or refuses. Parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from innovoucher.accounts.permissions import actor_has_role
from innovoucher.core import listing
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors, file_response, paginate
from innovoucher.policies.selectors import policy_family_list
from innovoucher.providers import selectors, services
from innovoucher.providers.permissions import RECOGNITION_OFFICIALS
from innovoucher.providers.states import RecognitionBasis, RecognitionStatus

FIELDS = (
    "provider",
    "family",
    "basis",
    "recognising_body",
    "document_no",
    "valid_from",
    "valid_until",
)


RECOGNITION_SORTS = Sorting(
    Sort("provider", gettext_lazy("服务机构"), "organisation__name_pinyin"),
    Sort("family", gettext_lazy("政策"), "family_slug"),
    Sort("valid", gettext_lazy("有效期"), "valid_until"),
    Sort("status", gettext_lazy("状态"), "status"),
    Sort("filed", gettext_lazy("提交时间"), "filed_at"),
    default="-filed",
)


@login_required
@domain_errors
def recognition_list(request):
    actor = request.user
    own = selectors.provider_orgs_for_staff(actor=actor)
    values = {k: request.POST.get(k, "") for k in FIELDS} if request.method == "POST" else {}
    errors: dict = {}
    error = ""
    status = 200
    if request.method == "POST" and own:
        org = selectors.staff_provider_find(actor=actor, pk=values["provider"])
        try:
            if org is None:
                raise ValidationFailed("请选择服务机构")
            rec = services.recognition_file(
                actor=actor,
                organisation=org,
                family=values["family"],
                basis=values["basis"],
                recognising_body=values["recognising_body"],
                document_no=values["document_no"],
                valid_from=values["valid_from"],
                valid_until=values["valid_until"],
                evidence=request.FILES.get("evidence"),
            )
        except ValidationFailed as exc:
            errors = exc.details.get("fields", {}) if isinstance(exc.details, dict) else {}
            error, status = exc.message, 422
        else:
            messages.success(request, gettext("认定材料已提交，等待政策所在地科技管理部门确认。"))
            return redirect("providers:recognition", pk=rec.pk)
    official = actor_has_role(actor, *RECOGNITION_OFFICIALS)
    show = request.GET.get("status", RecognitionStatus.SUBMITTED if official else "")
    show = listing.choice(show, RecognitionStatus.choices)
    all_families = policy_family_list()
    family = listing.choice(request.GET.get("family"), [f.slug for f in all_families])
    q = request.GET.get("q", "").strip()
    qs = selectors.recognition_list_for_actor(actor=actor, status=show, family=family, q=q)
    qs, sorting = RECOGNITION_SORTS.apply(request, qs)
    page = paginate(request, qs, selectors.PAGE_SIZE)
    families = [f for f in all_families if f.current is not None]
    return render(
        request,
        "providers/recognition_list.html",
        {
            "own": own,
            "official": official,
            "page": page,
            "sorting": sorting,
            "show": show,
            "family": family,
            "q": q,
            "all_families": all_families,
            "statuses": RecognitionStatus.choices,
            "families": families,
            "bases": RecognitionBasis.choices,
            "values": values,
            "errors": errors,
            "error": error,
        },
        status=status,
    )


@login_required
@domain_errors
def recognition_detail(request, pk):
    actor = request.user
    rec = selectors.recognition_get(actor=actor, pk=pk)
    posted, status = {"action": "", "reasons": "", "errors": {}, "message": ""}, 200
    if request.method == "POST":
        text = request.POST.get("reasons", "")
        reasons = [r for r in text.splitlines() if r.strip()]
        action = request.POST.get("action", "")
        try:
            rec = services.recognition_transition(
                actor=actor, recognition=rec, action=action, reasons=reasons
            )
        except (ValidationFailed, Conflict) as exc:
            fields = exc.details.get("fields", {}) if isinstance(exc.details, dict) else {}
            posted = {
                "action": action,
                "reasons": text,
                "errors": fields,
                "message": "" if fields else exc.message,
            }
            status = exc.status
            rec = selectors.recognition_get(actor=actor, pk=pk)
        else:
            messages.success(
                request, gettext("区外认定%(status)s。") % {"status": rec.get_status_display()}
            )
            return redirect("providers:recognition", pk=rec.pk)
    actions = selectors.recognition_actions_for(actor=actor, recognition=rec)
    return render(
        request,
        "providers/recognition_detail.html",
        {
            "rec": rec,
            "actions": actions,
            "changes": selectors.recognition_history(rec),
            "admissions": list(rec.admissions.all()),
            "posted": posted,
        },
        status=status,
    )


@login_required
@domain_errors
def recognition_evidence(request, pk):
    rec = selectors.recognition_get(actor=request.user, pk=pk)
    return file_response(rec.evidence, "认定文件")
