"""The demo board: the Seine-Saint-Denis hub's four work streams and its projects."""

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
    action = Project.objects.get(title__startswith="Opération de recrutement").actions.get()
    assert action.decision is not None and "20 recrutements" in action.decision.text
    # A second run creates nothing more.
    call_command("load_demo", stdout=StringIO())
    assert Project.objects.filter(collective__slug="pcpe-93").count() == len(titles)
