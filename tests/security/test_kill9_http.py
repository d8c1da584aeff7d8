"""kill -9 through HTTP (issue 14, 软件容错): a finance officer exports a payment batch and imports
the bank's results, an administrator imports the State Council holiday notice, through the web
pages of a real server process; the server is SIGKILLed in the middle (between two writes of one
transaction). Nothing is half-done: the batch is still
a draft with no posting after the killed export, no payment line is half-paid after the killed
import, the ledger balances, and the retried request (on a fresh server) finishes the work once.
Extends `ledger/tests/test_concurrency_pg.py`'s in-process kill to a real process and HTTP."""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.ledger import services
from innovoucher.ledger.models import PaymentBatch, PaymentLine, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import at, funded, result_csv
from innovoucher.registry.payees import payee_ref
from innovoucher.workdays import services as workdays
from innovoucher.workdays.tests.notice_2026 import NOTICE_2026
from testsupport import make_user
from testsupport.otp import verified_login
from testsupport.world import register_party

SERVER = Path(__file__).with_name("fault_server.py")
ROOT = Path(__file__).resolve().parents[2]
# The batch posts and pays every line in one bulk transfer batch, then moves the shares: killed
# between the two, the transfers are written and not yet committed (ADR 0031).
TARGET = "innovoucher.ledger.services.payments:_shares_move"
CSRF = "k" * 32


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, fault_at: int | None = None, target: str = TARGET):
        self.port = _port()
        env = {**os.environ, "FAULT_DB_NAME": str(connection.settings_dict["NAME"])}
        if fault_at:
            env |= {"FAULT_TARGET": target, "FAULT_AT": str(fault_at)}
        self.proc = subprocess.Popen(
            [sys.executable, str(SERVER), str(self.port)], env=env, cwd=ROOT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/healthz"), timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("fault server did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def post(self, path: str, session: str, body: bytes, content_type: str):
        request = urllib.request.Request(self.url(path), data=body, method="POST")
        request.add_header("Cookie", f"sessionid={session}; csrftoken={CSRF}")
        request.add_header("X-CSRFToken", CSRF)
        request.add_header("Content-Type", content_type)
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        return opener.open(request, timeout=60)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts = [p.encode() for p in out]
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _session(user) -> str:
    """A session that passed the TOTP step: the server runs with the second factor enforced."""
    return verified_login(Client(), user).cookies["sessionid"].value


@pytest.fixture
def batch(transactional_db):
    officer = make_user(
        "fin_kill", grants=[(Role.FINANCE_OFFICER, r) for r in ("140000", "140100")]
    )
    funded(officer, "140000", 100 * 1_000_00, region="140100")
    funded(officer, "140100", 100 * 1_000_00)
    # The server process asks the registry for the payee's account at export: a registered
    # party whose account was reviewed with its registration (otherwise every line is held).
    reviewer = make_user("rev_kill", Role.COUNTY_REVIEWER, "140105")
    org, _ = register_party("140105", reviewer=reviewer, commit=False)
    payee = services.Payee("applicant", org.name, org.bank_account_masked, ref=payee_ref(org))
    for i in range(6):
        services.claim_reserve(
            actor=officer,
            reference=f"redemption:kill:{i}",
            region_code="140105",
            fiscal_year=2026,
            shares={"province": 1_000_00, "city": 1_000_00},
            payee=payee,
            completed_at=at(1, minute=i),
        )
    created = services.batch_create(
        actor=officer, payer_region="140100", cadence="monthly", period="2026-05"
    )
    assert not created.lines.exclude(hold_reason="").exists()
    return created, _session(officer)


def _killed(server: Server, call) -> None:
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        call()
    assert server.proc.wait(timeout=30) == -signal.SIGKILL


def _no_half_payment(batch):
    for line in PaymentLine.objects.filter(batch=batch):
        paid = Transfer.objects.filter(code="pay", reference=line.claim.reference).count()
        assert paid in (0, 2), f"{line.code}: {paid} of 2 shares paid"
        assert (line.status == "paid") == (paid == 2)


def test_kill9_during_export_and_import_through_http_leaves_nothing_half_done(batch):
    batch, session = batch
    transfers_before = Transfer.objects.count()
    export = f"/finance/batches/{batch.pk}/export/"
    body, ctype = b"format=csv", "application/x-www-form-urlencoded"

    server = Server(fault_at=1)  # every share posted, none moved reserved → payable
    _killed(server, lambda: server.post(export, session, body, ctype))
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.DRAFT
    assert Transfer.objects.count() == transfers_before  # no posting survived the crash
    assert ledger_verify().ok

    server = Server()
    try:
        exported = server.post(export, session, body, ctype).read()
    finally:
        server.stop()
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.EXPORTED and exported
    assert ledger_verify().ok

    content = result_csv(batch)
    form, ctype = _multipart({}, {"file": ("回执.csv", content)})
    imp = f"/finance/batches/{batch.pk}/import/"
    server = Server(fault_at=1)  # every share paid in the ledger, none moved to paid
    _killed(server, lambda: server.post(imp, session, form, ctype))
    _no_half_payment(batch)
    assert ledger_verify().ok

    server = Server()
    try:
        for _ in range(2):  # the retry, and a retry of the retry: each line paid once
            assert server.post(imp, session, form, ctype).status == 200
    finally:
        server.stop()
    assert PaymentLine.objects.filter(batch=batch, status="paid").count() == 6
    assert Transfer.objects.filter(code="pay").values("key").distinct().count() == 12
    assert Transfer.objects.filter(code="pay").count() == 12
    _no_half_payment(batch)
    with clock.frozen_now(at(20)):
        assert ledger_verify().ok


def test_kill9_during_the_holiday_notice_import_through_http_leaves_the_year_whole(
    transactional_db,
):
    admin = make_user("cal_kill")
    type(admin).objects.filter(pk=admin.pk).update(is_staff=True)
    calendar = workdays.calendar_year_import(actor=admin, year=2026, text=NOTICE_2026)
    days = sorted(calendar.days.values_list("date", "kind"))
    assert days
    session = _session(admin)
    body = urlencode({"year": "2026", "text": NOTICE_2026}).encode()
    ctype = "application/x-www-form-urlencoded"

    # notice_title is called once before and once after the old days are deleted.
    server = Server(fault_at=2, target="innovoucher.workdays.services:notice_title")
    _killed(server, lambda: server.post("/calendar/import/", session, body, ctype))
    calendar.refresh_from_db()
    assert sorted(calendar.days.values_list("date", "kind")) == days  # not half-replaced
    assert calendar.complete

    server = Server()
    try:
        assert server.post("/calendar/import/", session, body, ctype).status == 200
    finally:
        server.stop()
    assert sorted(calendar.days.values_list("date", "kind")) == days
