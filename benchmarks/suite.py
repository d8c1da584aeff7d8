"""`make bench`: the platform measured as ratios to a reference taken in the same run.

1. write path — redemption approvals with fund reservation (approve transition + ledger claim and
   transfers + audit + status) per second through the services, 8 threads on PostgreSQL, against
   pgbench TPC-B with 8 clients on the same server;
2. HTTP — locust headless, 64 users, against `innovoucher serve` (granian workers + the task
   worker) on PostgreSQL with the demo data: req/s, p50, p99 for each page, and the ratio to the
   trivial view `/healthz` through the same server and middleware;
3. statistics — the dashboard's selectors and the public statistics (with complementary
   suppression) over 1,000,000 orders and redemptions bulk-inserted with INSERT … SELECT over
   generate_series (`benchmarks/stats_volume.py`), against the bare SQL aggregate of the same
   groups in the same process: seconds and the ratio;
4. a national year — `innovoucher ledger verify` over 34 provincial budgets and 1,000,000 paid
   redemptions with their ledger rows (`benchmarks/national_volume.py`), and the size on disk of
   each ledger table, its indexes and the database.
5. payment batch — 100,000 lines created, exported and settled by their bank result through the
   services (`benchmarks/batch_volume.py`), against COPY of the same rows out and in.

Results: a table on stdout, `var/bench/results.md` and `var/bench/results.json`.
Databases: `innov_perf_bench_*` on BENCH_PG (default postgres://postgres@127.0.0.1:5432), created
and dropped by the run. Options: `--only write|http|stats|national|batch`, `--seconds N` per
HTTP page,
`--approvals N`, `--orders N` (statistics; default 1,000,000), `--redemptions N` (national year;
default 1,000,000), `--lines N` (payment batch; default 100,000).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PY = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PREFIX = os.environ.get("BENCH_DB_PREFIX", "innov_perf_bench")


# --- helpers --------------------------------------------------------------------------------------


def _pg_args() -> list[str]:
    u = urllib.parse.urlparse(PG)
    return [
        "-h",
        u.hostname or "127.0.0.1",
        "-p",
        str(u.port or 5432),
        "-U",
        u.username or "postgres",
    ]


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", *_pg_args(), "-d", "postgres", "-qc", sql], check=True, capture_output=True
    )


def _fresh_db(name: str) -> str:
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{name}"')
    return f"{PG}/{name}"


def _drop_db(name: str) -> None:
    try:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except subprocess.CalledProcessError as exc:
        print(f"  (could not drop {name}: {exc.stderr.decode().strip()})")


def _env(db_url: str, **extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "INNOVOUCHER_VAR_DIR": str(OUT / "state"),
        "DJANGO_SETTINGS_MODULE": "innovoucher.settings",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- 1. write path --------------------------------------------------------------------------------

APPROVALS_CHILD = r"""
import json, os, sys, threading, time
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from innovoucher.core import clock
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.services.outcome import review_passed
from innovoucher.redemptions.states import RedemptionStatus
from testsupport.world import START, build_world
from innovoucher.redemptions.tests.publicity_support import redemption_in_review

n, threads = int(sys.argv[1]), int(sys.argv[2])
call_command("migrate", verbosity=0)
call_command("setup_platform", verbosity=0)
family = "ningxia"  # no publicity: the last approval reserves the money at once
with clock.frozen_now(START[family]):
    world = build_world(family)
    ids = [redemption_in_review(world, subsidy_fen=5_000).pk for _ in range(n)]
reviewer = world.officials["province"]
connection.close()
queue, lock, errors = list(ids), threading.Lock(), []

def work():
    try:
        while True:
            with lock:
                if not queue:
                    return
                pk = queue.pop()
            review_passed(actor=reviewer, redemption=Redemption.objects.get(pk=pk))
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

