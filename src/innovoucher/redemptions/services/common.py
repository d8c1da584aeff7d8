"""What the redemption services share, below all of them: the policy's region, links to the
pages, document serial numbers and telling the claimant. No service module is imported here."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from innovoucher.notifications.services import notify_organisation
from innovoucher.policies.services import engine_family
from innovoucher.redemptions import domain
from innovoucher.redemptions.models import Redemption


def policy_region(redemption: Redemption) -> str:
    """The region of the redemption's policy (the body whose reviewers act for the policy)."""
    return engine_family(redemption.family_slug).region


def url_for(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the pages are not mounted (a service used from a script)
        return ""


def redemption_url(redemption: Redemption) -> str:
    return f"/redemptions/{redemption.pk}/"


def next_serial(model, prefix: str, year: int) -> int:
    """The next serial of `<prefix>〔<year>〕<n>号` numbers among `model`'s rows."""
    head = f"{prefix}〔{year}〕"
    numbers = model.objects.filter(number__startswith=head).values_list("number", flat=True)
    serials = [
        int(n[len(head) : -1]) for n in numbers if n.endswith("号") and n[len(head) : -1].isdigit()
    ]
    return max(serials, default=0) + 1


def notify_claimant(redemption: Redemption, *, subject: str, body: str, key: str) -> None:
    """Tell the claimant (and the service user, when the provider claims)."""
    parties = [
        redemption.provider if redemption.claimant_kind == domain.PROVIDER else redemption.applicant
    ]
    if redemption.submitted_via_id:
        parties.append(redemption.submitted_via)
    if redemption.claimant_kind == domain.PROVIDER:
        parties.append(redemption.applicant)
    for org in parties:
        notify_organisation(
            organisation=org,
            subject=subject,
            body=body,
            url=redemption_url(redemption),
            key=f"{key}:{org.pk}",
        )
