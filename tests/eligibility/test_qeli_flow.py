"""The questionnaire's interface: the household, the adaptive flow, going back, checking
an answer, and the outcomes with their reasons."""

import datetime as dt
import json

import pytest

from maillage.eligibility.qeli import (
    QUESTIONS,
    AnswerError,
    Household,
    HouseholdError,
    QeliInputError,
    asked_questions,
    next_question,
    outcomes,
    previous_question,
    validate_answer,
)

TODAY = dt.date(2023, 10, 24)
SINGLE = {"civil_status": "celibataire", "people": [{"first_name": "Rémi", "age": 41}]}
FAMILY = {
    "civil_status": "marie",
    "people": [
        {"first_name": "Ana", "role": "demandeur", "age": 40},
        {"first_name": "Marc", "role": "epoux", "age": 42},
        {"first_name": "Ruben", "role": "enfant", "age": 17},
    ],
}


def walk_through(household, answers_to_give):
    """Answer each question the flow asks with ``answers_to_give``; the ids asked."""
    answers, asked = {}, []
    while (question := next_question(household, answers, TODAY)) is not None:
        asked.append(question.id)
        answers[question.id] = answers_to_give[question.id]
    return asked, answers


def test_household_from_a_plain_dict_and_back():
    household = Household.from_dict(FAMILY)
    assert [p.role for p in household.people] == ["demandeur", "epoux", "enfant"]
    assert household.partner.first_name == "Marc"
    assert [c.first_name for c in household.children] == ["Ruben"]
    again = Household.from_dict(json.loads(json.dumps(household.to_dict())))
    assert again == household


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"civil_status": "celibataire", "people": []}, "at least the applicant"),
        ({"civil_status": "inconnu", "people": [{"first_name": "A", "age": 3}]}, "civil status"),
        ({"civil_status": "marie", "people": [{"first_name": "A"}]}, "age or a birth date"),
        (
            {
                "civil_status": "marie",
                "people": [
                    {"first_name": "A", "age": 30},
                    {"first_name": "a", "role": "enfant", "age": 3},
                ],
            },
            "same first name",
        ),
        (
            {
                "civil_status": "marie",
                "people": [
                    {"first_name": "A", "age": 30},
                    {"first_name": "B", "role": "oncle", "age": 3},
                ],
            },
            "Unknown role",
        ),
    ],
)
def test_a_bad_household_is_refused_with_a_clear_message(data, message):
    with pytest.raises(QeliInputError, match=message):
        Household.from_dict(data)


def test_household_messages_are_in_both_languages():
    with pytest.raises(HouseholdError) as caught:
        Household.from_dict(
            {
                "civil_status": "celibataire",
                "people": [{"first_name": "Léa", "birth_date": "2030-01-01"}],
            },
            today=TODAY,
        )
    assert caught.value.text("fr") == "La date de naissance de Léa est dans le futur."
    assert caught.value.text("en") == "Léa's birth date is in the future."
    with pytest.raises(HouseholdError) as caught:
        Household.from_dict(
            {"civil_status": "celibataire", "people": [{"first_name": "", "age": 3}]}
        )
    assert caught.value.text("fr") == "Écrivez le prénom de chaque personne."


def test_questions_have_plain_labels_in_french_and_english():
    for question in QUESTIONS:
        for label in (question.label, question.help or {"fr": "x", "en": "x"}):
            assert label["fr"].strip() and label["en"].strip()
        for option in question.options:
            assert option.label["fr"].strip() and option.label["en"].strip()
        # one idea a sentence: no sentence of a label is long
        for sentence in question.label["fr"].replace("?", ".").split("."):
            assert len(sentence.split()) <= 20, (question.id, sentence)


def test_the_first_questions_follow_the_household():
    assert next_question(SINGLE, {}, TODAY).id == "0101_prestations"
    first = next_question(FAMILY, {}, TODAY)
    assert first.id == "0506_parentsEnfants_Ruben"  # only asked when there are children
    assert first.label("fr") == "Qui sont les parents de Ruben ?"
    assert first.label("en") == "Who are Ruben's parents?"


