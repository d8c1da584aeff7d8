"""One page under load: `make bench` runs locust headless once per page with this file.

Environment: BENCH_PATH (the page), BENCH_METHOD (GET or POST), BENCH_BODY (a JSON body for
POST), BENCH_SESSION (a sessionid cookie: all simulated users share one signed-in session, so
64 users do not spend the run hashing 64 passwords), BENCH_CSRF (the csrftoken for POST).
"""

import json
import os

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

PATH = os.environ.get("BENCH_PATH", "/")
METHOD = os.environ.get("BENCH_METHOD", "GET").upper()
BODY = os.environ.get("BENCH_BODY", "")
SESSION = os.environ.get("BENCH_SESSION", "")
CSRF = os.environ.get("BENCH_CSRF", "")


class PageUser(FastHttpUser):
    wait_time = constant(0)
    connection_timeout = 30
    network_timeout = 30

    def on_start(self):
        cookies = []
        if SESSION:
            cookies.append(f"sessionid={SESSION}")
        if CSRF:
            cookies.append(f"csrftoken={CSRF}")
        self.headers = {"Cookie": "; ".join(cookies)} if cookies else {}
        if METHOD == "POST":
            self.headers.update(
                {
                    "Content-Type": "application/json",
                    "X-CSRFToken": CSRF,
                    "Referer": self.host + "/",
                }
            )
        self.body = json.dumps(json.loads(BODY)).encode() if BODY else None

    @task
    def page(self):
        if METHOD == "POST":
            self.client.post(PATH, data=self.body, headers=self.headers, name=PATH)
        else:
            self.client.get(PATH, headers=self.headers, name=PATH)
