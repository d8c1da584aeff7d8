"""A signed contract is final once approved (neither party replaces it), and no `next` sends a
user off-site: every redirect target a request carries goes through `core.web.safe_next`."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from innovoucher.core.web import safe_next
from innovoucher.orders.codes import Code
from innovoucher.orders.models import OrderAttachment, ServiceContract
from innovoucher.orders.tests.conftest import approved_contract, at, place
from testsupport.world import PDF

pytestmark = pytest.mark.django_db
SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "innovoucher"


def _pdf(name="签章合同.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_signed_contract_cannot_be_replaced_after_approval_by_either_party(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w)
        contract = approved_contract(w, order)
        firm, provider = Client(), Client()
        firm.force_login(w.applicant_user)
        provider.force_login(w.provider_user)
        url = f"/orders/contracts/{contract.pk}/signed/"
        assert firm.post(url, {"file": _pdf()}).status_code == 302  # the first copy is attached
        first = ServiceContract.objects.get(pk=contract.pk).signed_copy.name
        for who in (firm, provider):
            response = who.post(url, {"file": _pdf("另一份.pdf")})
            assert response.status_code == 409
            assert response.context["code"] == Code.SIGNED_CONTRACT_FINAL
            assert "不能再替换" in response.context["message"]
            response = who.post(
                f"/orders/{order.pk}/attachments/",
                {"kind": "signed_contract", "file": _pdf("替换.pdf")},
            )
            assert response.status_code == 409
            assert response.context["code"] == Code.SIGNED_CONTRACT_FINAL
    assert ServiceContract.objects.get(pk=contract.pk).signed_copy.name == first
    kinds = list(OrderAttachment.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds == ["signed_contract"]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        " https://evil.example/",
    ],
)
def test_attachment_upload_never_redirects_off_site(make_world, target):
    w = make_world("ningxia", funded=False)
    with at("ningxia"):
        order = place(w)
        client = Client()
        client.force_login(w.applicant_user)
        response = client.post(
            f"/orders/{order.pk}/attachments/",
            {"kind": "other", "file": _pdf("附件.pdf"), "next": target},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.pk}/"


def test_safe_next_keeps_own_paths_and_refuses_the_rest():
    rf = RequestFactory()

    def nxt(value, **kw):
        return safe_next(rf.post("/x", {"next": value}), "FALLBACK", **kw)

    assert nxt("/orders/1/?tab=files") == "/orders/1/?tab=files"
    assert nxt("/orders/1/", prefix="/providers/") == "FALLBACK"
    for bad in ("https://evil.example/", "//evil.example", "/\\evil.example", "", "evil.example"):
        assert nxt(bad) == "FALLBACK", bad
    assert safe_next(rf.get("/x", {"next": "https://evil.example/"}), "F") == "F"


def test_every_next_in_the_tree_goes_through_safe_next():
    """No view reads `next` itself: a grep over the sources finds it only in core/web.py."""
    pattern = re.compile(r"""(POST|GET|data)\.get\(\s*["']next["']""")
    offenders = []
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or path.name == "web.py" and path.parent.name == "core":
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{n}")
    assert offenders == []
