"""Benchmark of the open API's lists at 10,000 rows.

Run from the repository root:
    .venv/bin/python bench/bench_api.py [--requests 60]

The real stack of `make demo` on the embedded SQLite database in a temporary folder
(bench/server.py: migrate, bulk inserts, gunicorn 2 workers × 4 threads). Two
collectives: "grand" with 10,000 rows in each list measured (members, actions with two
owners each, an event's registrations, bookings of a room, catalogue offers), and
"petit", the baseline, with 200 of each, side by side in the same server. A
coordinator's token reads pages of 50: the first, the 100th, the last (200th) and a
filtered or ordered one, one request at a time (the time a page takes).

Printed: p50/p99 per list and page, p99 over every 10,000-row request and its ratio to
the baseline. Target: p99 < 100 ms per page of 50. The queries per page are constant
(tests/api/test_api_*.py assert it with `assert_constant_queries`).
"""

import argparse
import json
import os
import time

import server
from server import Site, quantile

TARGET_P99_MS = 100

SETUP = """
import json, random
from datetime import datetime, time, timedelta
from django.utils import timezone
from maillage.accounts.models import User
from maillage.actions.models import Action, ActionOwner
from maillage.api import services as tokens
from maillage.collectives.models import Collective, Membership, Organisation, Role
from maillage.events.models import Event, Registration

rng = random.Random(7)
today = timezone.localdate()
boss = User.objects.create_user("boss@example.org", None, display_name="Coordination")
organisation = Organisation.objects.create(name="Organisation", slug="org", kind="association")


def build(slug, rows):
    collective = Collective.objects.create(name=slug, short_name=slug, slug=slug, territory="93")
    Membership.objects.create(user=boss, collective=collective, role=Role.COORDINATOR)
    people = User.objects.bulk_create(
        User(email=f"{slug}-{i}@example.org", display_name=f"Personne {i}") for i in range(rows)
    )
    Membership.objects.bulk_create(
        Membership(user=p, collective=collective, organisation=organisation if i % 3 else None)
        for i, p in enumerate(people)
    )
    actions = Action.objects.bulk_create(
        Action(
            collective=collective,
            title=f"Action {a}",
            due_date=today + timedelta(days=rng.randint(-30, 60)),
            status=rng.choice(["todo", "todo", "in_progress", "done"]),
            created_by=boss,
        )
        for a in range(rows)
    )
    ActionOwner.objects.bulk_create(
        ActionOwner(action=action, position=j, user=people[(k + j) % rows])
        for k, action in enumerate(actions)
        for j in range(2)
    )
    start = timezone.now() + timedelta(days=30)
    event = Event.objects.create(
        collective=collective, title="Forum", kind="conference", starts_at=start,
        ends_at=start + timedelta(hours=3), capacity=rows * 2, status="published",
        created_by=boss,
    )
    event.organisers.add(boss)
    Registration.objects.bulk_create(
        Registration(event=event, key=f"{slug}{i:08d}", name=f"Inscrite {i}",
                     email=f"r{i}-{slug}@example.org", status="confirmed", position=i)
        for i in range(rows)
    )
    _, text = tokens.create_token(boss, name="bench", collectives=[collective])
    return {"slug": collective.slug, "token": text, "event": event.pk}


print(json.dumps({"grand": build("grand", 10000), "petit": build("petit", 200)}))
"""


def run(port, paths, headers_of, requests):
    latencies = {name: [] for name in paths}
    errors = []
    client = server.Client(port)
    for name, path in paths.items():  # warm up
        client.request("GET", path, headers=headers_of(name))
    for _ in range(requests):
        for name, path in paths.items():
            began = time.perf_counter()
            status, content = client.request("GET", path, headers=headers_of(name))
            latencies[name].append(time.perf_counter() - began)
            if status != 200:
                errors.append((name, status, content[:200]))
    return latencies, errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60, help="per page")
    args = parser.parse_args()
    with Site() as site:
        began = time.monotonic()
        made = json.loads(site.manage(SETUP))
        built = time.monotonic() - began
        paths, owner = {}, {}
        for size, data in (("grand", made["grand"]), ("petit", made["petit"])):
            base = f"/api/v1/collectives/{data['slug']}"
            last = 200 if size == "grand" else 4
            for what, path in (
                ("members", f"{base}/members/"),
                ("actions", f"{base}/actions/"),
                ("registrations", f"{base}/events/{data['event']}/registrations/"),
            ):
                pages = {"page 1": "?page=1", "page 100": "?page=100", "last page": f"?page={last}"}
                if size == "petit":
                    pages = {"page 1": "?page=1", "last page": f"?page={last}"}
                for page, query in pages.items():
                    name = f"{size}: {what}, {page}"
                    paths[name] = path + query
                    owner[name] = data["token"]
            paths[f"{size}: actions, late first"] = f"{base}/actions/?ordering=due_date&done=false"
            owner[f"{size}: actions, late first"] = data["token"]
        with site.serve():
            latencies, errors = run(
                site.port, paths, lambda n: {"Authorization": f"Bearer {owner[n]}"}, args.requests
            )
    print(
        f"Open API lists, pages of 50, gunicorn 2 workers × 4 threads on SQLite; data built in "
        f"{built:.1f} s (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; the "
        "client runs on the same machine), one request at a time."
    )
    print()
    print("| list, page | rows | p50 | p99 |")
    print("| --- | --- | --- | --- |")
    for name, values in latencies.items():
        rows = "10,000" if name.startswith("grand") else "200"
        p50, p99 = 1000 * quantile(values, 0.5), 1000 * quantile(values, 0.99)
        print(f"| {name} | {rows} | {p50:.1f} ms | {p99:.1f} ms |")
    grand = [v for n, vs in latencies.items() if n.startswith("grand") for v in vs]
    petit = [v for n, vs in latencies.items() if n.startswith("petit") for v in vs]
    p99, base99 = 1000 * quantile(grand, 0.99), 1000 * quantile(petit, 0.99)
    print()
    print(
        f"Every 10,000-row request: p50 {1000 * quantile(grand, 0.5):.1f} ms, p99 {p99:.1f} ms; "
        f"baseline (200 rows) p99 {base99:.1f} ms; ratio ×{p99 / base99:.2f}."
    )
    for error in errors[:5]:
        print("error:", error)
    print(
        f"Target: p99 < {TARGET_P99_MS} ms per page of 50 at 10,000 rows, no error: {p99:.1f} ms, "
        f"{len(errors)} errors: {'met' if p99 < TARGET_P99_MS and not errors else 'NOT met'} "
        f"({p99 / TARGET_P99_MS:.2f} of it)."
    )


if __name__ == "__main__":
    main()
