"""工作日历 pages: the public calendar with the working-day calculator, and the staff import
page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from innovoucher.core import clock
from innovoucher.core.errors import DomainError
from innovoucher.workdays import selectors, services
from innovoucher.workdays.forms import AddWorkingDaysForm, NoticeImportForm


def _year_param(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 1900 <= year <= 2200 else default


@require_GET
def calendar_page(request):
    years = selectors.calendar_year_list()
    year = _year_param(request.GET.get("year"), clock.today().year)
    calendar_year = next((y for y in years if y.year == year), None)
    context = {
        "years": years,
        "year": year,
        "calendar_year": calendar_year,
        "festivals": selectors.calendar_festivals(calendar_year) if calendar_year else [],
        "compute": _compute(request.GET)
        if "start" in request.GET
        else {"form": AddWorkingDaysForm(initial={"start": clock.today(), "n": 10})},
    }
    return render(request, "workdays/calendar.html", context)


@require_GET
def compute_result(request):
    return render(request, "workdays/_compute_result.html", {"compute": _compute(request.GET)})


def _compute(params) -> dict:
    form = AddWorkingDaysForm(params)
    result = {"form": form}
    if form.is_valid():
        start, n = form.cleaned_data["start"], form.cleaned_data["n"]
        try:
            result.update(start=start, n=n, end=services.add_working_days(start, n))
        except DomainError as exc:
            result["error"] = exc.message
    return result


def _staff(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


@login_required
def import_page(request):
    _staff(request)
    if request.method == "POST":
        form = NoticeImportForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                services.calendar_year_import(
                    actor=request.user, year=year, text=form.cleaned_data["text"]
                )
            except DomainError:
                return render(
                    request,
                    "workdays/import.html",
                    {"form": form, "preview": _preview(form)},
                    status=422,
                )
            messages.success(request, gettext("%(year)s年节假日安排已导入") % {"year": year})
            return redirect(f"{reverse('portal:calendar')}?year={year}")
    else:
        form = NoticeImportForm(initial={"year": clock.today().year + 1})
    return render(request, "workdays/import.html", {"form": form})


@login_required
@require_POST
def import_preview(request):
    _staff(request)
    form = NoticeImportForm(request.POST)
    context = {"form": form, "preview": _preview(form)}
    template = (
        "workdays/_import_preview.html"
        if request.headers.get("HX-Request")
        else "workdays/import.html"
    )
    return render(request, template, context)


def _preview(form: NoticeImportForm) -> dict:
    if not form.is_valid():
        return {"errors": [e for errors in form.errors.values() for e in errors]}
    year = form.cleaned_data["year"]
    try:
        result = services.calendar_notice_preview(year=year, text=form.cleaned_data["text"])
    except DomainError as exc:
        return {"errors": exc.details.get("problems") or [exc.message]}
    existing = next((y for y in selectors.calendar_year_list() if y.year == year), None)
    return {
        "result": result,
        "year": year,
        "existing": existing,
        "existing_days": existing.days.count() if existing else 0,
    }
