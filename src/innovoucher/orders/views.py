"""Order pages: 「服务订单」 for clients, providers and officials, placing an order, one order, the
standard contract form and its review, the PDF. Parse input, call one service or selector,
render."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innovoucher.core import clock, listing
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.money import fen_to_yuan
from innovoucher.core.web import apply_errors, domain_errors, paginate, safe_next
from innovoucher.orders import documents, selectors, services
from innovoucher.orders.domain import (
    SPLIT_WINDOW_DAYS,
    VERDICT_LABELS,
    amount_in_words,
    overall_verdict,
)
from innovoucher.orders.forms import AttachmentForm, ContractForm, OrderForm
from innovoucher.orders.permissions import (
    can_edit_contract,
    can_upload_signed,
    contract_decisions,
    is_client,
    is_provider,
    order_actions,
    reviewer_role,
)
from innovoucher.orders.policy import contract_review, contract_version
from innovoucher.orders.services import deduction as deductions
from innovoucher.orders.states import ORDER_TRANSITIONS, ContractStatus, OrderStatus
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES
from innovoucher.registry.webforms import post_or_back
from innovoucher.vouchers.permissions import is_official


def _reasons(request) -> list[str]:
    return [line.strip() for line in request.POST.get("reasons", "").splitlines() if line.strip()]


# --- lists ----------------------------------------------------------------------------------------

TABS = (("client", _("我下的订单")), ("provider", _("收到的订单")), ("region", _("本地区订单")))


ORDER_SORTS = Sorting(
    Sort("number", _("订单号"), "number"),
    Sort("client", _("委托方"), "client__name_pinyin"),
    Sort("provider", _("服务机构"), "provider__name_pinyin"),
    Sort("amount", _("合同金额"), "contract_amount_fen"),
    Sort("deduction", _("创新券抵扣"), "deduction_fen"),
    Sort("placed", _("下单时间"), "placed_at"),
    Sort("status", _("状态"), "status"),
    default="-placed",
)


@login_required
def order_list(request):
    actor = request.user
    lists = {
        "client": selectors.order_list_for_client(actor=actor),
        "provider": selectors.order_list_for_provider(actor=actor),
        "region": selectors.order_list_for_official(actor=actor) if is_official(actor) else None,
    }
    tabs = [
        (k, label)
        for k, label in TABS
        if lists[k] is not None and (k != "provider" or lists[k].exists())
    ]
    tab = request.GET.get("tab") or next(
        (k for k, _ in tabs if lists[k].exists()), tabs[0][0] if tabs else "client"
    )
    tab = tab if tab in dict(tabs) else "client"
    status = request.GET.get("status", "")
    qs = lists[tab].filter(status=status) if status else lists[tab]
    qs, sorting = ORDER_SORTS.apply(request, qs)
    return render(
        request,
        "orders/order_list.html",
        {
            "tabs": tabs,
            "tab": tab,
            "status": status,
            "statuses": OrderStatus.choices,
            "sorting": sorting,
            "page_obj": paginate(request, qs, selectors.PAGE_SIZE),
            "queue": selectors.contract_queue_for_reviewer(actor=actor),
        },
    )


CONTRACT_SORTS = Sorting(
    Sort("number", _("合同编号"), "number"),
    Sort("client", _("委托方"), "order__client__name_pinyin"),
    Sort("provider", _("服务机构"), "order__provider__name_pinyin"),
    Sort("amount", _("合同金额"), "amount_fen"),
    Sort("submitted", _("提交时间"), "submitted_at"),
    Sort("status", _("状态"), "status"),
    default="-submitted",
)


@login_required
def contract_list(request):
    """The party's own contracts (`msort`, `mpage`) and, for an official, the region's
    (`sort`, `page`); one filter form narrows both."""
    actor = request.user
    official = is_official(actor)
    regions = selectors.contract_regions_for_official(actor=actor) if official else []
    filters = selectors.ContractFilter(
        status=listing.choice(request.GET.get("status"), ContractStatus.choices),
        q=request.GET.get("q", "").strip(),
        region_code=listing.choice(request.GET.get("region"), regions),
        submitted_from=listing.day(request.GET.get("from")),
        submitted_to=listing.day(request.GET.get("to")),
    )
    mine, mine_sorting = CONTRACT_SORTS.apply(
        request,
        selectors.contract_list_for_party(actor=actor, filters=filters),
        param="msort",
        page_param="mpage",
    )
    region, sorting = (
        CONTRACT_SORTS.apply(
            request, selectors.contract_list_for_official(actor=actor, filters=filters)
        )
        if official
        else (None, None)
    )
    return render(
        request,
        "orders/contract_list.html",
        {
            "queue": selectors.contract_queue_for_reviewer(actor=actor),
            "mine": paginate(request, mine, selectors.PAGE_SIZE, param="mpage"),
            "mine_sorting": mine_sorting,
            "is_official": official,
            "page_obj": paginate(request, region, selectors.PAGE_SIZE) if official else None,
            "sorting": sorting,
            "filters": filters,
            "statuses": ContractStatus.choices,
            "regions": regions,
        },
    )


# --- placing an order -----------------------------------------------------------------------------


def _basis(request):
    source = request.POST if request.method == "POST" else request.GET
    if source.get("service"):
        return selectors.service_for_order(source["service"]), None
    if source.get("booking"):
        return None, selectors.booking_for_order(actor=request.user, pk=source["booking"])
    return None, None


def _order_form(request, service, booking, data=None):
    provider = service.provider if service else booking.instrument.provider
    clients = selectors.clients_for_ordering(actor=request.user, provider=provider)
    families = selectors.ordering_families(provider)
    vouchers = selectors.vouchers_for_ordering(clients, families)
    initial = {
        "subject": service.name if service else f"仪器机时：{booking.instrument.name}",
        "contract_amount": fen_to_yuan(service.price_fen if service else booking.billed_fen),
        "category": "testing",
    }
    form = OrderForm(
        data,
        initial=initial,
        clients=clients,
        families=[(f.slug, f.name) for f in families],
        vouchers=vouchers,
        booking=booking is not None,
    )
    return form, provider, clients, families, vouchers


@login_required
def place(request):
    service, booking = _basis(request)
    if service is None and booking is None:
        return _picker(request)
    form, provider, clients, families, vouchers = _order_form(
        request, service, booking, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            client = next((c for c in clients if c.pk == d["client"]), None)
            if client is None:
                raise ValidationFailed(
                    "请选择委托方",
                    details={
                        "fields": {"client": ["请选择委托方（本人代表的已通过登记审核的主体）"]}
                    },
                )
            voucher = next((v for v in vouchers if v.pk == d["voucher"]), None)
            order = services.order_place(
                actor=request.user,
                client=client,
                service=service,
                booking=booking,
                family=d["family"],
                subject=d["subject"],
                contract_amount=d["contract_amount"],
                voucher=voucher,
                category=d.get("category", ""),
                idempotency_key=d.get("idempotency_key", ""),
            )
        except ValidationFailed as exc:
            apply_errors(exc, form)
        else:
            messages.success(
                request,
                gettext("订单%(number)s已提交，等待服务机构确认") % {"number": order.number},
            )
            return redirect("orders:detail", pk=order.pk)
    return render(
        request,
        "orders/place.html",
        {
            "form": form,
            "service": service,
            "booking": booking,
            "provider": provider,
            "families": families,
            "rating": selectors.provider_rating_summary(provider),
            "has_clients": bool(clients),
        },
    )


def _picker(request):
    q, category = request.GET.get("q", "").strip(), request.GET.get("category", "")
    qs = selectors.services_to_order(q=q, category=category)
    return render(
        request,
        "orders/picker.html",
        {
            "page_obj": paginate(request, qs, selectors.PAGE_SIZE),
            "q": q,
            "category": category,
            "categories": SERVICE_CATEGORIES.items(),
            "bookings": selectors.bookings_to_order(actor=request.user),
        },
    )


# --- one order ------------------------------------------------------------------------------------


def _posted(form: str, values: dict, exc=None) -> dict:
    """What a form of the order page shows again: the values typed, messages at their fields."""
    fields = (
        exc.details.get("fields", {}) if exc is not None and isinstance(exc.details, dict) else {}
    )
    return {
        "form": form,
        "values": values,
        "errors": fields,
        "message": exc.message if exc is not None and not fields else "",
    }


@login_required
def detail(request, pk):
    return _detail(request, selectors.order_get(actor=request.user, pk=pk))


def _detail(request, order, *, posted: dict | None = None, status: int = 200):
    actor = request.user
    contract = selectors.contract_for_order(order)
    client = is_client(actor, order)
    preview = None
    if client and order.status == OrderStatus.DELIVERED:
        preview = deductions.settlement(order, clock.today())[1]
    families = {f.slug: f for f in selectors.ordering_families(order.provider)}
    rating = selectors.rating_for_order(order)
    posted = posted or {"form": "", "values": {}, "errors": {}, "message": ""}
    attachment_form = AttachmentForm(posted["values"] if posted["form"] == "attachment" else None)
    if posted["form"] == "attachment":
        for name, msgs in posted["errors"].items():
            for m in msgs:
                attachment_form.add_error(name if name in attachment_form.fields else None, m)
        if posted["message"]:
            attachment_form.add_error(None, posted["message"])
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "is_client": client,
            "paid_preview": order.contract_amount_fen - preview.deduction_fen if preview else None,
            "is_provider": is_provider(actor, order),
            "actions": order_actions(actor, order),
            "uses": selectors.voucher_uses_for_order(order),
            "preview": preview,
            "rule": families.get(order.family_slug),
            "contract": contract,
            "contract_voucher": selectors.voucher_for_contract(contract),
            "can_fill_contract": client and selectors.contract_fillable(order, contract),
            "rating": rating,
            "can_rate": client and selectors.order_ratable(order, rating),
            "rating_due": selectors.rating_due_on(order),
            "rating_late": selectors.rating_is_late_now(order),
            "summary": selectors.provider_rating_summary(order.provider),
            "attachments": order.attachments.all(),
            "attachment_form": attachment_form,
            "similar": selectors.orders_similar(order),
            "window": SPLIT_WINDOW_DAYS,
            "changes": order.changes.select_related("actor"),
            "scores": range(5, 0, -1),
            "posted": posted,
        },
        status=status,
    )


@login_required
@post_or_back("orders:detail")
@domain_errors
def action(request, pk):
    actor, order = request.user, selectors.order_get(actor=request.user, pk=pk)
    what = request.POST.get("action", "")
    values = {k: request.POST.get(k, "") for k in ("delivered_on", "reasons")}
    try:
        if what == "accept":
            services.order_accept(actor=actor, order=order)
        elif what == "deliver":
            raw = values["delivered_on"].strip()
            try:
                day = date.fromisoformat(raw) if raw else None
            except ValueError:
                message = "服务完成日期格式不正确（如 2026-03-02）"
                raise ValidationFailed(
                    message, details={"fields": {"delivered_on": [message]}}
                ) from None
            services.order_deliver(actor=actor, order=order, delivered_on=day)
        elif what == "settle":
            order = services.order_settle(actor=actor, order=order)
        elif what == "cancel":
            services.order_cancel(actor=actor, order=order, reasons=_reasons(request))
        elif what == "decline":
            services.order_decline(actor=actor, order=order, reasons=_reasons(request))
        else:
            raise ValidationFailed("未知的操作")
    except (ValidationFailed, Conflict) as exc:
        order = selectors.order_get(actor=actor, pk=pk)
        return _detail(
            request, order, posted=_posted(f"action:{what}", values, exc), status=exc.status
        )
    messages.success(
        request, gettext("%(action)s：已办理") % {"action": gettext(ORDER_TRANSITIONS[what].label)}
    )
    return redirect("orders:detail", pk=order.pk)


@login_required
@post_or_back("orders:detail")
@domain_errors
def rate(request, pk):
    order = selectors.order_get(actor=request.user, pk=pk)
    values = {k: request.POST.get(k, "") for k in ("score", "quality", "timeliness", "comment")}
    try:
        rating = services.rating_submit(actor=request.user, order=order, **values)
    except (ValidationFailed, Conflict) as exc:
        return _detail(request, order, posted=_posted("rate", values, exc), status=exc.status)
    if rating.late:
        messages.warning(
            request,
            gettext(
                "评价已提交。已超过评价期限，本次评价标记为逾期评价，并计入服务机构的评价统计。"
            ),
        )
    else:
        messages.success(request, gettext("评价已提交，谢谢"))
    return redirect("orders:detail", pk=order.pk)


@login_required
@post_or_back("orders:detail")
@domain_errors
def attachment_upload(request, pk):
    order = selectors.order_get(actor=request.user, pk=pk)
    upload = request.FILES.get("file")
    values = {"kind": request.POST.get("kind", "")}
    try:
        if upload is None:
            message = "请选择要上传的文件（PDF、JPG 或 PNG，不超过10MB）"
            raise ValidationFailed(message, details={"fields": {"file": [message]}})
        services.attachment_add(actor=request.user, order=order, kind=values["kind"], upload=upload)
    except ValidationFailed as exc:
        if not (isinstance(exc.details, dict) and exc.details.get("fields")):
            exc.details = {**(exc.details or {}), "fields": {"file": [exc.message]}}
        return _detail(request, order, posted=_posted("attachment", values, exc), status=exc.status)
    messages.success(request, gettext("附件已上传"))
    return redirect(safe_next(request, reverse("orders:detail", args=[order.pk])))


@login_required
def attachment_download(request, pk):
    attachment = selectors.attachment_get(actor=request.user, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


# --- the standard contract ------------------------------------------------------------------------

CONTRACT_FIELDS = (
    "contract_type",
    "registration_no",
    "project_name",
    "amount",
    "start_on",
    "end_on",
    "content",
    "deliverables",
    "payment_terms",
    "client_signatory",
    "provider_signatory",
)


@login_required
def contract_edit(request, pk):
    order = selectors.order_get(actor=request.user, pk=pk)
    existing = selectors.contract_for_order(order)
    if request.method == "POST":
        form = ContractForm(request.POST)
        form.is_valid()
        data = services.ContractData(
            **{f: form.cleaned_data.get(f) or request.POST.get(f, "") for f in CONTRACT_FIELDS}
        )
        try:
            contract = services.contract_save(actor=request.user, order=order, data=data)
        except ValidationFailed as exc:
            apply_errors(exc, form)
        else:
            if "submit" in request.POST:
                return _submit(request, contract)
            messages.success(request, gettext("合同已保存为草稿"))
            return redirect("orders:contract", pk=contract.pk)
    else:
        initial = (
            services.contract_initial(order).__dict__
            if existing is None
            else {f: getattr(existing, f) for f in CONTRACT_FIELDS if f != "amount"}
            | {"amount": fen_to_yuan(existing.amount_fen)}
        )
        form = ContractForm(initial=initial)
    return render(
        request, "orders/contract_form.html", {"form": form, "order": order, "contract": existing}
    )


def _submit(request, contract):
    try:
        services.contract_submit(actor=request.user, contract=contract)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("合同已提交，自动初审已完成，等待审核"))
    return redirect("orders:contract", pk=contract.pk)


@login_required
def contract_detail(request, pk):
    actor = request.user
    contract = selectors.contract_get(actor=actor, pk=pk)
    pinned = contract_version(contract)
    decisions = contract_decisions(actor, contract, pinned.version)
    role = reviewer_role(pinned.version)
    return render(
        request,
        "orders/contract_detail.html",
        {
            "contract": contract,
            "order": contract.order,
            "voucher": selectors.voucher_for_contract(contract),
            "words": amount_in_words(contract.amount_fen),
            "checks": contract.check_results,
            "verdict": VERDICT_LABELS.get(overall_verdict(contract.check_results))
            if contract.check_results
            else None,
            "changes": contract.changes.select_related("actor"),
            "reviewer": bool(decisions),
            "reviewer_label": role.label if role else "",
            "first_step": contract_review(pinned.version)[0],
            "chain_article": contract_review(pinned.version)[1],
            "due_on": selectors.review_due_on(contract, pinned),
            "can_edit": can_edit_contract(actor, contract),
            "can_upload": can_upload_signed(actor, contract),
            "actions": decisions,
            "window": SPLIT_WINDOW_DAYS,
        },
    )


@login_required
@post_or_back("orders:contract")
@domain_errors
def contract_action(request, pk):
    actor, contract = request.user, selectors.contract_get(actor=request.user, pk=pk)
    what = request.POST.get("action", "")
    if what == "submit":
        return _submit(request, contract)
    if what == "approve":
        contract = services.contract_approve(actor=actor, contract=contract)
        messages.success(request, gettext("合同审核通过，已生成创新券"))
    elif what == "return":
        services.contract_return(actor=actor, contract=contract, reasons=_reasons(request))
        messages.success(request, gettext("合同已退回修改"))
    elif what == "reject":
        services.contract_reject(actor=actor, contract=contract, reasons=_reasons(request))
        messages.success(request, gettext("合同不予通过"))
    else:
        raise ValidationFailed("未知的操作")
    return redirect("orders:contract", pk=contract.pk)


@login_required
def contract_pdf(request, pk):
    contract = selectors.contract_get(actor=request.user, pk=pk)
    response = HttpResponse(documents.contract_pdf(contract), content_type="application/pdf")
    name = f"科技创新券服务合同-{contract.number}.pdf"
    response["Content-Disposition"] = (
        f"attachment; filename=\"contract-{contract.number}.pdf\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
@post_or_back("orders:contract")
@domain_errors
def contract_signed(request, pk):
    contract = selectors.contract_get(actor=request.user, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationFailed("请选择签章合同扫描件（PDF、JPG 或 PNG，不超过10MB）")
    services.contract_upload_signed(actor=request.user, contract=contract, upload=upload)
    messages.success(request, gettext("签章合同已上传"))
    return redirect("orders:contract", pk=contract.pk)
