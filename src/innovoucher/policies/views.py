from django.shortcuts import render

from innovoucher.policies import selectors
from innovoucher.policies.presentation import version_rows


def family_list(request):
    return render(
        request, "policies/family_list.html", {"families": selectors.policy_family_list()}
    )


def family_detail(request, slug):
    family = selectors.policy_family_get(slug=slug)
    return render(
        request,
        "policies/family_detail.html",
        {"family": family, "versions": selectors.policy_version_list(family=family)},
    )


def version_detail(request, code):
    version = selectors.policy_version_get(code=code)
    return render(
        request,
        "policies/version_detail.html",
        {
            "version": version,
            "sections": version_rows(version.document),
            "assumptions": version.document.get("assumptions", []),
        },
    )
