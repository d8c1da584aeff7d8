"""Navigation for every page: the public portal row and the person's own workspace row.

Entries come from the apps' nav.py modules (portal/navigation.py); who sees which entry follows
the roles the person holds. One query per request at most (the roles), cached on the request.
"""

from innovoucher.portal.navigation import menu_for
from innovoucher.portal.selectors import active_role_names

_CACHE = "_innovoucher_nav"


def _active(url: str, path: str) -> bool:
    return (url == "/" and path == "/") or (url != "/" and path.startswith(url))


def navigation(request):
    cached = getattr(request, _CACHE, None)
    if cached is None:
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        portal, work = menu_for(
            authenticated=authenticated,
            roles=active_role_names(user) if authenticated else (),
            staff=authenticated and user.is_staff,
            superuser=authenticated and user.is_superuser,
        )
        path = request.path
        # The longest matching URL is the current page (/finance/ must not light up on
        # /finance/ledger/).
        best = max(
            (i["url"] for i in portal + work if _active(i["url"], path)), key=len, default=None
        )
        for item in portal + work:
            item["active"] = item["url"] == best
        cached = {"nav_items": portal, "work_nav_items": work, "staff_nav_items": []}
        setattr(request, _CACHE, cached)
    return cached
