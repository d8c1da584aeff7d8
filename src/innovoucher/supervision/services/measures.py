"""Provider supervision (Ningxia「监督管理」: 差的服务机构将通报批评并限期整改，拒不整改的，停止其
科技创新券服务工作; 评价结果为差且拒不整改的，取消科技服务机构资格) and Shaoxing 三（二）4
revocation: a measure runs rectifying → reported → closed, or — the deadline passed without an
accepted report — stopped (the admission suspended) → disqualified (the admission revoked), both
through the providers' admission services."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.lifecycle import transition_apply
from innovoucher.notifications.services import notify_organisation
from innovoucher.providers.services.admission import admission_transition
from innovoucher.registry.models import Organisation, OrganisationKind
from innovoucher.supervision import domain, selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.lifecycles import MEASURE
from innovoucher.supervision.models import Measure, RevocationProposal
from innovoucher.supervision.permissions import require_supervisor
from innovoucher.supervision.services.common import new_number, required_text, sanction_rules
from innovoucher.supervision.states import OFFICIAL, PROVIDER
from innovoucher.workdays.services import deadline_after

# The texts set no rectification period: 30 calendar days from the notice (an assumption, ADR
# 0017); the official may set another between 5 and 90 days.
RECTIFY_DAYS = 30
RECTIFY_RANGE = (5, 90)
ARTICLES = {
    "ningxia": "「监督管理」：差的服务机构将通报批评并限期整改，拒不整改的，停止其科技创新券服务工作",
}
ADMITTED = ("admitted", "suspended")


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=Code.MEASURE_INVALID, details={"fields": {field: [message]}}
    )


def _days(value) -> int:
    if value in (None, ""):
        return RECTIFY_DAYS
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not RECTIFY_RANGE[0] <= days <= RECTIFY_RANGE[1]:
        raise _invalid("days", f"整改期限须为 {RECTIFY_RANGE[0]} 至 {RECTIFY_RANGE[1]} 天")
    return days


def _tell(measure: Measure, subject: str, body: str) -> None:
    transaction.on_commit(
        lambda: notify_organisation(
            organisation=measure.provider,
            subject=subject,
            body=body,
            url=reverse("supervision:measure", args=[measure.pk]),
            key=f"measure:{measure.pk}:{measure.status}",
        )
    )


def measure_issue(
    *, actor, provider: Organisation, family: str, grounds: str, days=None
) -> Measure:
    """通报批评并限期整改 of a poorly rated provider, with the rectification deadline."""
    if provider is None or provider.kind != OrganisationKind.PROVIDER:
        raise _invalid("provider", "请选择被通报的服务机构")
    require_supervisor(actor, provider.region_code)
    grounds = required_text(
        grounds, "grounds", "通报事由（如绩效评价结果为差）", Code.MEASURE_INVALID
    )
    today = clock.today()
    _, cited = sanction_rules(family, today)
    n = _days(days)
    with transaction.atomic():
        measure = Measure.objects.create(
            number=new_number("TB", today),
            provider=provider,
            region_code=provider.region_code,
            family_slug=family,
            article=ARTICLES.get(family, cited.article),
            grounds=grounds,
            due_on=deadline_after(today, n, "calendar"),
            created_by=actor,
            created_at=clock.now(),
        )
        audit.record(
            actor=actor,
            action="supervision.measure.issue",
            obj=measure,
            region_code=measure.region_code,
            data={
                "number": measure.number,
                "provider": provider.pk,
                "due_on": measure.due_on.isoformat(),
                "article": measure.article,
            },
        )
        _tell(
            measure,
            "通报批评并限期整改",
            f"依据{measure.article}，请于{domain.cn_date(measure.due_on)}前完成整改并提交整改报告。"
            f"事由：{grounds}",
        )
    return measure


def measure_report(*, actor, measure: Measure, report: str) -> Measure:
    """The provider's staff submit the rectification report."""
    text = required_text(report, "report", "整改报告", Code.MEASURE_INVALID)
    return transition_apply(
        MEASURE,
        actor=actor,
        obj=measure,
        action="report",
        by=PROVIDER,
        values={"report": text, "reported_at": clock.now()},
        audit_data={"report": text[:200]},
    )


