"""The catalogue in data·inclusion v1, with the Swiss extension: exported records valid
against data·inclusion's models and the extension's JSON Schema, an export imported into
another collective gives the same catalogue, importing twice changes nothing, and a bad
file imports nothing and says where and why."""

import json
from datetime import date

import jsonschema
import pytest
from data_inclusion.schema.v1 import Service, Structure
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.orientation import datainclusion
from maillage.orientation import services_catalogue as services
from maillage.orientation.models import Offer
from maillage.orientation.models import Structure as CatalogueStructure

from ..factories import CollectiveFactory
from .setting import build_catalogue

pytestmark = pytest.mark.django_db

STRUCTURE_FIELDS = [
    "name",
    "organisation_id",
    "country",
    "siret",
    "uid",
    "description",
    "address",
    "postcode",
    "commune",
    "commune_code",
    "phone",
    "email",
    "website",
    "last_checked_on",
]
OFFER_FIELDS = [
    "name",
    "summary",
    "description",
    "kind",
    "needs",
    "publics",
    "criteria",
    "reference",
    "reference_url",
    "places",
    "access",
    "how_to_apply",
    "documents",
    "contact_name",
    "phone",
    "email",
    "hours",
    "address",
    "postcode",
    "commune",
    "commune_code",
    "remote",
    "cost",
    "cost_details",
    "accessibility",
    "published",
    "last_checked_on",
]


def exported(collective):
    found = CatalogueStructure.objects.filter(collective=collective)
    return datainclusion.export_catalogue(found, date.today())


def catalogue_of(collective, organisation=False):
    """The collective's catalogue as comparable data (no ids, no creation times)."""
    fields = [f for f in STRUCTURE_FIELDS if organisation or f != "organisation_id"]
    structures = CatalogueStructure.objects.filter(collective=collective).order_by("name")
    return [
        (
            {name: getattr(structure, name) for name in fields},
            [
                {name: getattr(offer, name) for name in OFFER_FIELDS}
                for offer in structure.offers.order_by("name")
            ],
        )
        for structure in structures
    ]


def test_every_exported_record_is_valid_data_inclusion_and_extension(world):
    build_catalogue(world)
    document = exported(world.collective)
    assert len(document["structures"]) == 3 and len(document["services"]) == 5
    for record in document["structures"]:
        Structure.model_validate(record)
    for record in document["services"]:
        Service.model_validate(record)
    jsonschema.validate(document, datainclusion.extension_schema())
    jsonschema.Draft202012Validator.check_schema(datainclusion.extension_schema())


def test_swiss_records_leave_the_french_fields_empty_and_use_the_extension(world):
    built = build_catalogue(world)
    document = exported(world.collective)
    hospice = next(r for r in document["structures"] if r["nom"] == "Hospice général")
    assert hospice["siret"] is None and hospice["code_postal"] is None
    assert hospice["code_insee"] is None
    assert hospice["extensions"]["ch"] == {
        "uid": built.hospice.uid,
        "code_postal": "1201",
        "code_commune_ofs": "6621",
    }
    french = next(r for r in document["structures"] if r["nom"].startswith("Mission"))
    assert french["siret"] == built.french.siret
    assert french["code_postal"] == "74100" and french["code_insee"] == "74012"
    assert "ch" not in french["extensions"]
    qualife = next(r for r in document["services"] if r["nom"] == "Qualife 50+")
    assert qualife["type"] == "accompagnement"
    categories = {value.split("--")[0] for value in qualife["thematiques"]}
    assert categories == {"trouver-un-emploi", "remobilisation"}
    assert set(qualife["publics"]) == {"seniors", "demandeurs-emploi"}
    assert "Avoir entre 50 et 64 ans" in qualife["conditions_acces"]
    assert qualife["extensions"]["maillage"]["criteres"] == built.qualife.criteria