with clock.frozen_now(START[family]):
    pool = [threading.Thread(target=work) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in pool: t.start()
    for t in pool: t.join()
    elapsed = time.perf_counter() - t0
statuses = {}
for s in Redemption.objects.filter(pk__in=ids).values_list("status", flat=True):
    statuses[s] = statuses.get(s, 0) + 1
from io import StringIO
out = StringIO()
try:
    call_command("ledger", "verify", stdout=out)
    verified = True
except SystemExit as exc:
    verified = exc.code == 0
result = {"approvals": n, "threads": threads, "seconds": elapsed, "per_second": n / elapsed,
          "statuses": statuses, "errors": errors[:5], "ledger_verified": verified}
print("RESULT " + json.dumps(result))
"""


def bench_write(approvals: int, threads: int = 8, pgbench_seconds: int = 15) -> dict:
    print(
        f"== write path: {approvals} approvals with fund reservation, {threads} threads, PostgreSQL"
    )
    app_db, ref_db = f"{PREFIX}_write", f"{PREFIX}_pgbench"
    try:
        url = _fresh_db(app_db)
        proc = subprocess.run(
            [PY, "-c", APPROVALS_CHILD, str(approvals), str(threads)],
            env=_env(url, INNOVOUCHER_TASKS_BACKEND="immediate"),
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if proc.returncode or line is None:
            raise RuntimeError(
                f"approvals child failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
            )
        app = json.loads(line[7:])
        print(
            f"  services: {app['per_second']:.1f} approvals/s ({app['statuses']}, ledger "
            f"verified: {app['ledger_verified']})"
        )
        _fresh_db(ref_db)
        subprocess.run(
            ["pgbench", *_pg_args(), "-i", "-s", "8", "-q", ref_db], check=True, capture_output=True
        )
        run = subprocess.run(
            [
                "pgbench",
                *_pg_args(),
                "-c",
                str(threads),
                "-j",
                "2",
                "-T",
                str(pgbench_seconds),
                "-n",
                ref_db,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        tps = float(re.search(r"tps = ([\d.]+)", run.stdout).group(1))
        print(f"  pgbench TPC-B ({threads} clients): {tps:.0f} tps")
    finally:
        _drop_db(app_db)
        _drop_db(ref_db)
    return {**app, "pgbench_tps": tps, "ratio": app["per_second"] / tps, "goal_ratio": 0.5}


# --- 2. HTTP --------------------------------------------------------------------------------------

QUOTE = {
    "policy": "ningxia",
    "on": "2026-06-01",
    "applicant": {
        "kind": "enterprise",
        "region": "640104",
        "employees": 120,
        "annual_revenue": "150000000.00",
        "credit_ok": True,
        "tech_sme": True,
    },
    "provider": {"region": "640104", "kind": "university", "admitted": True},
    "service": {
        "category": "testing",
        "contract_amount": "300000.00",
        "paid_amount": "300000.00",
        "fully_paid": True,
        "completed_on": "2026-05-01",
        "via_platform": True,
    },
}

# (label, path, who is signed in, method, kind) — kind: public pages goal 400 req/s, signed-in 200
# req/s with p99 ≤ 400 ms
PAGES = [
    ("trivial view /healthz (floor)", "/healthz", None, "GET", "floor"),
    ("home (public)", "/", None, "GET", "public"),
    ("directory search 检测", "/providers/?q=" + urllib.parse.quote("检测"), None, "GET", "public"),
    (
        "directory API 检测",
        "/api/v1/providers/?q=" + urllib.parse.quote("检测"),
        None,
        "GET",
        "public",
    ),
    ("quote API", "/api/v1/quotes", None, "POST", "public"),
    ("firm: /vouchers/", "/vouchers/", "ningxia-ent1", "GET", "signed-in"),
    ("firm: /redemptions/mine/", "/redemptions/mine/", "ningxia-ent1", "GET", "signed-in"),
    (
        "province: /redemptions/review/",
        "/redemptions/review/",
        "ningxia-province",
        "GET",
        "signed-in",
    ),
    ("finance: /finance/", "/finance/", "ningxia-finance", "GET", "signed-in"),
]


def _login(base: str, username: str) -> tuple[str, str]:
    import requests

    from innovoucher.core.demo_accounts import DEMO_PASSWORD

    s = requests.Session()
    s.get(f"{base}/accounts/login/", timeout=30)
    token = s.cookies["csrftoken"]
    r = s.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if r.status_code != 302 or "sessionid" not in s.cookies:
        raise RuntimeError(f"could not sign in as {username}: HTTP {r.status_code}")
    return s.cookies["sessionid"], s.cookies.get("csrftoken", token)


def _locust(
    base: str, path: str, method: str, session: str, csrf: str, users: int, seconds: int
) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "run"
        env = {
            **os.environ,
            "BENCH_PATH": path,
            "BENCH_METHOD": method,
            "BENCH_SESSION": session or "",
            "BENCH_CSRF": csrf or "",
            "BENCH_BODY": json.dumps(QUOTE) if method == "POST" else "",
        }
        subprocess.run(
            [
                PY,
                "-m",
                "locust",
                "-f",
                str(ROOT / "benchmarks" / "http" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--host",
                base,
                "--only-summary",
                "--csv",
                str(prefix),
                "--stop-timeout",
                "5",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=seconds + 90,
        )
        rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
        row = next(r for r in rows if r["Name"] == "Aggregated")
        failures = list(csv.DictReader(open(f"{prefix}_failures.csv")))
    count = int(row["Request Count"])
    return {
        "requests": count,
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50_ms": float(row["50%"] or 0),
        "p99_ms": float(row["99%"] or 0),
        "failure_kinds": [f"{f['Error']} ×{f['Occurrences']}" for f in failures][:3],
    }


def bench_http(seconds: int, users: int = 64) -> dict:
    print(
        f"== HTTP: locust headless, {users} users, {seconds} s per page, innovoucher serve on "
        "PostgreSQL with demo data"
    )
    db = f"{PREFIX}_http"
    url = _fresh_db(db)
    env = _env(url)
    port = _free_port()
    server = None
    try:
        t0 = time.perf_counter()
        for step in (["migrate", "--noinput", "-v", "0"], ["setup_platform"], ["demo"]):
            subprocess.run(
                [PY, "-m", "innovoucher", *step], env=env, check=True, capture_output=True, cwd=ROOT
            )
        print(f"  demo data loaded in {time.perf_counter() - t0:.0f} s")
        server = subprocess.Popen(
            [PY, "-m", "innovoucher", "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        _wait_up(base, server)
        sessions = {who: _login(base, who) for who in {p[2] for p in PAGES if p[2]}}
        public_csrf = _login_csrf(base)
        rows = []
        for label, path, who, method, kind in PAGES:
            session, csrf = sessions[who] if who else ("", public_csrf)
            _check_page(base, path, method, session, csrf)
            result = {
                "page": label,
                "path": path,
                "method": method,
                "kind": kind,
                **_locust(base, path, method, session, csrf, users, seconds),
            }
            rows.append(result)
            print(
                f"  {label:34} {result['rps']:7.1f} req/s  p50 {result['p50_ms']:6.0f} ms  p99 "
                f"{result['p99_ms']:6.0f} ms"
                f"  failures {result['failures']}"
            )
        floor = rows[0]["rps"] or 1.0
        for r in rows:
            r["ratio_to_floor"] = r["rps"] / floor
            r["goal"] = {"public": "≥ 400 req/s", "signed-in": "≥ 200 req/s, p99 ≤ 400 ms"}.get(
                r["kind"], ""
            )
            r["goal_met"] = (
                r["rps"] >= 400
                if r["kind"] == "public"
                else r["rps"] >= 200 and r["p99_ms"] <= 400
                if r["kind"] == "signed-in"
                else None
            )
        return {
            "users": users,
            "seconds_per_page": seconds,
            "server": "innovoucher serve (granian)",
            "pages": rows,
        }
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        _drop_db(db)


def _check_page(base: str, path: str, method: str, session: str, csrf: str) -> None:
    """The page answers 200 for this user (not a redirect to the login page, not an error) before
    it is loaded."""
    import requests

    cookies = {"sessionid": session, "csrftoken": csrf} if session else {"csrftoken": csrf}
    headers = {"X-CSRFToken": csrf, "Referer": base + "/"}
    r = (
        requests.post(
            base + path,
            json=QUOTE,
            cookies=cookies,
            headers=headers,
            timeout=30,
            allow_redirects=False,
        )
        if method == "POST"
        else requests.get(base + path, cookies=cookies, timeout=30, allow_redirects=False)
    )
    if r.status_code != 200:
        raise RuntimeError(
            f"{method} {path} answered {r.status_code}, not 200: the benchmark would measure "
            "the wrong page"
        )


def _login_csrf(base: str) -> str:
    import requests

    return requests.get(f"{base}/accounts/login/", timeout=30).cookies.get("csrftoken", "")


def _wait_up(base: str, server: subprocess.Popen) -> None:
    import requests

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"innovoucher serve exited with {server.returncode}")
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("innovoucher serve did not answer within 120 s")


# --- 3. statistics over 1M orders ----------------------------------------------------------------


def bench_stats(orders: int, repeat: int = 3) -> dict:
    print(f"== statistics: {orders} orders, selectors vs bare SQL aggregate, PostgreSQL")
    name = f"{PREFIX}_stats"
    try:
        url = _fresh_db(name)
        proc = subprocess.run(
            [PY, str(ROOT / "benchmarks" / "stats_volume.py"), str(orders), str(repeat)],
            env=_env(url, INNOVOUCHER_TASKS_BACKEND="immediate", PYTHONPATH=str(ROOT)),
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if proc.returncode or line is None:
            raise RuntimeError(
                f"statistics child failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
            )
        result = json.loads(line[7:])
    finally:
        _drop_db(name)
    for r in result["rows"]:
        print(
            f"  {r['selector']}: {r['seconds'] * 1000:.0f} ms vs SQL "
            f"{r['sql_seconds'] * 1000:.0f} ms"
            f" (ratio {r['ratio']:.2f})"
        )
    print(f"  all: ratio {result['ratio']:.2f} (rows loaded in {result['load_seconds']:.0f} s)")
    return result


# --- 4. a national year: ledger verify and size ---------------------------------------------------


def bench_national(redemptions: int, repeat: int = 2) -> dict:
    print(
        f"== national year: {redemptions} paid redemptions in 34 provinces, ledger verify, "
        "PostgreSQL"
    )
    name = f"{PREFIX}_national"
    try:
        url = _fresh_db(name)
        proc = subprocess.run(
            [PY, str(ROOT / "benchmarks" / "national_volume.py"), str(redemptions), str(repeat)],
            env=_env(url, INNOVOUCHER_TASKS_BACKEND="immediate", PYTHONPATH=str(ROOT)),
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if proc.returncode or line is None:
            raise RuntimeError(
                f"national child failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
            )
        result = json.loads(line[7:])
    finally:
        _drop_db(name)
    print(
        f"  ledger verify: {result['verify_seconds']:.1f} s over {result['verify_transfers']:,} "
        f"transfers (former Python replay {result['replay_seconds']:.1f} s, "
        f"+{result['replay_peak_growth_bytes'] / 2**20:.0f} MiB); database "
        f"{result['database'] / 2**20:.0f} MiB (rows loaded in {result['load_seconds']:.0f} s)"
    )
    return result


# --- 5. a payment batch of 100,000 lines ---------------------------------------------------------


def bench_batch(lines: int) -> dict:
    print(f"== payment batch: {lines} lines exported and settled vs PostgreSQL COPY")
    name = f"{PREFIX}_batch"
    try:
        url = _fresh_db(name)
        proc = subprocess.run(
            [PY, str(ROOT / "benchmarks" / "batch_volume.py"), str(lines)],
            env=_env(url, INNOVOUCHER_TASKS_BACKEND="immediate", PYTHONPATH=str(ROOT)),
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if proc.returncode or line is None:
            raise RuntimeError(f"batch child failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
        result = json.loads(line[7:])
    finally:
        _drop_db(name)
    print(
        f"  create + export {result['create_export_seconds']:.1f} s vs COPY out "
        f"{result['copy_out_seconds']:.2f} s; import {result['import_seconds']:.1f} s vs COPY in "
        f"{result['copy_in_seconds']:.2f} s"
    )
    return result


# --- report ---------------------------------------------------------------------------------------


def report(results: dict) -> str:
    lines = [f"# Benchmarks — {results['at']}", "", f"Machine: {results['machine']}", ""]
    if w := results.get("write"):
        lines += [
            "## Write path (PostgreSQL, same run)",
            "",
            "| measure | value |",
            "|---|---|",
            f"| redemption approvals with fund reservation, {w['threads']} threads | "
            f"{w['per_second']:.1f} /s |",
            f"| pgbench TPC-B, {w['threads']} clients | {w['pgbench_tps']:.0f} tps |",
            f"| **ratio** (goal ≥ {w['goal_ratio']}) | **{w['ratio']:.3f}** |",
            f"| outcome | {w['statuses']}, ledger verified: {w['ledger_verified']} |",
            "",
        ]
    if st := results.get("stats"):
        lines += [
            f"## Statistics over {st['orders']:,} orders (PostgreSQL, same run, best of "
            f"{st['repeat']})",
            "",
            f"Rows: {st['counts']}; bulk-loaded in {st['load_seconds']:.0f} s.",
            "",
            "| selector | selector | bare SQL aggregate | ratio |",
            "|---|---|---|---|",
        ]
        for r in st["rows"]:
            lines.append(
                f"| {r['selector']} | {r['seconds'] * 1000:.0f} ms | "
                f"{r['sql_seconds'] * 1000:.0f} ms | {r['ratio']:.2f} |"
            )
        lines += [
            f"| **all** | **{st['seconds'] * 1000:.0f} ms** | **{st['sql_seconds'] * 1000:.0f} "
            f"ms** | **{st['ratio']:.2f}** |",
            "",
        ]
    if b := results.get("batch"):
        lines += [
            f"## Payment batch of {b['lines']:,} lines (PostgreSQL, same run)",
            "",
            "| step | services | COPY of the same rows | ratio |",
            "|---|---|---|---|",
            f"| create + export | {b['create_export_seconds']:.1f} s | "
            f"{b['copy_out_seconds']:.2f} s | {b['export_ratio']:.0f} |",
            f"| bank result import | {b['import_seconds']:.1f} s | {b['copy_in_seconds']:.2f} s | "
            f"{b['import_ratio']:.0f} |",
            f"| outcome | {b['paid']} paid, {b['problems']} problems, ledger verified: "
            f"{b['ledger_verified']} | | |",
            "",
        ]
    if nat := results.get("national"):
        mib = 2**20
        lines += [
            f"## A national year: {nat['paid_redemptions']:,} paid redemptions, "
            f"{nat['provinces']} provinces (PostgreSQL, same run)",
            "",
            f"`innovoucher ledger verify`: **{nat['verify_seconds']:.1f} s** (first run "
            f"{nat['verify_first_seconds']:.1f} s) over {nat['verify_accounts']} accounts and "
            f"{nat['verify_transfers']:,} transfers; the former pure-Python replay "
            f"{nat['replay_seconds']:.1f} s and +{nat['replay_peak_growth_bytes'] / mib:.0f} MiB "
            f"of peak memory. Database: {nat['database'] / mib:,.0f} MiB; rows bulk-loaded in "
            f"{nat['load_seconds']:.0f} s.",
            "",
            "| table | rows | total | table | indexes |",
            "|---|---|---|---|---|",
        ]
        for table, t in nat["tables"].items():
            lines.append(
                f"| {table} | {t['rows']:,} | {t['total'] / mib:,.1f} MiB | "
                f"{t['table'] / mib:,.1f} MiB | {t['indexes'] / mib:,.1f} MiB |"
            )
        lines.append("")
    if h := results.get("http"):
        lines += [
            f"## HTTP ({h['users']} users, {h['seconds_per_page']} s per page, {h['server']})",
            "",
            "| page | req/s | p50 | p99 | failures | ratio to floor | goal | met |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in h["pages"]:
            met = "" if r["goal_met"] is None else ("yes" if r["goal_met"] else "no")
            lines.append(
                f"| {r['page']} | {r['rps']:.1f} | {r['p50_ms']:.0f} ms | {r['p99_ms']:.0f} ms "
                f"| {r['failures']} | "
                f"{r['ratio_to_floor']:.3f} | {r['goal']} | {met} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["write", "http", "stats", "national", "batch"])
    parser.add_argument("--lines", type=int, default=int(os.environ.get("BENCH_LINES", "100000")))
    parser.add_argument(
        "--orders", type=int, default=int(os.environ.get("BENCH_ORDERS", "1000000"))
    )
    parser.add_argument(
        "--redemptions", type=int, default=int(os.environ.get("BENCH_REDEMPTIONS", "1000000"))
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "15")))
    parser.add_argument(
        "--approvals", type=int, default=int(os.environ.get("BENCH_APPROVALS", "800"))
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        _psql("SELECT 1")
    except (OSError, subprocess.CalledProcessError):
        print(
            f"PostgreSQL is not reachable at {PG} (BENCH_PG): the write-path and HTTP "
            "benchmarks need it",
            file=sys.stderr,
        )
        return 1
    load = os.getloadavg()
    results = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average at start {load[0]:.1f}",
    }
    if args.only in (None, "write"):
        results["write"] = bench_write(args.approvals)
    if args.only in (None, "http"):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovoucher.settings")
        results["http"] = bench_http(args.seconds)
    if args.only in (None, "stats"):
        results["stats"] = bench_stats(args.orders)
    if args.only in (None, "national"):
        results["national"] = bench_national(args.redemptions)
    if args.only in (None, "batch"):
        results["batch"] = bench_batch(args.lines)
    text = report(results)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    (OUT / "results.md").write_text(text)
    print()
    print(text)
    print(f"written to {OUT / 'results.md'} and {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
