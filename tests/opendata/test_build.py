"""The open data ZIP: its files and columns, the JSON equal to the CSV, nothing
private and no person's data (tests/opendata/setting.py)."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.collectives.models import Visibility
from maillage.core.errors import DomainError
from maillage.documents.style import neutralise
from maillage.events.services_registrations import erase_past_personal_data
from maillage.opendata import datasets, services
from maillage.opendata.build import csv_cell, data_files
from maillage.opendata.models import OpenDataFile
from maillage.orientation import datainclusion
from maillage.projects import services as projects

from ..events.setting import build_event, register
from ..orientation.setting import OfferFactory
from .setting import PRIVATE, build_published, secrets


@pytest.fixture
def published(world):
    return build_published(world)


def open_zip(content):
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    return {name: archive.read(name) for name in archive.namelist()}


def read_csv(data):
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture
def files(published, world):
    return open_zip(services.publish(collective=world.collective).content)


def rows(files, name):
    return json.loads(files[f"{name}.json"])


def test_the_zip_holds_each_dataset_as_csv_and_json_with_readme_and_licence(files):
    expected = {f"{d.name}.{ext}" for d in datasets.DATASETS for ext in ("csv", "json")}
    assert set(files) == expected | {"data-inclusion.json", "README.md", "LICENCE.txt"}
    for dataset in datasets.DATASETS:
        header = read_csv(files[f"{dataset.name}.csv"])[0]
        assert header == dataset.names
        for row in rows(files, dataset.name):
            assert list(row) == dataset.names


def test_the_json_says_what_the_csv_says(files):
    for dataset in datasets.DATASETS:
        table = read_csv(files[f"{dataset.name}.csv"])[1:]
        expected = []
        for row in rows(files, dataset.name):
            cells = []
            for value in row.values():
                value = csv_cell(value)
                if isinstance(value, float):
                    value = f"{value:.4f}".rstrip("0").rstrip(".")
                cells.append("" if value is None else neutralise(str(value)))
            expected.append(cells)
        assert table == expected, dataset.name


def test_the_public_work_is_there_with_its_counts(files, published, world):
    (collective,) = rows(files, "collective")
    assert collective["name"] == world.collective.name
    assert collective["url"].endswith(f"/collectifs/{world.collective.slug}/")
    assert [o["name"] for o in rows(files, "organisations")] == ["Hospice général"]

    (project,) = rows(files, "projects")
    assert project["title"] == "Cafés de l'emploi"
    assert project["status"] == "running"
    assert (project["milestones"], project["milestones_reached"], project["progress"]) == (2, 1, 50)
    assert project["partners"] == "Hospice général"
    milestones = rows(files, "milestones")
    assert [(m["title"], bool(m["reached_on"])) for m in milestones] == [
        ("Premier café", True),
        ("Dixième café", False),
    ]

    (event,) = rows(files, "events")
    assert event["title"] == "Table ronde : le revenu de transition"
    assert (event["registered"], event["waiting"], event["attended"]) == (2, 1, 1)
    assert event["capacity"] == 2
    assert event["online"] is False

    consultations = rows(files, "consultations")
    assert {c["id"] for c in consultations} == {published.consultation.pk, published.unpublished.pk}
    (theme,) = rows(files, "themes")
    assert theme["title"] == "Un travail qui a du sens"
    assert theme["statement"] == "Le travail doit avoir du sens pour chacun."
    assert (theme["group"], theme["notes"]) == ("Table des Pâquis", 2)

    statements = rows(files, "statements")
    # The closed rounds only: the open round's statement is not there.
    assert [(s["round"], s["text"]) for s in statements] == [
        (1, "Le sens d'abord"),
        (1, "Le revenu d'abord"),
        (2, "Le sens d'abord"),
    ]
    agree, alone, rate = statements
    assert (agree["votes"], agree["agree"], agree["disagree"], agree["pass"]) == (4, 3, 1, 0)
    assert agree["share_agree"] == 0.75
    assert agree["consensus"] is True
    assert agree["theme"] == "Un travail qui a du sens"
    assert (alone["votes"], alone["consensus"]) == (1, False)
    assert (rate["votes"], rate["median"], rate["agree"]) == (4, 7.5, None)

    offers = {o["name"] for o in rows(files, "offers")}
    assert offers == {
        "Qualife 50+",
        "PAI+",
        "Chèque annuel de formation",
        "Accompagnement des jeunes",
    }
    structures = {s["name"] for s in rows(files, "structures")}
    assert structures == {"Hospice général", "OFPC", "Mission locale du Genevois"}


def test_the_catalogue_is_in_the_data_inclusion_format_without_contacts(files):
    document = json.loads(files["data-inclusion.json"])
    assert len(document["structures"]) == 3
    assert {s["nom"] for s in document["services"]} >= {"Qualife 50+", "PAI+"}
    for record in document["services"]:
        assert record["courriel"] is record["telephone"] is record["contact_nom_prenom"] is None
    for record in document["structures"]:
        assert record["courriel"] is record["telephone"] is None
    # Still valid data·inclusion records, with the Swiss extension.
    structure_model, service_model = datainclusion._models()
    for model, definition, key in [
        (structure_model, "structure_record", "structures"),
        (service_model, "service_record", "services"),
    ]:
        for record in document[key]:
            assert datainclusion.model_problems(model, record) == []
            assert datainclusion.extension_problems(definition, record) == []


def test_no_private_content_and_no_persons_data_in_any_file(files):
    text = {name: data.decode("utf-8-sig") for name, data in files.items()}
    found = [
        (secret, name)
        for secret in secrets()
        for name, content in text.items()
        if secret.lower() in content.lower()
    ]
    assert not found
    # The search is not vacuous: the public work is in the same files.
    assert "Cafés de l'emploi" in text["projects.csv"]
    assert all(word not in text["README.md"] for word in PRIVATE)


def test_the_readme_says_what_each_file_holds_the_date_and_the_licence(files, world):
    readme = files["README.md"].decode()
    for dataset in datasets.DATASETS:
        assert f"`{dataset.name}.csv`" in readme
        for name in dataset.names:
            assert f"| `{name}` |" in readme
    assert "Licence Ouverte / Open Licence 2.0" in readme
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in readme
    assert "Construit le" in readme  # the site's default language, French
    assert world.collective.name in readme
    licence = files["LICENCE.txt"].decode()
    assert "etalab-2.0" in licence and "paternité" in licence and "source" in licence


def test_the_same_content_keeps_its_file_and_a_change_makes_a_new_one(published, world):
    first = services.publish(collective=world.collective)
    built_at, content = first.built_at, bytes(first.content)
    again = services.publish(collective=world.collective)
    assert again.pk == first.pk
    assert (again.built_at, bytes(again.content)) == (built_at, content)
    assert again.checked_at > first.built_at
    published.event.registrations.filter(status="waiting").update(status="cancelled")
    changed = services.publish(collective=world.collective)
    assert changed.fingerprint != first.fingerprint
    assert changed.built_at > built_at
    assert rows(open_zip(changed.content), "events")[0]["waiting"] == 0
    assert OpenDataFile.objects.count() == 1


def test_a_private_collective_publishes_nothing(world):
    with pytest.raises(DomainError) as refused:
        services.publish(collective=world.collective)
    assert refused.value.field == "collective"
    assert str(refused.value) == "Seul un collectif public publie des données ouvertes."
    assert world.collective.visibility == Visibility.PRIVATE
    assert not OpenDataFile.objects.exists()


def test_the_build_reads_in_queries_that_do_not_grow_with_the_rows(
    published, world, django_assert_num_queries
):
    """More projects, milestones, events with registrations and offers: the same
    number of queries (the vote results depend on the rounds only)."""
    with CaptureQueriesContext(connection) as first:
        data_files(world.collective)
    for number in range(3):
        project = projects.create_project(
            actor=world.coordinator,
            work_stream=published.project.work_stream,
            title=f"Projet {number}",
            pilots=[world.member],
            partners=[world.organisation],
        )
        projects.update_project(
            actor=world.coordinator, project=project, base_version=project.version, public=True
        )
        projects.add_milestone(
            actor=world.coordinator,
            project=project,
            title="Jalon",
            due_on=published.project.starts_on,
        )
        event = build_event(world, capacity=5)
        register(event, number)
        OfferFactory(structure=published.catalogue.ofpc, name=f"Offre {number}")
    with django_assert_num_queries(len(first.captured_queries)):
        files = data_files(world.collective)
    assert len(json.loads(files["projects.json"])) == 4
    assert len(json.loads(files["events.json"])) == 4


def test_an_event_whose_registrants_were_erased_keeps_its_counts(published, world):
    event = published.event
    type(event).objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=400),
        ends_at=timezone.now() - timedelta(days=399, hours=22),
    )
    assert erase_past_personal_data() == 1
    files = open_zip(services.publish(collective=world.collective).content)
    (row,) = rows(files, "events")
    assert (row["registered"], row["waiting"], row["attended"]) == (2, 1, 1)
