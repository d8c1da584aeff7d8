"""Shared checks for the English interface (issue 15): find Chinese text a page shows outside
elements marked lang="zh-Hans" (names, titles and texts typed in Chinese, policy quotes), and
walk a list of pages in English. Every app's `tests/test_english.py` uses these."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.conf import settings

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
TEXT_ATTRS = ("aria-label", "title", "placeholder", "alt", "data-confirm")


class _Untranslated(HTMLParser):
    """Collects Chinese text outside lang="zh-…" elements, scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _zh(self) -> bool:
        return any(z for _, z in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # <title> may end with a record's own name (it cannot carry lang); its fixed part is
        # the same translated string as the page's heading.
        zh = (a.get("lang") or "").lower().startswith("zh") or tag in ("script", "style", "title")
        inside = self._zh() or zh
        if not inside:
            for name in TEXT_ATTRS:
                if a.get(name) and CJK.search(a[name]):
                    self.found.append(f"<{tag} {name}={a[name]!r}>")
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                if CJK.search(a["value"]):
                    self.found.append(f"<input value={a['value']!r}>")
        if tag not in VOID:
            self.stack.append((tag, zh))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if not self._zh() and CJK.search(data):
            self.found.append(data.strip())


def untranslated(html: str) -> list[str]:
    """The Chinese strings of `html` shown outside lang="zh-Hans" elements."""
    p = _Untranslated()
    p.feed(html)
    return p.found


def switch_to_english(client) -> None:
    """Choose English the way a person does (the header switch); the cookie lasts the session."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"


def english_problems(client, urls, *, allowed=(200,)) -> dict[str, list[str]]:
    """GET every url in English and return {url: untranslated strings}; a status outside
    `allowed` or a page not served as English is reported as a problem too."""
    problems: dict[str, list[str]] = {}
    for url in urls:
        response = client.get(url)
        if response.status_code not in allowed:
            problems[url] = [f"HTTP {response.status_code}"]
            continue
        html = response.content.decode()
        if '<html lang="en">' not in html:
            problems[url] = ["page not served in English"]
            continue
        found = untranslated(html)
        if found:
            problems[url] = found
    return problems
