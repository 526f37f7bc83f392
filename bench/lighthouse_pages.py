"""Run in `manage.py shell` by bench_lighthouse.py: loads the demo and prints, as JSON,
each page to audit with a session cookie of the demo account who would use it."""

import datetime
import json

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.collectives.models import Membership, Role
from maillage.consultations.models import Consultation, Group, Round
from maillage.events.models import Event, Registration
from maillage.meetings.models import Meeting
from maillage.projects.models import Project

CAMILLE = "camille.martin@example.org"  # coordinates the Geneva group, staff in this run
FATOU = "fatou.diallo@example.org"  # facilitates the Seine-Saint-Denis hub


def session(email, sessions={}):  # noqa: B006 (one session per account)
    if email not in sessions:
        client = Client()
        client.force_login(User.objects.get(email=email))
        sessions[email] = client.cookies["sessionid"].value
    return sessions[email]


def pages():
    call_command("load_demo", verbosity=0)
    User.objects.filter(email=CAMILLE).update(is_staff=True)
    meeting = Meeting.objects.get(
        collective__slug="gt-rte-geneve", starts_at__date=datetime.date(2021, 9, 17)
    )
    project = Project.objects.get(collective__slug="pcpe-93", title__startswith="Cafés de l'emploi")
    coacte = Consultation.objects.filter(collective__slug="co-acte").first()
    table = Group.objects.filter(consultation=coacte).order_by("pk").first()
    coacte_lead = (
        Membership.objects.active()
        .filter(collective__slug="co-acte", role=Role.COORDINATOR)
        .first()
        .user.email
    )
    delphi = Round.objects.filter(
        kind__in=["agree", "rate"], consultation__collective__slug="gt-rte-geneve"
    ).first()
    event = (
        Event.objects.filter(collective__slug="socialup", registrations__isnull=False)
        .distinct()
        .order_by("starts_at")
        .last()
    )
    registration = Registration.objects.filter(event=event).order_by("pk").first()
    geneva = meeting.collective.slug
    return [
        ("guide (baseline)", reverse("core:guide"), CAMILLE, False),
        ("dashboard", reverse("core:dashboard"), CAMILLE, False),
        ("meeting", meeting.get_absolute_url(), CAMILLE, False),
        ("minutes", reverse("meetings:minutes", args=[geneva, meeting.pk]), CAMILLE, False),
        ("project", project.get_absolute_url(), FATOU, False),
        ("board", reverse("projects:board", args=["pcpe-93"]), FATOU, False),
        (
            "theme board",
            reverse("consultations:theme_board", args=["co-acte", table.pk]),
            coacte_lead,
            False,
        ),  # noqa: E501
        (
            "wall on a phone",
            reverse("consultations:wall", args=["co-acte", table.pk]),
            coacte_lead,
            True,
        ),  # noqa: E501
        ("event page", event.get_absolute_url(), None, False),
        ("registration", registration.get_absolute_url(), None, False),
        (
            "results",
            reverse("consultations:results", args=[geneva, delphi.consultation.pk, delphi.pk]),
            CAMILLE,
            False,
        ),  # noqa: E501
    ]


print(
    json.dumps(
        [(name, url, email and session(email), phone) for name, url, email, phone in pages()]
    )
)  # noqa: E501