@pytest.mark.parametrize(
    "change",
    [
        {"siret": "73282932000074"},
        {"code_postal": "01201"},
    ],
)
def test_the_extension_schema_refuses_french_fields_on_a_swiss_record(world, change):
    build_catalogue(world)
    document = exported(world.collective)
    document["structures"][0].update(change)
    assert document["structures"][0]["extensions"].get("ch") is not None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, datainclusion.extension_schema())


def test_the_extension_schema_refuses_a_five_digit_swiss_postcode(world):
    build_catalogue(world)
    document = exported(world.collective)
    document["structures"][0]["extensions"]["ch"]["code_postal"] = "12011"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, datainclusion.extension_schema())


def test_round_trip_into_another_collective_gives_the_same_catalogue(world):
    build_catalogue(world)
    text = json.dumps(exported(world.collective))
    other = CollectiveFactory()
    counts = services.import_catalogue(actor=world.coordinator, collective=other, text=text)
    assert counts == {"created": 8, "updated": 0, "unchanged": 0}
    assert catalogue_of(other) == catalogue_of(world.collective)
    # And its export is the same document.
    assert json.loads(json.dumps(exported(other))) == json.loads(text)


def test_importing_twice_changes_nothing(world):
    build_catalogue(world)
    text = json.dumps(exported(world.collective))
    other = CollectiveFactory()
    services.import_catalogue(actor=world.coordinator, collective=other, text=text)
    before = catalogue_of(other)
    events = AuditEvent.objects.count()
    counts = services.import_catalogue(actor=world.coordinator, collective=other, text=text)
    assert counts == {"created": 0, "updated": 0, "unchanged": 8}
    assert catalogue_of(other) == before
    assert AuditEvent.objects.count() == events
    assert CatalogueStructure.objects.filter(collective=other).count() == 3


def test_importing_its_own_export_changes_nothing(world):
    build_catalogue(world)
    text = json.dumps(exported(world.collective))
    before = catalogue_of(world.collective, organisation=True)
    counts = services.import_catalogue(
        actor=world.coordinator, collective=world.collective, text=text
    )
    assert counts["created"] == 0
    assert catalogue_of(world.collective, organisation=True) == before


def test_a_changed_record_updates_its_offer(world):
    build_catalogue(world)
    document = exported(world.collective)
    other = CollectiveFactory()
    services.import_catalogue(actor=world.coordinator, collective=other, text=json.dumps(document))
    document["services"][0]["horaires_accueil"] = "Mo-Fr 08:00-12:00"
    counts = services.import_catalogue(
        actor=world.coordinator, collective=other, text=json.dumps(document)
    )
    assert counts["updated"] == 1
    assert Offer.objects.filter(structure__collective=other, hours="Mo-Fr 08:00-12:00").exists()


DORA = {
    "structures": [
        {
            "source": "dora",
            "id": "dora--42",
            "nom": "Centre social Le Tournesol",
            "date_maj": "2025-02-14",
            "siret": "73282932000074",
            "code_postal": "74100",
            "code_insee": "74012",
            "commune": "Annemasse",
        }
    ],
    "services": [
        {
            "source": "dora",
            "structure_id": "dora--42",
            "id": "dora--s1",
            "nom": "Atelier numérique",
            "description": "Apprendre à utiliser un ordinateur, pas à pas.",
            "date_maj": "2025-02-14",
            "type": "atelier",
            "thematiques": ["numerique--maitriser-les-fondamentaux-du-numerique"],
            "publics": ["tous-publics"],
            "mobilisable_par": ["professionnels"],
            "modes_accueil": ["a-distance"],
            "frais": "payant",
        }
    ],
}


def test_a_french_file_without_extensions_imports(world):
    counts = services.import_catalogue(
        actor=world.coordinator, collective=world.collective, text=json.dumps(DORA)
    )
    assert counts["created"] == 2
    offer = Offer.objects.get(source_id="dora--s1")
    assert offer.needs == ["numerique"] and offer.publics == ["tous-publics"]
    assert offer.kind == "coaching" and offer.access == "partner"
    assert offer.remote and offer.cost == "paid"
    assert offer.structure.country == "FR" and offer.structure.commune_code == "74012"


