"""Lighthouse's accessibility and best-practices scores of ten key pages of the demo.

Run from the repository root (`make bench` installs Lighthouse from the npm registry
into var/node and runs this):
    .venv/bin/python bench/bench_lighthouse.py

The real stack of `make demo` (bench/server.py) with the demo data loaded; each page is
opened by Lighthouse in Debian's Chromium (/usr/bin/chromium, headless), as the person
who would use it (a session made for that demo account, passed as a cookie). The live
wall is audited with Lighthouse's phone settings, the other pages on a desktop screen.
Printed: each page's two scores beside the target (95), the baseline column being the
design system's guide page measured in the same run; the exit status is 1 when a score
is under the target.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from server import ROOT, Site

LIGHTHOUSE = ROOT / "var" / "node" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
TARGET = 95
CATEGORIES = ("accessibility", "best-practices")

# Each page: (name, URL, e-mail of the demo account or None, phone?)
SETUP = r"""
import datetime, json
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from maillage.accounts.models import User
from maillage.collectives.models import Membership, Role
from maillage.consultations.models import Consultation, Group, Round
from maillage.events.models import Event, Registration
from maillage.meetings.models import Meeting
from maillage.projects.models import Project

call_command("load_demo", verbosity=0)
User.objects.filter(email="camille.martin@example.org").update(is_staff=True)
sessions = {}
def session(email):
    if email not in sessions:
        client = Client()
        client.force_login(User.objects.get(email=email))
        sessions[email] = client.cookies["sessionid"].value
    return sessions[email]

meeting = Meeting.objects.get(collective__slug="gt-rte-geneve", starts_at__date=datetime.date(2021, 9, 17))
project = Project.objects.get(collective__slug="pcpe-93", title__startswith="Cafés de l'emploi")
coacte = Consultation.objects.filter(collective__slug="co-acte").first()
table = Group.objects.filter(consultation=coacte).order_by("pk").first()
coacte_lead = Membership.objects.active().filter(collective__slug="co-acte", role=Role.COORDINATOR).first().user.email
closed = Round.objects.filter(status="closed", kind__in=["agree", "rate"]).select_related("consultation__collective").order_by("-pk").first()
event = Event.objects.filter(collective__slug="socialup", registrations__isnull=False).distinct().order_by("starts_at").last()
registration = Registration.objects.filter(event=event).order_by("pk").first()
camille, fatou = "camille.martin@example.org", "fatou.diallo@example.org"
pages = [
    ("guide (baseline)", reverse("core:guide"), camille, False),
    ("dashboard", reverse("core:dashboard"), camille, False),
    ("meeting", meeting.get_absolute_url(), camille, False),
    ("minutes", reverse("meetings:minutes", args=[meeting.collective.slug, meeting.pk]), camille, False),
    ("project", project.get_absolute_url(), fatou, False),
    ("board", reverse("projects:board", args=["pcpe-93"]), fatou, False),
    ("theme board", reverse("consultations:theme_board", args=["co-acte", coacte.pk, table.pk]), coacte_lead, False),
    ("wall on a phone", reverse("consultations:wall", args=["co-acte", coacte.pk, table.pk]), coacte_lead, True),
    ("event page", event.get_absolute_url(), None, False),
    ("registration", registration.get_absolute_url(), None, False),
    ("results", reverse("consultations:results", args=[closed.consultation.collective.slug, closed.consultation.pk, closed.pk]), camille, False),
]
print(json.dumps([(name, url, email and session(email), phone) for name, url, email, phone in pages]))
"""


def audit(site, url, cookie, phone, folder):
    report = Path(folder, "report.json")
    command = [
        str(LIGHTHOUSE),
        f"http://127.0.0.1:{site.port}{url}",
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--locale=fr",
    ]
    if not phone:
        command.append("--preset=desktop")
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": f"sessionid={cookie}"}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        f"{audit['id']} ({audit.get('score')})"
        for audit in result["audits"].values()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
    ]
    return scores, failing


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: `make bench` installs it into var/node.")
    with Site() as site:
        pages = json.loads(site.manage(SETUP))
        rows, low = [], []
        with site.serve(), tempfile.TemporaryDirectory() as folder:
            for name, url, cookie, phone in pages:
                scores, failing = audit(site, url, cookie, phone, folder)
                rows.append((name, scores, failing))
                if name != "guide (baseline)" and min(scores.values()) < TARGET:
                    low.append(name)
        baseline = rows[0][1]
        print(f"Lighthouse {', '.join(CATEGORIES)} (target ≥ {TARGET}; ratio to the baseline page)")
        print(f"{'page':<18} {'accessibility':>18} {'best practices':>18}  failed audits")
        for name, scores, failing in rows:
            cells = [
                f"{scores[c]:>3} ({scores[c] / baseline[c]:.2f}×)" if baseline[c] else f"{scores[c]:>3}"
                for c in CATEGORIES
            ]
            print(f"{name:<18} {cells[0]:>18} {cells[1]:>18}  {', '.join(failing) or '-'}")
        if low:
            print(f"Under {TARGET}: {', '.join(low)}")
            sys.exit(1)


if __name__ == "__main__":
    main()
