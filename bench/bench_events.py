"""Benchmark of an event's public page and its registration form under a rush.

Run from the repository root:
    .venv/bin/python bench/bench_events.py [--seconds 60] [--capacity 50]

The real stack of `make demo` on the embedded SQLite database in a temporary folder
(bench/server.py): gunicorn, 2 workers × 4 threads. A public collective publishes one
event with ``--capacity`` seats, through the services. Then, within ``--seconds``:

- 500 anonymous people open the event's page (GET), at random times spread over the
  window (an open loop: a pool of 16 client threads fires each request at its
  scheduled time, whether or not the server kept up);
- 200 of them then register (POST of the form with a name, an e-mail address and the
  CSRF token of the page and its cookie) — 700 requests in all;
- a baseline phase of the same shape, side by side, to the site's home page.

Every request comes from 127.0.0.1, so the server runs with a high EVENTS_RATE_PER_IP.
Printed: throughput, p50/p99 of each kind of request and their ratio to the baseline;
then the database is checked: exactly min(200, capacity) confirmed, the rest waiting,
positions 1…200. Target: p99 under 250 ms, no error.
"""

import argparse
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from server import Client, Site, quantile

TARGET_P99_MS = 250
VIEWERS = 500
REGISTRANTS = 200
CLIENT_THREADS = 16

SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from maillage.accounts.models import User
from maillage.collectives.models import Collective, Membership, Role
from maillage.events import services