def test_a_question_comes_only_while_it_still_matters():
    base = {
        "0101_prestations": "NON",
        "0702_formation_Rémi": "NON",
        "0401_nationalite_Rémi": "ch",
        "0501_domicileCantonGE_Rémi": "OUI",
        "0502_dateArriveeGeneve_Rémi": "DEPUIS_NAISSANCE",
        "0601_revenus_Rémi": "EMPLOI",
        "0602_situationRente_Rémi": "NON",
        "1001_proprietaireOuLocataireLogement": "LOCATAIRE_SOUS_LOCATAIRE",
        "1002_bailLogementAVotreNom": "OUI",
        "1004_nombreDePiecesLogement": "3",
        "1006_montantLoyerFixeOuVariable": "FIXE",
        "1101_assuranceMaladieSuisse_Rémi": "OUI",
        "1201_droitPensionAlimentaire": "NON",
        "1302_fortuneSuperieureA": "NON",
        "1401_exempteImpot": "NON",
    }
    asked, _ = walk_through(SINGLE, base)
    # Not in training: no question on the kind of training. Swiss: no permit. No child:
    # no family benefit, so no question on the work rate.
    assert "0701_scolarite_Rémi" not in asked
    assert "0407_typePermis_Rémi" not in asked
    assert "0902_tauxActivite_Rémi" not in asked
    assert "1202_recoisEntierementPensionAlimentaire" not in asked  # no right to maintenance
    assert "1301_impotFortune" not in asked  # small wealth: the tax question is skipped
    # An owner is not asked about the lease, the rooms or the rent.
    owner = dict(base, **{"1001_proprietaireOuLocataireLogement": "PROPRIETAIRE"})
    asked_owner, _ = walk_through(SINGLE, owner)
    assert "1002_bailLogementAVotreNom" in asked
    assert "1002_bailLogementAVotreNom" not in asked_owner
    assert "1004_nombreDePiecesLogement" not in asked_owner
    # A foreigner is asked about the permit, and a student about the training.
    foreign = dict(base, **{"0401_nationalite_Rémi": "fr", "0702_formation_Rémi": "OUI"})
    foreign |= {
        "0407_typePermis_Rémi": "C",
        "0408_complementPermisC_Rémi": "UE_AELE",
        "0409_dateArriveeSuisse_Rémi": "04.12.2018",
        "0701_scolarite_Rémi": "UNIVERSITE_MASTER",
        "1403_fonctionnaireInternational_Rémi": "NON",
    }
    asked_foreign, _ = walk_through(SINGLE, foreign)
    assert asked_foreign.index("0407_typePermis_Rémi") < asked_foreign.index(
        "0408_complementPermisC_Rémi"
    )
    assert "0408_complementPermisB_Rémi" not in asked_foreign
    assert "0701_scolarite_Rémi" in asked_foreign


def test_already_receiving_everything_ends_the_questionnaire_at_once():
    answers = {
        "0101_prestations": "SUBSIDES_Rémi,AVANCES,ALLOCATION_LOGEMENT,BOURSES_Rémi,PC_AVS_AI,"
        "PC_FAM,AIDE_SOCIALE"
    }
    assert next_question(SINGLE, answers, TODAY) is None
    results = outcomes(SINGLE, answers, TODAY)
    assert {key: r.outcome for key, r in results.items()} == {
        "SUBSIDES": "already",
        "SUBSIDES_Rémi": "already",
        "AVANCES": "already",
        "ALLOCATION_LOGEMENT": "already",
        "PC_FAM": "already",
        "AIDE_SOCIALE": "already",
        "PC_AVS_AI": "already",
        "BOURSES": "already",
        "BOURSES_Rémi": "already",
    }


def test_going_back_keeps_the_answers():
    answers = {"0101_prestations": "NON", "0702_formation_Rémi": "NON"}
    current = next_question(SINGLE, answers, TODAY)
    assert current.id == "0401_nationalite_Rémi"
    back = previous_question(SINGLE, answers, TODAY, current=current.id)
    assert back.id == "0702_formation_Rémi"
    assert previous_question(SINGLE, answers, TODAY, current=back.id).id == "0101_prestations"
    assert previous_question(SINGLE, answers, TODAY, current="0101_prestations") is None
    assert previous_question(SINGLE, answers, TODAY).id == "0702_formation_Rémi"
    assert previous_question(SINGLE, {}, TODAY) is None
    # Going back changes nothing: the next question is still the same.
    assert next_question(SINGLE, answers, TODAY).id == current.id


def test_changing_an_earlier_answer_changes_the_path():
    answers = {"0101_prestations": "NON", "0702_formation_Rémi": "OUI"}
    assert next_question(SINGLE, answers, TODAY).id == "0701_scolarite_Rémi"
    answers["0702_formation_Rémi"] = "NON"
    assert next_question(SINGLE, answers, TODAY).id == "0401_nationalite_Rémi"