def bad_file(changes):
    document = json.loads(json.dumps(DORA))
    for (kind, key), value in changes.items():
        document[kind][0][key] = value
    return json.dumps(document, indent=2)


def refused(world, text):
    with pytest.raises(services.ImportRefused) as error:
        services.import_catalogue(actor=world.coordinator, collective=world.collective, text=text)
    assert not CatalogueStructure.objects.exists() and not Offer.objects.exists()
    return error.value.problems


def test_a_bad_record_imports_nothing_and_says_its_line(world):
    # The second record of "services" is bad; the first is fine.
    document = json.loads(json.dumps(DORA))
    second = {**document["services"][0], "id": "dora--s2", "nom": "AB"}
    document["services"].append(second)
    text = json.dumps(document, indent=2)
    problems = refused(world, text)
    line = text.splitlines().index("    {", text.splitlines().index('  "services": [') + 2) + 1
    assert len(problems) == 1
    assert problems[0].startswith(f"Service 2 (ligne {line})")
    assert "nom" in problems[0]


@pytest.mark.parametrize(
    "changes, words",
    [
        ({("structures", "siret"): "73282932000075"}, "SIRET"),
        ({("structures", "code_postal"): "1201"}, "code_postal"),
        ({("services", "structure_id"): "dora--99"}, "dora--99"),
        ({("services", "publics"): ["marins"]}, "publics"),
        ({("structures", "extensions"): {"ch": {"uid": "CHE-1"}}}, "uid"),
        ({("structures", "site_web"): "https://example.org/" + "a" * 200}, "site_web"),
        (
            {("services", "extensions"): {"maillage": {"reference_url": "javascript:alert(1)"}}},
            "reference_url",
        ),
    ],
)
def test_bad_records_get_a_reason_in_french(world, changes, words):
    problems = refused(world, bad_file(changes))
    assert any(words in problem for problem in problems), problems


def test_a_file_that_is_not_json(world):
    problems = refused(world, '{"structures": [\n  {"id": }\n]}')
    assert problems == ["Ce fichier n'est pas du JSON (ligne 2, colonne 10)."]


def test_import_page_shows_every_problem_and_keeps_nothing(client, world):
    client.force_login(world.coordinator)
    url = reverse("orientation:import", args=[world.collective.slug])
    upload = SimpleUploadedFile("dora.json", bad_file({("services", "nom"): "AB"}).encode())
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "Service 1 (ligne" in response.content.decode()
    assert not CatalogueStructure.objects.exists()
    upload = SimpleUploadedFile("dora.json", json.dumps(DORA).encode())
    assert client.post(url, {"file": upload}).status_code == 302
    assert CatalogueStructure.objects.count() == 1


def test_export_page_downloads_the_json(client, world):
    build_catalogue(world)
    client.force_login(world.coordinator)
    response = client.get(reverse("orientation:export", args=[world.collective.slug]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert len(json.loads(response.content)["services"]) == 5


def test_record_lines():
    text = '{\n "structures": [\n  {"a": "[{"},\n  {\n "b": 1}\n ],\n "services": [{}]\n}'
    assert datainclusion.record_lines(text) == {"structures": [3, 4], "services": [7]}


def test_an_impossible_date_in_the_extension_is_a_problem(world):
    problems = refused(
        world,
        bad_file({("structures", "extensions"): {"maillage": {"date_verification": "2026-13-45"}}}),
    )
    assert any("date_verification" in problem for problem in problems), problems


def test_date_maj_is_never_after_the_servers_today():
    """Near midnight the collective's day may be the server's tomorrow, which
    data·inclusion's models refuse as a date in the future."""
    from datetime import timedelta

    tomorrow = date.today() + timedelta(days=1)
    assert datainclusion._date_maj(tomorrow, today=tomorrow) == date.today().isoformat()
    assert datainclusion._date_maj(None, today=tomorrow) == date.today().isoformat()
