"""The demo board: the Seine-Saint-Denis hub's four work streams and its projects."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from maillage.projects.models import Need, Project, WorkStream

pytestmark = pytest.mark.django_db


def test_the_hub_has_four_work_streams_and_its_projects():
    call_command("load_demo", stdout=StringIO())
    streams = WorkStream.objects.filter(collective__slug="pcpe-93")
    assert streams.count() == 4
    titles = set(Project.objects.filter(collective__slug="pcpe-93").values_list("title", flat=True))
    assert {
        "Cafés de l'emploi et leur suivi",
        "Étude d'un groupement d'employeurs",
        "Coopérative d'activités et d'emploi",
        "Laboratoire du travail social",
        "Fondation territoriale citoyenne",
        "Livre d'expériences du pôle",
    } <= titles
    study = Project.objects.get(title="Étude d'un groupement d'employeurs")
    funding = Need.objects.get(project=study, kind="funding")
    assert funding.amount == 25000 and funding.currency == "EUR"
    # A decision of the task force became an action of the recruitment project.
    # (Its other actions are the planned tasks of demo/planning.py.)
    action = (
        Project.objects.get(title__startswith="Opération de recrutement")
        .actions.filter(phase=None)
        .get()
    )
    assert action.decision is not None and "20 recrutements" in action.decision.text
    # A second run creates nothing more.
    call_command("load_demo", stdout=StringIO())
    assert Project.objects.filter(collective__slug="pcpe-93").count() == len(titles)


def test_the_sicoval_phases_are_on_its_public_results_page(client):
    call_command("load_demo", stdout=StringIO())
    phases = Project.objects.filter(collective__slug="ptce-sicoval").order_by("position")
    assert [p.status for p in phases] == ["done", "running", "idea"]
    assert all(p.public for p in phases)
    page = client.get("/collectifs/ptce-sicoval/resultats/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Étude de faisabilité des locaux partagés" in html and "Développement" in html
    # The running phase's page shows how its status moved, and no pilot.
    running = phases[1]
    html = client.get(
        f"/collectifs/ptce-sicoval/resultats/{running.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    table = html[html.index("results-statuses") :]
    statuses = re.findall(r"<td>(Idea|Feasibility|Running|Done)", table)
    assert statuses == ["Idea", "Feasibility", "Running"]
    for pilot in running.pilots.all():
        assert pilot.display_name not in html and pilot.email not in html
    # The hub's private board stays out of sight.
    assert client.get("/collectifs/pcpe-93/resultats/").status_code == 404


def test_the_collective_page_links_to_its_public_results(client):
    call_command("load_demo", stdout=StringIO())
    results = "/collectifs/ptce-sicoval/resultats/"
    assert results in client.get("/collectifs/ptce-sicoval/").content.decode()
    Project.objects.filter(collective__slug="ptce-sicoval").update(public=False)
    assert results not in client.get("/collectifs/ptce-sicoval/").content.decode()