@pytest.mark.parametrize(
    ("question", "value", "french"),
    [
        ("0409_dateArriveeSuisse_Rémi", "01.01.2030", "dans le futur"),
        ("0409_dateArriveeSuisse_Rémi", "31.02.2020", "comme ceci"),
        ("0409_dateArriveeSuisse_Rémi", "01.01.1970", "avant la naissance"),
        ("1004_nombreDePiecesLogement", "0", "entre 1 et 20"),
        ("1004_nombreDePiecesLogement", "trois", "Écrivez un nombre"),
        ("0902_tauxActivite_Rémi", "120", "entre 0 et 100"),
        ("0101_prestations", "NON,AVANCES", "se choisit seul"),
        ("0101_prestations", "SUBSIDES_Zoé", "personne de votre ménage"),
        ("0401_nationalite_Rémi", "zz", "pays de la liste"),
        ("1001_proprietaireOuLocataireLogement", "CHATEAU", "réponses proposées"),
        ("0702_formation_Rémi", "", "Choisissez ou écrivez"),
    ],
)
def test_a_bad_answer_gets_a_clear_message_in_both_languages(question, value, french):
    with pytest.raises(AnswerError) as caught:
        validate_answer(SINGLE, question, value, TODAY)
    assert french in caught.value.text("fr")
    assert caught.value.text("en")
    assert caught.value.text("en") != caught.value.text("fr")


def test_good_answers_are_stored_in_a_plain_form():
    assert validate_answer(SINGLE, "0409_dateArriveeSuisse_Rémi", "04.12.2018", TODAY) == (
        "2018-12-04"
    )
    assert validate_answer(SINGLE, "0409_dateArriveeSuisse_Rémi", "DEPUIS_NAISSANCE", TODAY) == (
        "DEPUIS_NAISSANCE"
    )
    assert validate_answer(SINGLE, "0601_revenus_Rémi", "EMPLOI, CHOMAGE", TODAY) == [
        "EMPLOI",
        "CHOMAGE",
    ]
    assert validate_answer(SINGLE, "0401_nationalite_Rémi", "FR,it", TODAY) == ["fr", "it"]
    assert validate_answer(SINGLE, "0101_prestations", "SUBSIDES_rémi", TODAY) == ["SUBSIDES_Rémi"]
    assert validate_answer(SINGLE, "1004_nombreDePiecesLogement", "4", TODAY) == 4


def test_outcomes_have_reasons_in_plain_words():
    answers = {
        "0101_prestations": "NON",
        "0702_formation_Rémi": "NON",
        "0401_nationalite_Rémi": "ch",
        "0501_domicileCantonGE_Rémi": "NON",
    }
    results = outcomes(SINGLE, answers, TODAY)
    avances = results["AVANCES"]
    assert avances.outcome == "refused"
    assert "Il faut habiter dans le canton de Genève." in avances.reason_texts("fr")
    assert "You must live in the canton of Geneva." in avances.reason_texts("en")
    bourses = results["BOURSES_Rémi"]
    assert bourses.outcome == "refused"
    assert bourses.to_dict("en")["reasons"][-1] == {
        "criterion": "in_training",
        "status": "failed",
        "text": "This help is for people in training.",
    }
    # Still open when the questionnaire stops early: eligible so far.
    assert results["SUBSIDES"].outcome == "eligible"


def test_the_wealth_question_names_the_household_s_limit():
    answers = {
        "0506_parentsEnfants_Ruben": "LES_DEUX",
        "0101_prestations": "NON",
        "0702_formation_Ana": "NON",
        "0702_formation_Marc": "NON",
        "0702_formation_Ruben": "OUI",
        "0701_scolarite_Ruben": "COLLEGE_APRENTISSAGE",
        "0401_nationalite_Ana": "ch",
        "0401_nationalite_Marc": "ch",
        "0401_nationalite_Ruben": "ch",
        "0501_domicileCantonGE_Ana": "OUI",
        "0502_dateArriveeGeneve_Ana": "DEPUIS_NAISSANCE",
        "0501_domicileCantonGE_Marc": "OUI",
        "0502_dateArriveeGeneve_Marc": "DEPUIS_NAISSANCE",
        "0601_revenus_Ana": "EMPLOI",
        "0602_situationRente_Ana": "NON",
        "0601_revenus_Marc": "EMPLOI",
        "0602_situationRente_Marc": "NON",
        "0601_revenus_Ruben": "NON",
        "0602_situationRente_Ruben": "NON",
        "0901_taxationOffice": "NON",
        "0902_tauxActivite_Ana": "50",
        "0902_tauxActivite_Marc": "50",
        "1001_proprietaireOuLocataireLogement": "PROPRIETAIRE",
        "1101_assuranceMaladieSuisse_Ana": "OUI",
        "1101_assuranceMaladieSuisse_Marc": "OUI",
        "1101_assuranceMaladieSuisse_Ruben": "OUI",
        "1201_droitPensionAlimentaire": "NON",
    }
    question = next_question(FAMILY, answers, TODAY)
    assert question.id == "1302_fortuneSuperieureA"
    # 4'000 for the applicant, 4'000 for the spouse, 2'000 for the dependent child.
    assert "10\u2019000" in question.label("fr")


