"""Several machines under load: the live wall through the proxy, a node killed mid-run,
then a task worker killed while e-mails are queued.

Run from the repository root:  .venv/bin/python bench/bench_cluster.py [--participants 600]

The reference deployment of `make cluster` (scripts/cluster.py) in a temporary folder:
PostgreSQL and Redis from Debian, two application nodes (gunicorn 2 workers × 4
threads and a task worker each) behind haproxy. Simulated participants, each with its
own keep-alive connection and cookies, join a live workshop with its code, poll the
wall every 2 s as htmx does and post a note now and then, each note carrying a client
key (a UUID); a request that fails (connection lost, 502/503/504) is sent again, a note
with the same key, as the wall's page does.

1. **A node killed.** The run is cut in three: before, during (the seconds after
   node 2's gunicorn is killed with SIGKILL) and after. Printed for each: requests,
   errors seen by the clients and errors left after their retries, p50/p99. Then: how
   long the proxy took to mark the node down, and every note the server acknowledged
   is in the database exactly once (counted by client key).
   Side by side, the baseline: the same participants on one node reached directly (no
   proxy, nothing killed), to show what the proxy and the second node cost or give.
2. **A worker killed.** E-mails are queued (each with its own subject) while an SMTP
   server (aiosmtpd, in this process) accepts them slowly; the task worker of node 1 is
   killed with SIGKILL mid-way. Printed: every e-mail was received once, how many were
   taken back after the lease by the other worker, and when the last one arrived.

Target (issue 23): p99 < 250 ms through the proxy before the failure, the proxy routes
around the dead node within seconds, no acknowledged note lost or doubled, no client
left with an error after its retries; every e-mail sent once.
"""

import argparse
import asyncio
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_wall import IDEAS  # noqa: E402
from cluster import Cluster  # noqa: E402
from server import free_port, quantile  # noqa: E402

POLL_EVERY = 2.0  # seconds, as the wall's hx-trigger
POST_EVERY = 60.0  # seconds between two notes of a participant, on average (bench_wall)
TARGET_P99_MS = 250
RETRIED = {502, 503, 504}
ATTEMPTS = 6

# A national network's evening: one consultation, its tables (groups) each on its live
# wall at once, a workshop of some twelve people a table.
SETUP = """
from maillage.accounts.models import User
from maillage.collectives import services as collectives
from maillage.consultations import services
import json
user = User.objects.create_user(email="animation@example.org", password="x", display_name="Anim")
collective = collectives.create_collective(actor=user, name="Banc d'essai", short_name="Banc",
    territory="Genève", region="GE", description="", visibility="private", languages=["fr"],
    requires_charter_agreement=False, networks=[], slug="banc")
consultation = services.create_consultation(actor=user, collective=collective,
    title="Pourquoi sommes-nous là ?", method="spiral")
services.open_round(actor=user, round_=consultation.rounds.get(number=1))
codes = []
for number in range({tables}):
    group = services.add_group(actor=user, consultation=consultation, name=f"Table {{number + 1}}")
    services.open_live_session(actor=user, group=group, hours=12)
    codes.append(group.join_code)
print(json.dumps({{"codes": codes,
    "questions": list(consultation.questions.values_list("pk", flat=True))}}))
"""

COUNT_KEYS = """
import json
from django.db.models import Count
from maillage.consultations.models import Note
rows = Note.objects.exclude(client_key=None).values("client_key").annotate(n=Count("id"))
print(json.dumps({str(r["client_key"]): r["n"] for r in rows}))
"""

QUEUE_EMAILS = """
from django.db import transaction
from maillage.core.tasks import send_email
with transaction.atomic():
    for number in range({count}):
        send_email.enqueue(subject=f"bench-mail-{{number:04d}}", body="Bonjour",
            to=[f"personne{{number}}@example.org"])
print("queued")
"""

TASKS_STATE = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path="maillage.core.tasks.send_email")
print(json.dumps({{"done": rows.filter(status="SUCCESSFUL").count(),
    "failed": rows.filter(status="FAILED").count(), "total": rows.count(),
    "taken_back": sum(1 for ids in rows.values_list("worker_ids", flat=True) if len(ids) > 1)}}))
