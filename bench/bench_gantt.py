"""Benchmark of a project's Gantt chart page: 200 tasks, ~150 dependencies.

Run from the repository root:
    .venv/bin/python bench/bench_gantt.py [--runs 30]

The settings of `make demo` on the embedded SQLite database in a temporary folder
(bench/server.py: migrate, static files collected), filled with bulk inserts: a
collective with 30 people, a project with 6 phases (planned dates), 200 tasks (one or
two owners each, a start and a due date, a fifth done, some late), 150 finish-to-start
dependencies (chains across the phases, no loop) and 10 milestones. The Gantt page is
then rendered through Django's test client, as the project's coordinator, at each zoom
and by owner, ``--runs`` times after a warm-up; the time is the whole request (session,
permissions, loading the plan, the critical path, the SVG, the table, the template).

Baseline, side by side: the project's own page, same person, same runs. Printed: median
and p95 of each page, their ratio to the baseline, the page's size and query count.
Target (the issue's): the Gantt page renders in under 300 ms — its median at every zoom;
the p95 is printed beside it (on a shared machine it shows the neighbours' load).
"""

import argparse
import os
import statistics
import sys
import time

from server import ROOT, Site, quantile

TARGET_MS = 300

SETUP = """
import json, random
from datetime import timedelta
from django.utils import timezone
from maillage.accounts.models import User
from maillage.actions.models import Action, ActionOwner, Dependency, Phase
from maillage.collectives.models import Collective, Membership, Role
from maillage.projects.models import Milestone, Project, WorkStream

rng = random.Random(24)
today = timezone.localdate()
boss = User.objects.create_user("boss@example.org", "x", display_name="Coordination")
collective = Collective.objects.create(name="Bench", short_name="Bench", slug="bench")
Membership.objects.create(user=boss, collective=collective, role=Role.COORDINATOR)
people = []
for i in range(30):
    person = User.objects.create(email=f"p{i}@example.org", display_name=f"Personne {i}")
    Membership.objects.create(user=person, collective=collective)
    people.append(person)
stream = WorkStream.objects.create(collective=collective, title="Chantier", position=0)
project = Project.objects.create(
    collective=collective, work_stream=stream, title="Projet de 200 tâches",
    status="running", starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=240),
    created_by=boss,
)
project.pilots.add(boss)
phases = [
    Phase.objects.create(
        collective=collective, project=project, title=f"Phase {p + 1}", position=p,
        starts_on=today - timedelta(days=60) + timedelta(days=50 * p),
        ends_on=today - timedelta(days=60) + timedelta(days=50 * p + 49),
    )
    for p in range(6)
]
actions = []
for i in range(200):
    phase = phases[i * 6 // 200]
    start = phase.starts_on + timedelta(days=rng.randint(0, 35))
    actions.append(Action(
        collective=collective, project=project, phase=phase, title=f"Tâche {i} <à faire>",
        start_date=start, due_date=start + timedelta(days=rng.randint(0, 14)),
        status=rng.choice(["todo", "todo", "in_progress", "done"]), created_by=boss,
    ))
actions = Action.objects.bulk_create(actions)
ActionOwner.objects.bulk_create(
    ActionOwner(action=action, position=k, user=people[(i + 7 * k) % 30])
    for i, action in enumerate(actions) for k in range(1 + i % 2)
)
edges = set()
while len(edges) < 150:
    a = rng.randrange(199)
    b = rng.randrange(a + 1, min(a + 12, 200))
    edges.add((a, b))
Dependency.objects.bulk_create(
    Dependency(before=actions[a], after=actions[b]) for a, b in sorted(edges)
)
Milestone.objects.bulk_create(
    Milestone(project=project, title=f"Jalon {m}", due_on=today + timedelta(days=30 * m - 60))
    for m in range(10)
)
print(json.dumps({"slug": collective.slug, "project": project.pk}))
"""


def timings(client, path, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm up
        assert client.get(path).status_code == 200
    values = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(path)
        values.append(time.perf_counter() - began)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return values, len(response.content), len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with Site() as site:
        import json

        made = json.loads(site.manage(SETUP))
        os.environ.update(site.env)
        os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        import logging

        logging.getLogger("maillage.requests").setLevel(logging.WARNING)
        from django.test import Client
        from django.urls import reverse

        from maillage.accounts.models import User

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email="boss@example.org"))
        args_ = [made["slug"], made["project"]]
        gantt = reverse("projects:gantt", args=args_)
        pages = {
            "project page (baseline)": reverse("projects:detail", args=args_),
            "Gantt, weeks (by month)": gantt,
            "Gantt, days (by week)": gantt + "?zoom=week",
            "Gantt, months (by quarter)": gantt + "?zoom=quarter",
            "Gantt by owner": gantt + "?group=owner",
        }
        results = {name: timings(client, path, args.runs) for name, path in pages.items()}
    base = statistics.median(results["project page (baseline)"][0])
    print(
        f"Gantt page of a project with 200 tasks, 150 dependencies, 6 phases, 10 milestones; "
        f"{args.runs} runs each through Django's test client (SQLite, demo settings)."
    )
    print()
    print("| page | median | p95 | median / baseline | size | queries |")
    print("| --- | --- | --- | --- | --- | --- |")
    worst, worst_p95 = 0.0, 0.0
    for name, (values, size, queries) in results.items():
        median, p95 = 1000 * statistics.median(values), 1000 * quantile(values, 0.95)
        if name.startswith("Gantt"):
            worst, worst_p95 = max(worst, median), max(worst_p95, p95)
        print(
            f"| {name} | {median:.1f} ms | {p95:.1f} ms | {median / 1000 / base:.2f}× "
            f"| {size / 1024:.0f} KiB | {queries} |"
        )
    print()
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(
        f"Target: median under {TARGET_MS} ms on every Gantt page: {verdict} "
        f"(worst median {worst:.1f} ms, worst p95 {worst_p95:.1f} ms)."
    )
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
