"""The reader of Qeli's French Gherkin scenarios."""

import datetime as dt

import pytest

from maillage.eligibility.qeli.gherkin import parse, parse_file
from maillage.eligibility.qeli.i18n import QeliInputError

TODAY = dt.date(2023, 10, 24)

FEATURE = """# language: fr
# A comment before the feature
Fonctionnalité: Couples
  Une description libre,
  sur deux lignes.

  Contexte:
    Etant donné que je suis sur le formulaire

  Scénario: 12 - marié, un enfant
    Et que je suis "MARIE", j'ai 41 ans et je m'appelle "Emmeline"
    Et que j'ai un "EPOUX", qui a 43 ans et il s'appelle "Marc"
    Et que j'ai une "ENFANT", qui a 17 ans et elle s'appelle "Ruth"
    Et que je passe à la question suivante
    Quand à la question "0101_prestations", je coche "SUBSIDES_Ruth,AVANCES"
    Et à la question "0702_formation_Ruth", je réponds "OUI "
    # Et à la question "0702_formation_Marc", je réponds "OUI"
    Et à la question "0407_typePermis_Marc", je réponds "C" sans validation
    Et à la question "0409_dateArriveeSuisse_Marc", je réponds "04.12.2016"
    Et à la question "0502_dateArriveeGeneve_Marc", je réponds 3 ans
    Et à la question "0601_revenus_Marc", je réponds "EMPLOI, CHOMAGE"   sans validation
    Alors la prestation "SUBSIDES" est éligible
    Et la prestation "BOURSES_Ruth" est refusée
    Mais la prestation "AVANCES" est déjà perçue
"""


def test_household_answers_and_expected_lines():
    (scenario,) = parse(FEATURE, TODAY)
    assert scenario.name == "12 - marié, un enfant"
    assert scenario.feature == "Couples"
    assert scenario.civil_status == "MARIE"
    assert scenario.people == [
        {"first_name": "Emmeline", "role": "demandeur", "age": 41},
        {"first_name": "Marc", "role": "EPOUX", "age": 43},
        {"first_name": "Ruth", "role": "ENFANT", "age": 17},
    ]
    assert scenario.answers == {
        "0101_prestations": "SUBSIDES_Ruth,AVANCES",
        "0702_formation_Ruth": "OUI",  # trailing spaces go
        "0407_typePermis_Marc": "C",  # "sans validation" changes nothing to the answer
        "0409_dateArriveeSuisse_Marc": "04.12.2016",
        "0502_dateArriveeGeneve_Marc": "24.10.2020",  # "3 ans" before --today
        "0601_revenus_Marc": "EMPLOI, CHOMAGE",
    }
    assert "0702_formation_Marc" not in scenario.answers  # a comment is not a step
    assert scenario.expected == {
        "SUBSIDES": "eligible",
        "BOURSES_Ruth": "refused",
        "AVANCES": "already",
    }


def test_scenario_outline_with_examples():
    source = """Fonctionnalité: Plans
  Plan du scénario: <age> ans
    Etant donné que je suis "<etat>", j'ai <age> ans et je m'appelle "Léa"
    Quand à la question "0101_prestations", je coche "<aides>"

    Exemples:
      | etat        | age | aides |
      | CELIBATAIRE | 17  | NON   |
      | VEUF        | 70  | PC_AVS_AI |
"""
    first, second = parse(source, TODAY)
    assert (first.name, first.civil_status, first.people[0]["age"]) == ("17 ans", "CELIBATAIRE", 17)
    assert first.answers == {"0101_prestations": "NON"}
    assert (second.name, second.civil_status) == ("70 ans", "VEUF")
    assert second.answers == {"0101_prestations": "PC_AVS_AI"}


def test_filling_a_question_with_a_table():
    source = """Fonctionnalité: Table
  Scénario: table
    Etant donné que je suis "CELIBATAIRE", j'ai 30 ans et je m'appelle "Ali"
    Quand à la question "0406_situationPermis_Ali", je remplis:
      | 0407_typePermis_Ali        | B       |
      | 0408_complementPermisB_Ali | ETUDES  |
"""
    (scenario,) = parse(source, TODAY)
    assert scenario.answers == {
        "0407_typePermis_Ali": "B",
        "0408_complementPermisB_Ali": "ETUDES",
    }


def test_other_steps_are_read_and_ignored():
    source = """Fonctionnalité: Navigation
  Scénario: aller et revenir
    Etant donné que Je suis sur le formulaire
    Et que Je suis "CELIBATAIRE", j'ai 18 ans et je m'appelle "Jaime"
    Quand Je passe à la question suivante
    Et je reviens à la question précédente
    Alors je vois la question "0101_prestations" "Quelle heure est-il?"
    Et un message d'erreur "Date de naissance incorrecte" s'affiche
    Et la question "0101_prestations" est posée
"""
    (scenario,) = parse(source, TODAY)
    assert scenario.people == [{"first_name": "Jaime", "role": "demandeur", "age": 18}]
    assert scenario.answers == {}


def test_a_scenario_without_household_is_a_clear_error():
    source = "Fonctionnalité: x\n  Scénario: vide\n    Quand je passe à la question suivante\n"
    with pytest.raises(QeliInputError, match="no household"):
        parse(source, TODAY)


def test_an_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(QeliInputError, match="cannot be read"):
        parse_file(tmp_path / "absent.feature", TODAY)


def test_typographic_apostrophes_and_capitals_are_read():
    source = """Fonctionnalité: x
  Scénario: y
    Etant donné que Je suis "VEUF", j’ai 70 ans et je m’appelle "Jo"
    Et que j’ai une "ENFANT", qui a 1 an et elle s’appelle "Mia"
    Et  A la question "0101_prestations", je coche "NON"
"""
    (scenario,) = parse(source, TODAY)
    assert [p["first_name"] for p in scenario.people] == ["Jo", "Mia"]
    assert scenario.people[1]["age"] == 1
    assert scenario.answers == {"0101_prestations": "NON"}