"""


# ----------------------------------------------------------------------------- client


class Connection:
    """One keep-alive HTTP/1.1 connection (asyncio streams), enough for this bench:
    responses carry Content-Length or no body (204, 302)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None
        self.used = False  # a request went through this connection already

    async def request(self, method, path, headers, body=b""):
        """As a browser does: a kept-alive connection the server closed while it was
        idle (gunicorn closes them after 2 s) is opened again once, without counting an
        error; any other failure is the caller's to retry."""
        try:
            return await self._request(method, path, headers, body)
        except (OSError, ConnectionError, asyncio.IncompleteReadError):
            if not self.used_before:
                raise
            self.close()
            return await self._request(method, path, headers, body)

    async def _request(self, method, path, headers, body):
        self.used_before = self.writer is not None and self.used
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            self.used = False
        self.used = True
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            head.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        response_headers = []
        length = 0
        close = False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            response_headers.append((name, value))
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.lower() == "close":
                close = True
        content = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, response_headers, content

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Participant:
    """One phone on the wall: its connection, cookies, wall state and figures."""

    def __init__(self, port, code, questions, rng, clock):
        self.connection = Connection("127.0.0.1", port)
        self.code, self.questions, self.rng, self.clock = code, questions, rng, clock
        self.cookies = {}
        self.after = self.version = 0
        self.notes_path = None
        self.samples = []  # (started at, kind, seconds, attempts, final status or None)
        self.acknowledged = []  # client keys of notes the server acknowledged

    async def send(self, method, path, form=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = b""
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, content = await self.connection.request(
            method, path, headers, body
        )
        for name, value in response_headers:
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        location = dict(response_headers).get("location")
        return status, location, content

    async def attempt(self, method, path, form=None, headers=None):
        """Send until an answer that is not a proxy's or a lost connection; the final
        status (None when every attempt failed) and the attempts made."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                status, location, content = await self.send(method, path, form, headers)
            except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError):
                self.connection.close()
                status, location, content = None, None, b""
            if status is not None and status not in RETRIED:
                return status, location, content, attempt
            await asyncio.sleep(0.2 * attempt)
        return None, None, b"", ATTEMPTS

    async def join(self):
        status, _, page, _ = await self.attempt("GET", f"/participer/{self.code}/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, location, _, _ = await self.attempt(
            "POST",
            "/participer/",
            {"csrfmiddlewaretoken": token.decode(), "code": self.code, "display_name": ""},
        )
        if status != 302:
            raise RuntimeError(f"join answered {status}")
        self.notes_path = urllib.parse.urlparse(location).path + "notes/"

    async def poll(self):
        path = f"{self.notes_path}?after={self.after}&version={self.version}"
        status, _, content, attempts = await self.attempt(
            "GET", path, headers={"HX-Request": "true"}
        )
        if status == 200:
            found = re.search(rb"after=(\d+)&amp;version=(\d+)", content)
            if found:
                self.after, self.version = int(found.group(1)), int(found.group(2))
        return status, attempts

    async def post(self):
        key = str(uuid.uuid4())
        form = {
            "question": self.rng.choice(self.questions),
            "text": self.rng.choice(IDEAS),
            "client_key": key,
        }
        headers = {"HX-Request": "true", "X-CSRFToken": self.cookies.get("csrftoken", "")}
        status, _, _, attempts = await self.attempt("POST", self.notes_path, form, headers)
        if status == 200:
            self.acknowledged.append(key)
        return status, attempts

    async def run(self, start, end):
        next_poll = start + self.rng.random() * POLL_EVERY
        next_post = start + self.rng.random() * POST_EVERY
        while True:
            due = min(next_poll, next_post)
            if due >= end:
                break
            await asyncio.sleep(max(0.0, due - self.clock()))
            kind = "post" if next_post <= next_poll else "poll"
            began = self.clock()
            status, attempts = await (self.post() if kind == "post" else self.poll())
            self.samples.append((began, kind, self.clock() - began, attempts, status))
            if kind == "post":
                next_post += self.rng.expovariate(1 / POST_EVERY)
            else:
                next_poll += POLL_EVERY
        self.connection.close()


async def load(port, setup, participants, seconds, seed, events=()):
    """``participants`` phones for ``seconds``; ``events`` are (second, callable) run in
    a thread at that moment of the run. Returns the participants and the start time."""
    rng = random.Random(seed)
    clock = time.monotonic
    people = [
        Participant(
            port,
            setup["codes"][number % len(setup["codes"])],
            setup["questions"],
            random.Random(rng.random()),
            clock,
        )
        for number in range(participants)
    ]
    for index in range(0, participants, 50):  # joining is not measured
        await asyncio.gather(*(person.join() for person in people[index : index + 50]))
    start = clock() + 1.0
    end = start + seconds

    async def at(second, action):
        await asyncio.sleep(max(0.0, start + second - clock()))
        await asyncio.to_thread(action)

    await asyncio.gather(
        *(person.run(start, end) for person in people), *(at(s, a) for s, a in events)
    )
    return people, start


def figures(samples):
    done = [s for s in samples if s[4] is not None]
    seen = sum(s[3] - 1 for s in samples) + sum(1 for s in samples if s[4] is None)
    return {
        "requests": len(samples),
        "errors_seen": seen,
        "errors_left": sum(1 for s in samples if s[4] is None or s[4] >= 400),
        "p50": 1000 * quantile([s[2] for s in done], 0.5),
        "p99": 1000 * quantile([s[2] for s in done], 0.99),
    }


def row(name, f, seconds):
    return (
        f"| {name} | {f['requests']} | {f['requests'] / seconds:.0f} | {f['errors_seen']} "
        f"| {f['errors_left']} | {f['p50']:.1f} ms | {f['p99']:.1f} ms |"
    )


# ------------------------------------------------------------------------ the e-mails


class SlowSink:
    """An SMTP server that takes its time before accepting each recipient, so that a
    worker killed is likely to be killed in the middle of a conversation (before the
    message is handed over), and that records every message it accepts."""

    def __init__(self, delay):
        self.delay = delay
        self.subjects = []
        self.message_ids = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        text = envelope.content.decode("utf-8", "replace")
        subject = re.search(r"^Subject: (.*)$", text, re.M)
        message_id = re.search(r"^Message-ID: (.*)$", text, re.M | re.I)
        with self.lock:
            self.subjects.append(subject.group(1).strip() if subject else "?")
            self.message_ids.append(message_id.group(1).strip() if message_id else "?")
        return "250 Message accepted"


def emails_once(cluster, count, sink, lease):
    cluster.manage("shell", "-c", QUEUE_EMAILS.format(count=count))
    began = time.monotonic()
    kill_at = None
    while time.monotonic() - began < 600:
        with sink.lock:
            received = len(sink.subjects)
        if kill_at is None and received >= count // 4:
            cluster.kill_worker(0)
            kill_at = time.monotonic() - began
        state = json.loads(cluster.manage("shell", "-c", TASKS_STATE.format()).splitlines()[-1])
        if state["done"] + state["failed"] >= count:
            break
        time.sleep(1)
    elapsed = time.monotonic() - began
    with sink.lock:
        subjects = list(sink.subjects)
    distinct = set(subjects)
    expected = {f"bench-mail-{number:04d}" for number in range(count)}
    once = distinct == expected and len(subjects) == count
    print(
        f"E-mails: {count} queued, the task worker of node 1 killed after {kill_at or 0:.1f} s "
        f"({count // 4} received by then); lease {lease} s. All finished after {elapsed:.1f} s: "
        f"{len(subjects)} messages received, {len(distinct)} distinct, "
        f"{len(subjects) - len(distinct)} twice, {len(expected - distinct)} missing; "
        f"{state['taken_back']} tasks taken back after their lease by the other worker, "
        f"{state['failed']} failed: {'sent once' if once else 'NOT ONCE'}."
    )
    return once


# ------------------------------------------------------------------------------- main


def print_run(name, people, start, phases):
    samples = [s for person in people for s in person.samples]
    print(f"**{name}**")
    print()
    print("| part of the run | requests | req/s | errors seen | errors left | p50 | p99 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    results = {}
    for label, begin, end in phases:
        part = [s for s in samples if begin <= s[0] - start < end]
        results[label] = figures(part)
        print(row(label, results[label], end - begin))
    print()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=600)
    parser.add_argument("--tables", type=int, default=50, help="groups, each on its own wall")
    parser.add_argument("--before", type=int, default=30, help="seconds before the kill")
    parser.add_argument(
        "--warmup", type=int, default=5, help="first seconds, every phone's first polls"
    )
    parser.add_argument("--during", type=int, default=10, help="seconds counted as the failure")
    parser.add_argument("--after", type=int, default=30, help="seconds after")
    parser.add_argument("--emails", type=int, default=120)
    parser.add_argument("--lease", type=int, default=10, help="the task workers' lease (s)")
    args = parser.parse_args()
    seconds = args.before + args.during + args.after

    from aiosmtpd.controller import Controller

    sink = SlowSink(delay=0.2)
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    email_env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    with tempfile.TemporaryDirectory(prefix="maillage-cluster-") as root:
        cluster = Cluster(
            Path(root),
            port=free_port(),
            first_node_port=free_port(),
            pg_port=free_port(),
            redis_port=free_port(),
            lease_seconds=args.lease,
            email_env=email_env,
            # Every simulated phone comes from 127.0.0.1, like a room on one venue's
            # Wi-Fi but larger than the default limit of joins per address and hour.
            env={"CONSULTATIONS_JOINS_PER_IP": "100000"},
        )
        try:
            cluster.start()
            made = cluster.manage("shell", "-c", SETUP.format(tables=args.tables))
            setup = json.loads(made.strip().splitlines()[-1])
            node_port = int(cluster.node_url(0).rsplit(":", 1)[1])
            killed = {}

            def kill():
                killed["at"] = time.monotonic()
                cluster.kill_node(1)

            print(
                f"Several machines under load: {args.participants} participants at "
                f"{args.tables} tables of a consultation, each table on its live wall, "
                f"polling every {POLL_EVERY:.0f} s and posting a note every "
                f"{POST_EVERY:.0f} s on average; PostgreSQL, Redis, two nodes (gunicorn 2 "
                f"workers × 4 threads and a task worker each) behind haproxy, all on this "
                f"machine ({os.cpu_count()} cores) with the clients."
            )
            print()
            base_people, base_start = asyncio.run(
                load(node_port, setup, args.participants, args.before, seed=2)
            )
            base = print_run(
                "Baseline: one node reached directly, no proxy, nothing killed",
                base_people,
                base_start,
                [
                    ("warm-up", 0, args.warmup),
                    ("whole run after the warm-up", args.warmup, args.before),
                ],
            )
            people, start = asyncio.run(
                load(
                    int(cluster.url.rsplit(":", 1)[1]),
                    setup,
                    args.participants,
                    seconds,
                    seed=1,
                    events=[(args.before, kill)],
                )
            )
            down_after = cluster.proxy_down_after(1, since=killed.get("at"))
            results = print_run(
                f"Through the proxy, node 2 killed (SIGKILL) after {args.before} s",
                people,
                start,
                [
                    ("warm-up: 600 phones open their wall (not in the target)", 0, args.warmup),
                    ("before", args.warmup, args.before),
                    (
                        "during (the kill and the next seconds)",
                        args.before,
                        args.before + args.during,
                    ),
                    ("after", args.before + args.during, seconds),
                ],
            )
            acknowledged = [key for person in people + base_people for key in person.acknowledged]
            stored = json.loads(cluster.manage("shell", "-c", COUNT_KEYS).strip().splitlines()[-1])
            missing = [key for key in acknowledged if stored.get(key, 0) == 0]
            doubled = [key for key, count in stored.items() if count > 1]
            unacknowledged = set(stored) - set(acknowledged)
            before = results["before"]
            alone = base["whole run after the warm-up"]
            print(
                f"Proxy and two nodes / one node alone: p50 × {before['p50'] / alone['p50']:.2f}, "
                f"p99 × {before['p99'] / alone['p99']:.2f} (before the kill, after the warm-up)."
            )
            print(
                "The proxy marked node 2 down "
                + (
                    f"{down_after:.1f} s after the kill."
                    if down_after is not None
                    else "— not seen."
                )
            )
            print(
                f"Notes: {len(acknowledged)} acknowledged to a client, {len(stored)} in the "
                f"database with a client key; {len(missing)} acknowledged and missing, "
                f"{len(doubled)} stored twice, {len(unacknowledged)} stored but never "
                "acknowledged (the answer was lost and every retry failed)."
            )
            left = sum(r["errors_left"] for r in results.values())
            met = (
                before["p99"] < TARGET_P99_MS
                and not missing
                and not doubled
                and left == 0
                and down_after is not None
                and down_after < 10
            )
            print(
                f"Target: p99 before the kill < {TARGET_P99_MS} ms ({before['p99']:.1f} ms, "
                f"× {before['p99'] / TARGET_P99_MS:.2f} of the target), node routed around "
                f"within seconds, no note lost or doubled, {left} errors left after retries: "
                f"{'met' if met else 'NOT MET'}."
            )
            print()
            once = emails_once(cluster, args.emails, sink, args.lease)
        finally:
            cluster.stop()
            smtp.stop()
    return 0 if met and once else 1


if __name__ == "__main__":
    sys.exit(main())
