"""Provider supervision (Ningxia「监督管理」: 差的服务机构将通报批评并限期整改，拒不整改的，停止其
科技创新券服务工作; 评价结果为差且拒不整改的，取消科技服务机构资格) and Shaoxing 三（二）4
revocation: a measure runs rectifying → reported → closed, or — the deadline passed without an
accepted report — stopped (the admission suspended) → disqualified (the admission revoked), both
through the providers' admission services. A spot check concluded 限期整改 opens a measure on the
party the official names (the applicant or the provider of the redemption). The schedule flags a
measure whose deadline passed unanswered as overdue and tells the party and the official."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.notifications.services import notify, notify_organisation
from innovoucher.providers.services.admission import admission_transition
from innovoucher.registry.models import Organisation, OrganisationKind
from innovoucher.supervision import domain, selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.lifecycles import MEASURE
from innovoucher.supervision.models import Measure, RevocationProposal, SpotCheck
from innovoucher.supervision.permissions import require_supervisor
from innovoucher.supervision.services.common import new_number, required_text, sanction_rules
from innovoucher.supervision.states import OFFICIAL, PROVIDER, MeasureStatus
from innovoucher.workdays.services import deadline_after

# The texts set no rectification period: 30 calendar days from the notice (an assumption, ADR
# 0017); the official may set another between 5 and 90 days.
RECTIFY_DAYS = 30
RECTIFY_RANGE = (5, 90)
ADMITTED = ("admitted", "suspended")


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=Code.MEASURE_INVALID, details={"fields": {field: [message]}}
    )


def rectify_days(value) -> int:
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


def _create(
    *, actor, party: Organisation, family: str, article: str, grounds: str, n: int, check=None
) -> Measure:
    today = clock.today()
    measure = Measure.objects.create(
        number=new_number("ZG" if check is not None else "TB", today),
        provider=party,
        region_code=check.region_code if check is not None else party.region_code,
        family_slug=family,
        article=article,
        grounds=grounds,
        spot_check=check,
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
            "provider": party.pk,
            "due_on": measure.due_on.isoformat(),
            "article": measure.article,
            "spot_check": check.number if check is not None else "",
        },
    )
    _tell(
        measure,
        "限期整改通知" if check is not None else "通报批评并限期整改",
        f"依据{measure.article}，请于{domain.cn_date(measure.due_on)}前完成整改并提交整改报告。"
        f"事由：{grounds}",
    )
    return measure


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
    rule = selectors.provider_rule(family, today, "provider_measures")
    n = rectify_days(days)
    with transaction.atomic():
        return _create(
            actor=actor,
            party=provider,
            family=family,
            article=f"{rule.article}：{rule.value}" if rule is not None else cited.article,
            grounds=grounds,
            n=n,
        )


RECTIFY_PARTIES = {"applicant": "申请方", "provider": "服务机构"}


def rectify_party(check: SpotCheck, party: str | None) -> Organisation:
    """The organisation a 限期整改 of `check` is addressed to (the applicant by default)."""
    key = party or "applicant"
    if key not in RECTIFY_PARTIES:
        raise _invalid("party", "请选择整改对象（申请方或服务机构）")
    found = check.redemption.applicant if key == "applicant" else check.redemption.provider
    if found is None:
        raise _invalid("party", f"该兑付申请没有{RECTIFY_PARTIES[key]}，请选择另一整改对象")
    return found


def rectification_issue(*, actor, check: SpotCheck, party: Organisation, n: int) -> Measure:
    """Inside `check_conclude`'s transaction: the 限期整改 of a spot check, with its deadline."""
    _, cited = sanction_rules(check.redemption.family_slug, clock.today())
    findings = "；".join(f.text for f in check.findings.all())
    return _create(
        actor=actor,
        party=party,
        family=check.redemption.family_slug,
        article=cited.article,
        grounds=f"抽查 {check.number}（兑付申请 {check.redemption.number}）：{check.conclusion}。"
        f"检查发现：{findings}",
        n=n,
        check=check,
    )


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


def _require_provider(measure: Measure) -> None:
    if measure.provider.kind != OrganisationKind.PROVIDER:
        raise Conflict(
            "停止服务、取消资格只适用于服务机构；申请方拒不整改的，可追回资金或实施失信惩戒",
            code=Code.MEASURE_INVALID,
        )


def measure_stop(*, actor, measure: Measure, reasons) -> Measure:
    """拒不整改: after the deadline without an accepted report, stop the provider's voucher
    service (its admission under the policy is suspended)."""
    _require_provider(measure)
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
    _require_provider(measure)
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


def _tell_overdue(measure: Measure) -> None:
    subject = "限期整改逾期未整改"
    body = (
        f"{measure.number}（{measure.provider.name}）的整改期限{domain.cn_date(measure.due_on)}"
        f"已过，尚未提交整改报告（依据{measure.article}）"
    )
    url = reverse("supervision:measure", args=[measure.pk])
    key = f"measure:{measure.pk}:overdue"
    notify_organisation(organisation=measure.provider, subject=subject, body=body, url=url, key=key)
    notify(
        users=[measure.created_by],
        subject=subject,
        body=body,
        url=url,
        region_code=measure.region_code,
        key=f"{key}:official",
    )


def measures_flag_overdue(moment=None) -> int:
    """Measures (provider 通报整改 and spot-check 限期整改) whose deadline passed with no report
    become overdue; the party and the official who issued it are told (idempotent; tick)."""
    today = clock.today()
    changed = 0
    for measure in Measure.objects.filter(status=MeasureStatus.RECTIFYING, due_on__lt=today):
        transition_apply(
            MEASURE,
            actor=None,
            obj=measure,
            action="flag_overdue",
            by=SYSTEM,
            reasons=[f"整改期限{domain.cn_date(measure.due_on)}已过，未提交整改报告"],
            notify=_tell_overdue,
        )
        changed += 1
    return changed


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
