"""Registry pages: parse input, call one service or selector, render. No rules here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innovoucher.accounts.permissions import actor_assignments, actor_has_role
from innovoucher.accounts.roles import REGISTRY_READER_ROLES, Role
from innovoucher.core import clock
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import (
    apply_errors,
    domain_errors,
    file_response,
    paginate,
    safe_next,
    zh,
)
from innovoucher.registry import selectors, services
from innovoucher.registry.forms import (
    AccountForm,
    AffiliationForm,
    BankForm,
    ContactForm,
    ControllerForm,
    FactForm,
    OrganisationForm,
    RelationCheckForm,
    ReviewForm,
    ShareholderForm,
    VerifyForm,
)
from innovoucher.registry.models import Organisation, OrganisationKind
from innovoucher.registry.payees import account_problem
from innovoucher.registry.permissions import (
    acts_for,
    can_edit,
    can_reveal,
    can_review,
    is_registration_reviewer,
    registration_actions_for,
)
from innovoucher.registry.relations import related
from innovoucher.registry.states import REVIEWER, RegistrationStatus
from innovoucher.registry.webforms import post_or_back


def _offers(actions, by: str) -> bool:
    return any(t.by == by for t in actions)


def _data(form: OrganisationForm) -> services.RegistrationData:
    fields = {k: v for k, v in form.cleaned_data.items() if k != "licence"}
    return services.RegistrationData(
        **{
            k: (v if v is not None else ("" if k != "host_incubator_id" else None))
            for k, v in fields.items()
        }
    )


@domain_errors
def register(request):
    incubators = selectors.incubators_all()
    org_form = OrganisationForm(request.POST or None, request.FILES or None, incubators=incubators)
    account_form = AccountForm(request.POST or None)
    if request.method == "POST" and org_form.is_valid() and account_form.is_valid():
        account = services.AccountData(**account_form.cleaned_data)
        try:
            org = services.organisation_register(
                actor=None,
                data=_data(org_form),
                account=account,
                licence=request.FILES.get("licence"),
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, org_form, account_form)
        else:
            login(request, org.created_by, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("登记已提交，所在地科技管理部门将在5个工作日内完成审核。"))
            return redirect("registry:organisation", pk=org.pk)
    return render(
        request,
        "registry/register.html",
        {"form": org_form, "account_form": account_form, "team_only": False},
    )


@login_required
@domain_errors
def team_register(request):
    """An incubator agent registers a resident team (the team has no account of its own)."""
    if not actor_has_role(request.user, Role.INCUBATOR_AGENT):
        raise PermissionDenied("只有孵化载体经办人可以代入驻团队登记")
    form = OrganisationForm(request.POST or None)
    for name in ("kind", "uscc", "provider_kind", "host_incubator_id", "licence"):
        del form.fields[
            name
        ]  # a team has no credit code or licence; its host is the agent's incubator
    if request.method == "POST" and form.is_valid():
        data = _data(form)
        data.kind = OrganisationKind.TEAM
        try:
            org = services.organisation_register(actor=request.user, data=data)
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, format_html(_("已为“{}”提交登记。"), zh(org.name)))
            return redirect("registry:organisation", pk=org.pk)
    return render(request, "registry/register.html", {"form": form, "team_only": True})


@login_required
def workspace(request):
    actor = request.user
    reviewer = is_registration_reviewer(actor)
    context = {
        "assignments": actor_assignments(actor),
        "my_orgs": selectors.organisation_list_for_party(actor=actor),
        "expiring": selectors.facts_expiring(actor=actor),
        "queue": selectors.registration_queue_for_reviewer(actor=actor) if reviewer else [],
        "pending_facts": list(selectors.fact_list_for_reviewer(actor=actor)[:50])
        if reviewer
        else [],
        "is_reviewer": reviewer,
        "is_reader": actor_has_role(actor, *REGISTRY_READER_ROLES),
        "is_incubator_agent": actor_has_role(actor, Role.INCUBATOR_AGENT),
        "is_security_admin": actor_has_role(actor, Role.SECURITY_ADMIN) or actor.is_superuser,
    }
    return render(request, "registry/workspace.html", context)


ORGANISATION_SORTS = Sorting(
    Sort("name", gettext_lazy("名称"), "name_pinyin"),
    Sort("kind", gettext_lazy("类型"), "kind"),
    Sort("region", gettext_lazy("地区"), "region_code"),
    Sort("status", gettext_lazy("状态"), "status"),
    Sort("created", gettext_lazy("创建时间"), "created_at"),
    default="-created",
)


@login_required
@domain_errors
def organisation_list(request):
    actor = request.user
    status, kind, search = (
        request.GET.get("status", ""),
        request.GET.get("kind", ""),
        request.GET.get("q", ""),
    )
    qs = selectors.organisation_list_for_reviewer(
        actor=actor, status=status, kind=kind, search=search
    )
    qs, sorting = ORGANISATION_SORTS.apply(request, qs)
    page = paginate(request, qs)
    return render(
        request,
        "registry/organisation_list.html",
        {
            "page": page,
            "sorting": sorting,
            "status": status,
            "kind": kind,
            "q": search,
            "statuses": RegistrationStatus.choices,
            "kinds": OrganisationKind.choices,
        },
    )


def _detail_context(request, org: Organisation, **extra) -> dict:
    actor = request.user
    return {
        "org": org,
        "changes": selectors.registration_changes(actor=actor, organisation_id=org.pk),
        "review_form": extra.pop("review_form", None)
        or (ReviewForm() if _offers(registration_actions_for(actor, org), REVIEWER) else None),
        "acts_for": acts_for(actor, org),
        "can_edit": can_edit(actor, org),
        "can_reveal": can_reveal(actor, org),
        "contact_form": extra.pop("contact_form", None)
        or ContactForm(
            initial={
                "contact_name": org.contact_name,
                "contact_phone": org.contact_phone,
                "contact_email": org.contact_email,
            }
        ),
        "bank_form": extra.pop("bank_form", None)
        or BankForm(initial={"bank_name": org.bank_name, "account_name": org.bank_account_name}),
        "deadline": selectors.review_deadline(org),
        "bank_problem": account_problem(org),
        **extra,
    }


@login_required
@domain_errors
def organisation_detail(request, pk):
    org = selectors.organisation_get(actor=request.user, pk=pk)
    return render(request, "registry/organisation_detail.html", _detail_context(request, org))


@login_required
@post_or_back("registry:organisation")
@domain_errors
def organisation_review(request, pk):
    org = selectors.organisation_get(actor=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        reasons = [line for line in form.cleaned_data["reasons"].splitlines() if line.strip()]
        try:
            services.registration_review(
                actor=request.user,
                organisation=org,
                action=form.cleaned_data["action"],
                reasons=reasons,
                note=form.cleaned_data["note"],
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
        else:
            messages.success(
                request,
                format_html(
                    _("已{}：{}"),
                    dict(form.fields["action"].choices)[form.cleaned_data["action"]],
                    zh(org.name),
                ),
            )
            return redirect("registry:organisation", pk=org.pk)
    return render(
        request,
        "registry/organisation_detail.html",
        _detail_context(request, org, review_form=form),
        status=422,
    )


@login_required
@domain_errors
def organisation_resubmit(request, pk):
    org = selectors.organisation_get(actor=request.user, pk=pk)
    if not acts_for(request.user, org):
        raise NotFound(selectors.NOT_FOUND)
    initial = {f: getattr(org, f) for f in services.registration.RESUBMIT_FIELDS}
    initial.update(kind=org.kind, host_incubator_id=org.host_incubator_id)
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        incubators=selectors.incubators_all(),
    )
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_resubmit(
                actor=request.user,
                organisation=org,
                data=_data(form),
                licence=request.FILES.get("licence"),
                note=request.POST.get("note", ""),
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("已重新提交，等待审核。"))
            return redirect("registry:organisation", pk=org.pk)
    last_return = selectors.registration_last_return(actor=request.user, organisation_id=org.pk)
    return render(
        request, "registry/resubmit.html", {"org": org, "form": form, "last_return": last_return}
    )


@login_required
@post_or_back("registry:organisation")
@domain_errors
def organisation_contact(request, pk):
    org = selectors.organisation_get(actor=request.user, pk=pk)
    form = ContactForm(request.POST)
    if not form.is_valid():  # too long, NUL: the form says which field, nothing is saved
        return _detail_invalid(request, org, contact_form=form)
    try:
        services.organisation_update_contact(
            actor=request.user, organisation=org, **form.cleaned_data
        )
    except (ValidationFailed, Conflict) as exc:
        apply_errors(exc, form)
        return render(
            request,
            "registry/organisation_detail.html",
            _detail_context(request, org, contact_form=form),
            status=422,
        )
    messages.success(request, _("联系人信息已更新。"))
    return redirect("registry:organisation", pk=org.pk)


def _detail_invalid(request, org, **forms):
    messages.error(request, _("提交的内容有误，请按提示修改后重新提交。"))
    return render(
        request,
        "registry/organisation_detail.html",
        _detail_context(request, org, **forms),
        status=422,
    )


@login_required
@post_or_back("registry:organisation")
@domain_errors
def organisation_bank(request, pk):
    org = selectors.organisation_get(actor=request.user, pk=pk)
    form = BankForm(request.POST)
    if not form.is_valid():
        return _detail_invalid(request, org, bank_form=form)
    try:
        services.organisation_set_bank_account(
            actor=request.user, organisation=org, **form.cleaned_data
        )
    except Conflict as exc:  # approved: a new account is a change filing, reviewed first
        messages.error(request, exc.message)
        return redirect("registry:filings_of", pk=org.pk)
    except ValidationFailed as exc:
        apply_errors(exc, form)
        return render(
            request,
            "registry/organisation_detail.html",
            _detail_context(request, org, bank_form=form),
            status=422,
        )
    messages.success(request, _("收款账户已保存，将随主体登记一并审核；审核通过后方可用于拨付。"))
    return redirect("registry:organisation", pk=org.pk)


@login_required
@domain_errors
def organisation_licence(request, pk):
    org = selectors.organisation_get(actor=request.user, pk=pk)
    return file_response(org.licence, "营业执照")


@login_required
@domain_errors
def fact_evidence(request, pk):
    fact = selectors.fact_get(actor=request.user, pk=pk)
    return file_response(fact.evidence_file, "证明材料")


@login_required
@domain_errors
def organisation_facts(request, pk):
    actor = request.user
    org = selectors.organisation_get(actor=actor, pk=pk)
    form = FactForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.fact_record(
                actor=actor,
                organisation=org,
                evidence_file=request.FILES.get("evidence_file"),
                **{k: v for k, v in form.cleaned_data.items() if k != "evidence_file"},
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
            status = 422
        else:
            messages.success(request, _("资格信息已登记。"))
            return redirect("registry:facts", pk=org.pk)
    facts = [
        (f, services.fact_value_display(f))
        for f in selectors.fact_list(actor=actor, organisation_id=org.pk)
    ]
    return render(
        request,
        "registry/facts.html",
        {
            "org": org,
            "facts": facts,
            "form": form,
            "can_edit": can_edit(actor, org),
            "can_review": can_review(actor, org),
            "verify_form": VerifyForm(),
            "quote_facts": selectors.organisation_quote_facts(organisation=org, on=clock.today()),
        },
        status=status,
    )


@login_required
@post_or_back("registry:workspace", kwarg="")
@domain_errors
def fact_verify(request, pk):
    fact = selectors.fact_get(actor=request.user, pk=pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed("请选择核验结论")
    services.fact_verify(
        actor=request.user,
        fact=fact,
        accept=form.cleaned_data["accept"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("核验结果已保存。"))
    back = safe_next(request)
    return redirect(back) if back else redirect("registry:facts", pk=fact.organisation_id)


_PARTY_FORMS = {
    "shareholder": ShareholderForm,
    "controller": ControllerForm,
    "affiliation": AffiliationForm,
}


@login_required
@domain_errors
def organisation_parties(request, pk):
    actor = request.user
    org = selectors.organisation_get(actor=actor, pk=pk)
    forms_ = {name: cls(prefix=name) for name, cls in _PARTY_FORMS.items()}
    status = 200
    which = request.POST.get("form") if request.method == "POST" else None
    if which in _PARTY_FORMS:
        form = forms_[which] = _PARTY_FORMS[which](request.POST, prefix=which)
        if form.is_valid():
            call = {
                "shareholder": services.shareholder_add,
                "controller": services.controller_set,
                "affiliation": services.affiliation_add,
            }[which]
            try:
                call(actor=actor, organisation=org, **form.cleaned_data)
            except (ValidationFailed, Conflict) as exc:
                apply_errors(exc, form)
                status = 422
            else:
                messages.success(request, _("关联方信息已保存。"))
                return redirect("registry:parties", pk=org.pk)
    return render(
        request,
        "registry/parties.html",
        {
            "org": org,
            "forms": forms_,
            "can_edit": can_edit(actor, org),
            "can_reveal": can_reveal(actor, org),
            "shareholders": selectors.shareholder_list(actor=actor, organisation_id=org.pk),
            "controller": selectors.controller_get(actor=actor, organisation_id=org.pk),
            "affiliations": selectors.affiliation_list(actor=actor, organisation_id=org.pk),
        },
        status=status,
    )


@login_required
@post_or_back("registry:workspace", kwarg="")
@domain_errors
def shareholder_remove(request, pk):
    holder = selectors.shareholder_get(actor=request.user, pk=pk)
    services.shareholder_remove(actor=request.user, shareholder=holder)
    messages.success(request, _("已删除股东记录。"))
    return redirect("registry:parties", pk=holder.organisation_id)


@login_required
@post_or_back("registry:parties")
@domain_errors
def controller_clear(request, pk):
    org = selectors.organisation_get(actor=request.user, pk=pk)
    services.controller_clear(actor=request.user, organisation=org)
    messages.success(request, _("已删除实际控制人记录。"))
    return redirect("registry:parties", pk=org.pk)


@login_required
@post_or_back("registry:workspace", kwarg="")
@domain_errors
def affiliation_remove(request, pk):
    affiliation = selectors.affiliation_get(actor=request.user, pk=pk)
    services.affiliation_remove(actor=request.user, affiliation=affiliation)
    messages.success(request, _("已删除关联关系。"))
    return redirect("registry:parties", pk=affiliation.organisation_id)


_REVEAL_TARGETS = {
    "organisation": lambda actor, pk: selectors.organisation_get(actor=actor, pk=pk),
    "shareholder": lambda actor, pk: selectors.shareholder_get(actor=actor, pk=pk),
    "controller": lambda actor, pk: selectors.controller_get_by_pk(actor=actor, pk=pk),
}


@login_required
@require_POST
@domain_errors
def pii_reveal(request):
    """Show one number unmasked (an htmx fragment); the service writes the audit event."""
    loader = _REVEAL_TARGETS.get(request.POST.get("model", ""))
    if loader is None:
        raise NotFound("记录不存在")
    obj = loader(request.user, request.POST.get("pk"))
    value = services.pii_reveal(actor=request.user, obj=obj, field=request.POST.get("field", ""))
    return HttpResponse(
        format_html('<span class="pii revealed" title="{}">{}</span>', _("已记录查看日志"), value)
    )


@login_required
@domain_errors
def relation_check(request):
    """Officials check whether two organisations in their region are related."""
    actor = request.user
    form = RelationCheckForm(request.GET or None)
    result = None
    pair = None
    if form.is_valid():
        pair = [
            selectors.organisation_find_for_reviewer(actor=actor, text=form.cleaned_data[k])
            for k in ("a", "b")
        ]
        result = related(*pair)
    return render(
        request, "registry/relation_check.html", {"form": form, "result": result, "pair": pair}
    )