def measure_decide(*, actor, measure: Measure, accept: bool, reasons=()) -> Measure:
    """The official accepts the rectification (closed) or sends it back (rectifying)."""
    return transition_apply(
        MEASURE,
        actor=actor,
        obj=measure,
        action="accept" if accept else "reject",
        by=OFFICIAL,
        reasons=reasons,
    )


def _admissions(actor, measure: Measure, action: str, reasons: list[str]) -> int:
    moved = 0
    sources = ("admitted",) if action == "suspend" else ADMITTED
    for admission in selectors.admissions_in(measure.provider, measure.family_slug, sources):
        admission_transition(actor=actor, admission=admission, action=action, reasons=reasons)
        moved += 1
    return moved


def measure_stop(*, actor, measure: Measure, reasons) -> Measure:
    """拒不整改: after the deadline without an accepted report, stop the provider's voucher
    service (its admission under the policy is suspended)."""
    if clock.today() <= measure.due_on:
        raise Conflict(
            f"整改期限至{domain.cn_date(measure.due_on)}，期满未整改到位方可停止服务",
            code=Code.MEASURE_INVALID,
        )
    cited = [f"{r}（{measure.number}，{measure.article}）" for r in reasons if str(r).strip()]
    return transition_apply(
        MEASURE,
        actor=actor,
        obj=measure,
        action="stop",
        by=OFFICIAL,
        reasons=reasons,
        after=lambda obj: _admissions(actor, obj, "suspend", cited),
    )


def measure_disqualify(*, actor, measure: Measure, reasons) -> Measure:
    """取消资格: the provider's admission under the policy is revoked."""
    cited = [f"{r}（{measure.number}，{measure.article}）" for r in reasons if str(r).strip()]
    return transition_apply(
        MEASURE,
        actor=actor,
        obj=measure,
        action="disqualify",
        by=OFFICIAL,
        reasons=reasons,
        after=lambda obj: _admissions(actor, obj, "revoke", cited),
    )


def revocation_execute(*, actor, proposal: RevocationProposal, reasons) -> RevocationProposal:
    """Shaoxing 三（二）4: the county bureau revokes the admission a proposal names (repeated
    complaints, violations or a dishonesty listing), through the providers' admission service."""
    require_supervisor(actor, proposal.region_code)
    reasons = [str(r).strip() for r in reasons or () if str(r).strip()]
    if not reasons:
        raise _invalid("reasons", "请填写撤销入库的理由")
    if proposal.executed_at is not None:
        raise Conflict("该建议已办理，服务机构入库资格已撤销", code=Code.MEASURE_INVALID)
    basis = proposal.basis or "多次被投诉服务质量（" + "、".join(proposal.complaint_numbers) + "）"
    cited = [f"{r}（{basis}，{proposal.article}）" for r in reasons]
    with transaction.atomic():
        if not RevocationProposal.objects.filter(pk=proposal.pk, executed_at__isnull=True).update(
            executed_at=clock.now()
        ):
            raise Conflict("该建议已办理", code=Code.MEASURE_INVALID)
        moved = 0
        for admission in selectors.admissions_in(proposal.provider, proposal.family_slug, ADMITTED):
            admission_transition(actor=actor, admission=admission, action="revoke", reasons=cited)
            moved += 1
        audit.record(
            actor=actor,
            action="supervision.revocation.execute",
            obj=proposal,
            region_code=proposal.region_code,
            data={"provider": proposal.provider_id, "admissions": moved, "reasons": reasons},
        )
    proposal.refresh_from_db()
    return proposal
