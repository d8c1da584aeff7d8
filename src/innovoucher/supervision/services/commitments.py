"""Credit commitments (信用承诺, Shaoxing 四（三）: "谁承诺，谁负责"): a firm or provider signs the
commitment the policy names, dated, under the version in force; a later sanction cites it."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from innovoucher.accounts.permissions import actor_organisation_ids
from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_version, policy_version_for
from innovoucher.registry.models import Organisation
from innovoucher.registry.permissions import acts_for
from innovoucher.supervision import selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.models import CreditCommitment

RULE = "credit_commitment"  # the eligibility rule of a policy that asks for the commitment
PLEDGE = (
    "本单位承诺：所提交的登记信息、服务合同、发票、付款凭证和服务报告等材料真实、准确、完整；"
    "不虚构服务项目，不编造合同，不通过关联交易、拆分合同等方式套取创新券资金；"
    "自愿接受科技管理部门的监督检查，如有违反，愿承担追回资金、取消资格、"
    "列入科研诚信记录等全部责任。"
)


def commitment_text(family: str, on) -> tuple[str, str, str]:
    """(version code, article, text) of the commitment the policy in force asks for."""
    row = policy_version_for(family_slug=family, on=on)
    rule = None
    if row is not None:
        rule = next((r for r in engine_version(row).eligibility if r.code == RULE), None)
    if rule is None:
        message = "该政策未规定信用承诺"
        raise ValidationFailed(
            message, code=Code.NO_COMMITMENT_IN_POLICY, details={"fields": {"family": [message]}}
        )
    return row.code, rule.article, f"{rule.message}。{PLEDGE}"


def commitment_sign(*, actor, organisation: Organisation, family: str) -> CreditCommitment:
    """The party's staff sign the commitment (once per policy version)."""
    if not acts_for(actor, organisation):
        raise PermissionDenied("只有本单位的经办人可以签署信用承诺")
    today = clock.today()
    version, article, text = commitment_text(family, today)
    try:
        with transaction.atomic():
            commitment = CreditCommitment.objects.create(
                organisation=organisation,
                region_code=organisation.region_code,
                family_slug=family,
                policy_version=version,
                article=article,
                text=text,
                signed_on=today,
                signed_at=clock.now(),
                signed_by=actor,
            )
            audit.record(
                actor=actor,
                action="supervision.commitment.sign",
                obj=commitment,
                region_code=organisation.region_code,
                data={"family": family, "version": version, "article": article},
            )
    except IntegrityError:
        raise Conflict(
            f"{organisation.name}已签署该政策版本的信用承诺", code=Code.COMMITMENT_EXISTS
        ) from None
    return commitment


def commitment_ensure(*, actor, organisation: Organisation, family: str) -> CreditCommitment | None:
    """Sign the commitment the policy in force asks for unless signed already (idempotent; the
    demo and test set-ups sign this way before applying). None when the policy asks for none."""
    found = selectors.commitment_rule(family, clock.today())
    if found is None:
        return None
    signed = selectors.commitment_for_version(organisation, family, found[0])
    return signed or commitment_sign(actor=actor, organisation=organisation, family=family)


def commitment_options(actor) -> list[dict]:
    """For each organisation the actor acts for: the policies in force asking for a commitment
    and whether it is signed under the version in force."""
    today = clock.today()
    options = []
    orgs = Organisation.objects.filter(pk__in=actor_organisation_ids(actor))
    for family in PolicyFamily.objects.order_by("slug"):
        try:
            version, article, text = commitment_text(family.slug, today)
        except ValidationFailed:
            continue
        for org in orgs:
            signed = CreditCommitment.objects.filter(
                organisation=org, family_slug=family.slug, policy_version=version
            ).first()
            options.append(
                {"org": org, "family": family, "article": article, "text": text, "signed": signed}
            )
    return options
