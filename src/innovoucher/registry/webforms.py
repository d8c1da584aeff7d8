"""Page helpers shared by the form views of the registry, providers, orders and redemptions.

`post_or_back`: a view that only takes POST re-renders its page on an error (at the POST URL);
reloading that page sends a GET, which must take the person back to the page the form lives on,
never a blank 405.
"""

from __future__ import annotations

import functools

from django.shortcuts import redirect


def post_or_back(to: str, kwarg: str = "pk"):
    """Require POST; a GET (a reload after a failed POST) redirects to URL name `to` with the
    same `kwarg`."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return redirect(to, **({kwarg: kwargs[kwarg]} if kwarg in kwargs else {}))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
