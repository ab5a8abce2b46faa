"""Signed-in people using the service at once (issue 19, item 6). Driven by
benchmarks/load_run.py, which prepares the sessions and starts the servers; run alone it
needs SESSIONS_FILE (a JSON list written by load_run.py).

Each simulated person is one of the prepared sessions (an ICB, regional or national user,
already through sign-in and two-factor) and, with a few seconds' thought between pages, opens
lists, reviews, dashboard pages and search; some ICB users upload a report. Plain HTTP only:
this file imports nothing from the application.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

SESSIONS = json.load(open(os.environ["SESSIONS_FILE"], encoding="utf-8"))
_NEXT = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUERIES = ("information sharing", "domestic abuse", "self-neglect", "was not brought", "housing")


class Person(HttpUser):
    wait_time = between(1, 4)

    def on_start(self):
        self.me = SESSIONS[next(_NEXT) % len(SESSIONS)]
        self.client.cookies.set("sessionid", self.me["sessionid"])
        self.reviews = self.me["reviews"]

    def _get(self, path, name):
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {path}")

    @task(4)
    def review_list(self):
        self._get("/reviews/", "reviews list")

    @task(4)
    def review_page(self):
        self._get(f"/reviews/{random.choice(self.reviews)}/", "review page")

    @task(3)
    def overview(self):
        self._get("/dashboard/", "dashboard overview")

    @task(1)
    def themes(self):
        self._get("/dashboard/themes/", "dashboard themes")

    @task(1)
    def progress(self):
        self._get("/dashboard/recommendations-and-actions/", "dashboard actions")

    @task(2)
    def search(self):
        self._get(f"/search/?q={random.choice(QUERIES).replace(' ', '+')}", "search")

    @task(1)
    def upload(self):
        review = self.me.get("upload_review")
        if not review:
            return
        path = f"/reviews/{review}/documents/new/"
        page = self.client.get(path, name="upload form")
        token = CSRF.search(page.text)
        if page.status_code != 200 or not token:
            page.failure("no upload form") if hasattr(page, "failure") else None
            return
        with open(self.me["upload_file"], "rb") as handle:
            with self.client.post(
                path,
                data={"csrfmiddlewaretoken": token.group(1)},
                files={"file": ("report.pdf", handle, "application/pdf")},
                headers={"Referer": self.host + path},
                name="upload",
                catch_response=True,
                allow_redirects=False,
            ) as r:
                if r.status_code != 302:
                    r.failure(f"upload answered {r.status_code}")
