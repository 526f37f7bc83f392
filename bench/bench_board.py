"""Benchmark of the projects board: 50 work streams, 1,000 projects, 10,000 actions.

Run from the repository root:
    .venv/bin/python bench/bench_board.py [--requests 100] [--loaded 60]

The real stack of `make demo` on the embedded SQLite database in a temporary folder:
migrate, then two collectives built with bulk inserts, then gunicorn as `make serve`
starts it (2 workers × 4 threads; bench/server.py). A coordinator logs in through the
login form; then one client asks for each page in turn (the time a page takes, the
target's figure), and four clients at once without pause (the server saturated:
there, latency is mostly waiting in line; throughput is the figure).

- "large": 50 work streams, 1,000 projects (2 pilots each, 2 milestones, a need),
  10,000 actions (a third overdue) — the size the issue sets. The board shows 25
  projects a page with a table of contents of all 50 streams: its first, tenth and
  last (40th) pages are asked for, and a filtered view (running projects with overdue actions);
- "baseline": the board fifty times smaller (1 work stream, 20 projects, 200 actions,
  one page), run side by side in the same server.

Printed for each phase: requests, throughput, p50/p99 of each page, p50/p99 over every
large-board request and their ratios to the baseline. Target: p99 under 300 ms over
every large-board request of the one-client phase, no error in either phase. Each
page's query count is constant whatever the board's size (tests/projects/test_board.py
and test_board_pages.py assert it).
"""

import argparse
import json
import os
import re
import threading
import time
import urllib.parse

import server
from server import Site, quantile

TARGET_P99_MS = 300
PASSWORD = "bench-board-password"  # noqa: S105 (a throw-away database)

SETUP = """
import json, random
from datetime import timedelta
from django.utils import timezone
from maillage.accounts.models import User
from maillage.actions.models import Action
from maillage.collectives.models import Collective, Membership, Organisation, Role
from maillage.projects.models import Milestone, Need, Project, WorkStream

from maillage.core.content import render, summarise

rng = random.Random(7)
CONTENT = "Un projet **important** avec une liste :\\n\\n- un\\n- deux"
HTML = str(render(CONTENT))
SUMMARY = str(summarise(HTML))
today = timezone.localdate()
boss = User.objects.create_user("boss@example.org", "__PASSWORD__", display_name="Coordination")
organisations = [
    Organisation.objects.create(name=f"Organisation {i}", slug=f"org-{i}", kind="association")
    for i in range(12)
]


def build(slug, streams, projects_per_stream, actions_per_project):
    collective = Collective.objects.create(name=slug, short_name=slug, slug=slug, territory="93")
    Membership.objects.create(user=boss, collective=collective, role=Role.COORDINATOR)
    people = []
    for i in range(30):
        person = User.objects.create(email=f"{slug}-{i}@example.org", display_name=f"Pilote {i}")
        Membership.objects.create(
            user=person, collective=collective, organisation=organisations[i % 12]
        )
        people.append(person)
    stream_rows = WorkStream.objects.bulk_create(
        WorkStream(collective=collective, title=f"Chantier {s}", position=s)
        for s in range(streams)
    )
    project_rows = Project.objects.bulk_create(
        Project(
            collective=collective,
            work_stream=stream,
            title=f"Projet {s}-{p}",
            content=CONTENT,
            content_html=HTML,
            summary_html=SUMMARY,
            status=rng.choice(["idea", "feasibility", "running", "paused", "done"]),
            phase="Développement",
            starts_on=today - timedelta(days=100),
            ends_on=today + timedelta(days=200),
            position=p,
            created_by=boss,
        )
        for s, stream in enumerate(stream_rows)
        for p in range(projects_per_stream)
    )
    Pilots = Project.pilots.through
    Pilots.objects.bulk_create(
        Pilots(project_id=project.pk, user_id=people[(k + j) % 30].pk)
        for k, project in enumerate(project_rows)
        for j in range(2)
    )
    Milestone.objects.bulk_create(
        Milestone(project=project, title=f"Étape {m}", due_on=today + timedelta(days=60 * m - 30))
        for project in project_rows
        for m in range(2)
    )
    Need.objects.bulk_create(
        Need(project=project, kind="volunteers", description="Bénévoles")
        for project in project_rows
    )
    Action.objects.bulk_create(
        Action(
            collective=collective,
            project=project,
            title=f"Action {a} du {project.title}",
            owner=people[rng.randrange(30)],
            due_date=today + timedelta(days=rng.randint(-30, 60)),
            status=rng.choice(["todo", "todo", "in_progress", "done"]),
            created_by=boss,
        )
        for project in project_rows
        for a in range(actions_per_project)
    )
    return collective.slug


large = build("grand", 50, 20, 10)
small = build("petit", 1, 20, 10)
print(json.dumps({"large": large, "small": small}))
""".replace("__PASSWORD__", PASSWORD)


