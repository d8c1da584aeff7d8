"""Uploads are checked by their content, not their name or the browser's claim: PDF, JPG, PNG,
Word and Excel within INNOVOUCHER_MAX_UPLOAD_MB; HTML and SVG (which can carry script) and
disguised files are refused; files are stored under random names and served as attachments
with nosniff."""

import io
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from innovoucher.core.errors import ValidationFailed
from innovoucher.registry.validation import check_upload
from testsupport.world import register_party


def _office(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


DOCX = _office({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = _office({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


@pytest.mark.parametrize(
    "name,content",
    [
        ("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        ("a.png", b"\x89PNG\r\n\x1a\n0000"),
        ("a.jpg", b"\xff\xd8\xff\xe0 JFIF"),
        ("合同.docx", DOCX),
        ("明细.xlsx", XLSX),
    ],
)
def test_real_documents_are_accepted(name, content):
    assert check_upload(SimpleUploadedFile(name, content), "材料") is not None


@pytest.mark.parametrize(
    "name,content,message",
    [
        (
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "只接受",
        ),
        ("x.html", b"<html><script>alert(1)</script></html>", "只接受"),
        ("x.pdf", b"<html><script>alert(1)</script></html>", "内容与扩展名“.pdf”不符"),
        ("x.png", b'<svg onload="alert(1)"/>', "内容与扩展名“.png”不符"),
        ("x.docx", _office({"evil.html": "<script>"}), "内容与扩展名“.docx”不符"),
        ("x.xlsx", DOCX, "内容与扩展名“.xlsx”不符"),
        ("x.docx", b"PK\x03\x04 not a zip", "内容与扩展名“.docx”不符"),
        ("x.exe", b"MZ\x90\x00", "只接受"),
        ("x.pdf", b"", "空文件"),
    ],
)
def test_script_carriers_and_disguised_files_are_refused(name, content, message):
    with pytest.raises(ValidationFailed, match=message):
        check_upload(SimpleUploadedFile(name, content), "材料")


def test_the_size_limit_comes_from_the_settings(settings):
    settings.INNOVOUCHER_MAX_UPLOAD_MB = 0.001  # about 1 KB
    big = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(ValidationFailed, match="不能超过0.0009765625MB|不能超过"):
        check_upload(big, "材料")
    settings.INNOVOUCHER_MAX_UPLOAD_MB = 10
    assert check_upload(big, "材料") is not None


HOSTILE_NAME = "../../张三 110101198001010015 <script>.pdf"


def _file_fields():
    return [
        (model, field)
        for model in apps.get_models()
        if model.__module__.startswith("innovoucher.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def test_every_upload_is_stored_under_a_random_sanitised_name():
    fields = _file_fields()
    assert len(fields) >= 8, "the walk must find the platform's file fields"
    for model, field in fields:
        stored = field.generate_filename(model(), HOSTILE_NAME)
        where = f"{model._meta.label}.{field.name}: {stored}"
        assert ".." not in stored and "<" not in stored and " " not in stored, where
        assert "张三" not in stored and "110101198001010015" not in stored, where
        assert stored.endswith(".pdf"), where
        assert stored != field.generate_filename(model(), HOSTILE_NAME), f"{where} is not random"


@pytest.mark.django_db
def test_files_are_served_as_attachments_with_nosniff_only_to_who_may_see_them(client):
    org, user = register_party("330602")
    other_org, other = register_party("330602")
    url = f"/registry/organisations/{org.pk}/licence/"
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(other)
    assert client.get(url).status_code in (403, 404)
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