boss = User.objects.create_user("boss@example.org", None, display_name="Coordination")
collective = Collective.objects.create(
    name="SocialUp", short_name="SocialUp", slug="socialup", territory="Genève",
    visibility="public",
)
Membership.objects.create(user=boss, collective=collective, role=Role.COORDINATOR)
start = (timezone.now() + timedelta(days=10)).replace(hour=17, minute=0, second=0, microsecond=0)
event = services.create_event(
    actor=boss, collective=collective, organisers=[boss], capacity=__CAPACITY__,
    title="Table ronde : un revenu de transition écologique en Suisse ?",
    kind="round_table", theme="Développer le pouvoir d'agir",
    description="Où en est le **projet pilote** genevois ?",
    starts_at=start, ends_at=start + timedelta(hours=2),
    place="Uni Mail", address="Boulevard du Pont-d'Arve 40, 1205 Genève",
    access="Tram 12 et 15, arrêt Uni Mail",
)
services.add_speaker(actor=boss, event=event, name="Julien Rochat", organisation="Fondation Zoein")
services.publish_event(actor=boss, event=event)
print(json.dumps({"slug": collective.slug, "pk": event.pk}))
"""

CHECK = """
import json
from maillage.events.models import Registration
rows = Registration.objects.filter(event_id=__PK__).order_by("position")
print(json.dumps([[r.position, r.status] for r in rows]))
"""

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def register_body(page, number):
    match = TOKEN.search(page)
    if match is None:
        raise RuntimeError("the event page has no registration form (no CSRF token)")
    return urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "name": f"Personne {number}",
            "email": f"personne{number}@example.org",
        }
    )


def run(port, page_path, post_path, seconds, seed):
    """Fire VIEWERS page views (REGISTRANTS of them followed by a registration) at random
    times within ``seconds``; with ``post_path`` None, the registrants' second request is
    another GET of ``page_path`` (the baseline). Returns latencies by kind, errors, time."""
    rng = random.Random(seed)
    registering = set(rng.sample(range(VIEWERS), REGISTRANTS))
    schedule = sorted((rng.uniform(0, seconds), person) for person in range(VIEWERS))
    latencies = {"page": [], "registration": []}
    errors = []
    lock = threading.Lock()
    lateness = []

    def timed(kind, client, method, path, body=None, headers=None):
        began = time.perf_counter()
        try:
            status, content = client.request(method, path, body, headers)
        except OSError as exc:
            status, content = f"{type(exc).__name__}", b""
        elapsed = time.perf_counter() - began
        ok = status == 200 if kind == "page" else status in (200, 302, 303)
        with lock:
            latencies[kind].append(elapsed)
            if not ok:
                errors.append((kind, status))
        return content if ok else None

    def person(at, number, start):
        delay = start + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        with lock:
            lateness.append(max(0.0, -delay))
        client = Client(port)
        try:
            page = timed("page", client, "GET", page_path)
            if number not in registering or page is None:
                return
            if post_path is None:
                timed("registration", client, "GET", page_path)
                return
            timed(
                "registration",
                client,
                "POST",
                post_path,
                register_body(page, number),
                {"Content-Type": "application/x-www-form-urlencoded"},
            )
        finally:
            client.close()

    start = time.monotonic() + 0.5
    with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
        futures = [pool.submit(person, at, number, start) for at, number in schedule]
        for future in futures:
            future.result()
    return latencies, errors, time.monotonic() - start, quantile(lateness, 0.99)


def report(title, phase, baseline=None):
    latencies, errors, elapsed, late = phase
    total = sum(len(values) for values in latencies.values())
    print(
        f"{title}: {total} requests in {elapsed:.1f} s ({total / elapsed:.1f} req/s), "
        f"{CLIENT_THREADS} client threads; p99 start delay {1000 * late:.0f} ms."
    )
    print()
    print("| request | count | p50 | p99 | p99 / baseline | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    figures = {}
    for kind, values in latencies.items():
        p50, p99 = 1000 * quantile(values, 0.5), 1000 * quantile(values, 0.99)
        figures[kind] = p99
        ratio = f"×{p99 / baseline[kind]:.1f}" if baseline else "—"
        failed = sum(1 for error in errors if error[0] == kind)
        print(f"| {kind} | {len(values)} | {p50:.1f} ms | {p99:.1f} ms | {ratio} | {failed} |")
    every = [v for values in latencies.values() for v in values]
    figures["every"] = 1000 * quantile(every, 0.99)
    print()
    print(f"Every request: p99 {figures['every']:.1f} ms.")
    print()
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument("--capacity", type=int, default=50, help="seats of the event")
    args = parser.parse_args()
    with Site() as site:
        site.env["EVENTS_RATE_PER_IP"] = "100000"
        event = json.loads(site.manage(SETUP.replace("__CAPACITY__", str(args.capacity))))
        page = f"/collectifs/{event['slug']}/evenements/{event['pk']}/"
        with site.serve():
            client = Client(site.port)
            for path in ("/", page):
                status, content = client.request("GET", path)
                if status != 200:
                    sys.exit(f"GET {path} answered HTTP {status}: the page is missing.")
            if not TOKEN.search(content):
                sys.exit(f"GET {page}: no registration form (no csrfmiddlewaretoken).")
            client.close()
            baseline = run(site.port, "/", None, args.seconds, seed=1)
            rush = run(site.port, page, page + "inscription/", args.seconds, seed=2)
        rows = json.loads(site.manage(CHECK.replace("__PK__", str(event["pk"]))))

    print(
        f"Event page and registration, gunicorn 2 workers × 4 threads on SQLite; "
        f"{VIEWERS} page views and {REGISTRANTS} registrations in {args.seconds:.0f} s; "
        f"{args.capacity} seats (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
        "cores; the clients run on the same machine)."
    )
    print()
    base = report("Baseline: the home page, same schedule", baseline)
    figures = report("The event's page, then its registration form", rush, base)

    expected = min(REGISTRANTS, args.capacity)
    confirmed = [p for p, status in rows if status == "confirmed"]
    waiting = [p for p, status in rows if status == "waiting"]
    consistent = (
        [p for p, _status in rows] == list(range(1, REGISTRANTS + 1))
        and confirmed == list(range(1, expected + 1))
        and waiting == list(range(expected + 1, REGISTRANTS + 1))
    )
    print(
        f"Database: {len(rows)} registrations, {len(confirmed)} confirmed, {len(waiting)} "
        f"waiting (expected {expected} and {REGISTRANTS - expected}, in arrival order): "
        f"{'consistent' if consistent else 'NOT consistent'}."
    )
    errors = baseline[1] + rush[1]
    p99 = figures["every"]
    met = p99 < TARGET_P99_MS and not errors and consistent
    print(
        f"Target: p99 < {TARGET_P99_MS} ms, no error: {p99:.1f} ms, {len(errors)} errors: "
        f"{'met' if met else 'NOT met'} ({p99 / TARGET_P99_MS:.2f} of it)."
    )
    if errors:
        print("Errors (kind, HTTP status):", sorted(set(map(str, errors)))[:10])
    if not met:
        sys.exit(1)


if __name__ == "__main__":
    main()