class Client(server.Client):
    """A coordinator of the bench collectives."""

    def log_in(self):
        status, page = self.request("GET", "/comptes/connexion/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.decode(),
                "username": "boss@example.org",
                "password": PASSWORD,
            }
        )
        status, _ = self.request(
            "POST",
            "/comptes/connexion/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": "http://127.0.0.1/comptes/connexion/",
            },
        )
        assert status == 302, f"login failed: {status}"


def run(port, paths, per_thread, threads=4):
    latencies = {name: [] for name in paths}
    errors = []
    lock = threading.Lock()

    def work():
        client = Client(port)
        client.log_in()
        for path in paths.values():  # warm up
            client.request("GET", path)
        for _ in range(per_thread):
            for name, path in paths.items():
                began = time.perf_counter()
                status, content = client.request("GET", path)
                elapsed = time.perf_counter() - began
                with lock:
                    if status != 200:
                        errors.append((name, status))
                    latencies[name].append(elapsed)

    began = time.monotonic()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, errors, time.monotonic() - began


def report(title, latencies, errors, elapsed, threads, sizes):
    """Print one phase's table; return the p99 over every large-board request, in ms."""
    total = sum(len(values) for values in latencies.values())
    print(
        f"{title}: {total} requests in {elapsed:.1f} s ({total / elapsed:.0f} req/s), "
        f"{threads} client thread{'s' if threads > 1 else ''}."
    )
    print()
    print("| board | work streams | projects | actions | page size | p50 | p99 | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    figures = {}
    for name, values in latencies.items():
        p50, p99 = 1000 * quantile(values, 0.5), 1000 * quantile(values, 0.99)
        figures[name] = (p50, p99)
        streams, projects, actions = (1, 20, 200) if name == "baseline" else (50, 1000, 10000)
        failed = sum(1 for error in errors if error[0] == name)
        print(
            f"| {name} | {streams} | {projects:,} | {actions:,} | {sizes[name] / 1024:.0f} KiB "
            f"| {p50:.1f} ms | {p99:.1f} ms | {failed} |"
        )
    every_large = [v for name, values in latencies.items() if name != "baseline" for v in values]
    p50 = 1000 * quantile(every_large, 0.5)
    p99 = 1000 * quantile(every_large, 0.99)
    base50, base99 = figures["baseline"]
    print()
    print(
        f"Every large-board request: p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
        f"large / baseline (50× the data): p50 ×{p50 / base50:.1f}, p99 ×{p99 / base99:.1f}."
    )
    print()
    return p99


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100, help="per page, one client")
    parser.add_argument("--loaded", type=int, default=60, help="per page, four clients")
    args = parser.parse_args()
    with Site() as site:
        began = time.monotonic()
        slugs = json.loads(site.manage(SETUP))
        built = time.monotonic() - began
        with site.serve():
            large = f"/collectifs/{slugs['large']}/chantiers/"
            paths = {
                "large, page 1": large,
                "large, page 10": large + "?page=10",
                "large, last page": large + "?page=40",
                "large, filtered": large + "?status=running&overdue=on",
                "baseline": f"/collectifs/{slugs['small']}/chantiers/",
            }
            alone = run(site.port, paths, args.requests, threads=1)
            loaded = run(site.port, paths, max(1, args.loaded // 4), threads=4)
            client = Client(site.port)
            client.log_in()
            sizes = {name: len(client.request("GET", path)[1]) for name, path in paths.items()}

    print(
        f"Projects board, gunicorn 2 workers × 4 threads on SQLite; data built in {built:.1f} s "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; the clients run "
        "on the same machine)."
    )
    print()
    p99 = report("One person at a time (the time a page takes)", *alone, 1, sizes)
    report("Four people at once, without pause (the server saturated)", *loaded, 4, sizes)
    errors = alone[1] + loaded[1]
    print(
        f"Target: p99 < {TARGET_P99_MS} ms for the large board, no error: "
        f"{p99:.1f} ms, {len(errors)} errors: "
        f"{'met' if p99 < TARGET_P99_MS and not errors else 'NOT met'} "
        f"({p99 / TARGET_P99_MS:.2f} of it)."
    )


if __name__ == "__main__":
    main()