def test_a_cohabiting_partner_is_not_asked_what_no_longer_matters():
    """Without a child together, an unmarried partner's family benefit is refused at
    once; when nothing else is open for them, Qeli does not ask where they live nor what
    they earn."""
    household = {
        "civil_status": "celibataire",
        "people": [
            {"first_name": "Ana", "age": 35},
            {"first_name": "Marc", "role": "concubin", "age": 36},
            {"first_name": "Ruben", "role": "enfant", "age": 5},
        ],
    }
    answers = {
        "0506_parentsEnfants_Ruben": "MOI",
        "0101_prestations": "SUBSIDES_Marc",
        "0702_formation_Ana": "NON",
        "0702_formation_Marc": "NON",
        "0702_formation_Ruben": "NON",
        "0401_nationalite_Ana": "ch",
        "0401_nationalite_Marc": "ch",
        "0401_nationalite_Ruben": "ch",
        "0501_domicileCantonGE_Ana": "OUI",
        "0502_dateArriveeGeneve_Ana": "DEPUIS_NAISSANCE",
        "0601_revenus_Ana": "EMPLOI",
        "0602_situationRente_Ana": "NON",
        "0601_revenus_Ruben": "NON",
        "0602_situationRente_Ruben": "NON",
    }
    assert next_question(household, answers, TODAY).id == "0901_taxationOffice"
    asked = [q.id for q in asked_questions(household, answers, TODAY)]
    assert "0501_domicileCantonGE_Ana" in asked
    assert "0501_domicileCantonGE_Marc" not in asked
    assert "0601_revenus_Marc" not in asked
    # With a child together, the partner counts, and is asked.
    together = dict(answers, **{"0506_parentsEnfants_Ruben": "LES_DEUX"})
    assert next_question(household, together, TODAY).id == "0501_domicileCantonGE_Marc"


def test_options_follow_the_household():
    question = next_question(FAMILY, {"0506_parentsEnfants_Ruben": "LES_DEUX"}, TODAY)
    assert question.id == "0101_prestations"
    values = [value for value, _ in question.options("fr")]
    assert values[:3] == ["SUBSIDES_Ana", "SUBSIDES_Marc", "SUBSIDES_Ruben"]
    assert "BOURSES_Ruben" in values and "AVANCES" in values and values[-2:] == ["NON", "INCONNU"]
    assert dict(question.options("en"))["SUBSIDES_Ruben"] == "Help to pay health insurance: Ruben"
    # Without a partner, a child's parents cannot be "the two of us".
    alone = {
        "civil_status": "divorce",
        "people": [
            {"first_name": "Ana", "age": 40},
            {"first_name": "Ruben", "role": "enfant", "age": 9},
        ],
    }
    parents = next_question(alone, {}, TODAY)
    assert [value for value, _ in parents.options("fr")] == ["MOI", "AUTRES"]
    with pytest.raises(AnswerError):
        validate_answer(alone, "0506_parentsEnfants_Ruben", "LES_DEUX", TODAY)
    assert validate_answer(alone, "0506_parentsEnfants_Ruben", "MOI", TODAY) == "MOI"


def test_the_nationality_question_offers_countries_by_name():
    question = next_question(
        SINGLE, {"0101_prestations": "NON", "0702_formation_Rémi": "NON"}, TODAY
    )
    assert question.id == "0401_nationalite_Rémi" and question.kind == "country"
    options = question.options("fr")
    names = [name for _, name in options]
    assert names.index("Égypte") < names.index("Érythrée") < names.index("Espagne")
    assert ("ch", "Suisse") in options and ("apatride", "Sans nationalité (apatride)") in options
    assert ("ch", "Switzerland") in question.options("en")
    assert len(options) == 251  # every ISO 3166 code, and stateless


def test_a_per_person_question_named_without_a_person_is_the_applicant_s():
    """Qeli's scenarios sometimes answer a per-person question by its group's id (the first
    answer on Qeli's screen, the applicant's)."""
    answers = {"0101_prestations": "NON", "1101_assuranceMaladieSuisse": "NON"}
    results = outcomes(SINGLE, answers, TODAY)
    assert results["SUBSIDES_Rémi"].outcome == "refused"
    assert results["SUBSIDES"].outcome == "refused"
    # The applicant's answer named in full wins.
    answers["1101_assuranceMaladieSuisse_Rémi"] = "OUI"
    assert outcomes(SINGLE, answers, TODAY)["SUBSIDES"].outcome == "eligible"
