"""「兑付通知」: the public list of calls (windows for redemption applications) and the form the
reviewer body of a policy's region uses to publish one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from innovoucher.core import clock, listing
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors
from innovoucher.policies.models import PolicyFamily
from innovoucher.redemptions import selectors
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.services import calls
from innovoucher.redemptions.views import paginate
from innovoucher.redemptions.views.forms import CallForm, apply_errors

CALL_SORTS = Sorting(
    Sort("title", gettext_lazy("通知"), "title"),
    Sort("family", gettext_lazy("政策"), "family_slug"),
    Sort("window", gettext_lazy("受理期"), "opens_on", "closes_on"),
    Sort("published", gettext_lazy("发布时间"), "published_at"),
    default="-window",
)


def call_list(request):
    family, q = request.GET.get("family", ""), request.GET.get("q", "").strip()
    state = listing.choice(request.GET.get("state"), selectors.CALL_STATES)
    qs = selectors.call_list_public(family=family, state=state, q=q)
    qs, sorting = CALL_SORTS.apply(request, qs)
    page = paginate(request, qs)
    today = clock.today()
    rows = [(c, selectors.call_state(c, today)) for c in page]
    can_publish = request.user.is_authenticated and bool(
        selectors.families_with_calls(actor=request.user)
    )
    return render(
        request,
        "redemptions/call_list.html",
        {
            "page": page,
            "rows": rows,
            "sorting": sorting,
            "family": family,
            "state": state,
            "q": q,
            "families": PolicyFamily.objects.order_by("slug"),
            "can_publish": can_publish,
            "names": dict(PolicyFamily.objects.values_list("slug", "name")),
        },
    )


@domain_errors
def call_detail(request, pk):
    call = selectors.call_get_public(pk=pk)
    family = PolicyFamily.objects.filter(slug=call.family_slug).first()
    return render(
        request,
        "redemptions/call_detail.html",
        {"call": call, "family": family, "state": selectors.call_state(call)},
    )


@login_required
@domain_errors
def call_publish(request):
    families = selectors.families_with_calls(actor=request.user)
    if not families:
        raise PermissionDenied(
            "兑付通知由政策所在地区的科技管理部门发布，您没有可发布的政策",
            code=Code.NOT_CALL_PUBLISHER,
        )
    opens, closes = calls.month_window(clock.today())
    initial = {"opens_on": opens.isoformat(), "closes_on": closes.isoformat()}
    form = CallForm(request.POST or None, initial=initial, families=families)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            call = calls.call_publish(
                actor=request.user,
                family=d["family"],
                title=d["title"],
                opens_on=d["opens_on"],
                closes_on=d["closes_on"],
                body=d["body"],
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
        else:
            messages.success(
                request,
                gettext("兑付通知《%(title)s》已发布（%(number)s）")
                % {"title": call.title, "number": call.number},
            )
            return redirect("redemptions:call", pk=call.pk)
    return render(request, "redemptions/call_publish.html", {"form": form})
