"""Each criterion of the seven benefits' rules, beyond Qeli's scenarios: a household that
meets it (the benefit is eligible) and the same household with one answer changed so that
it fails (the benefit is refused, with that criterion as the reason). And the rule files
themselves: readable by the core, versioned, dated, with their legal reference."""

import datetime as dt

import pytest

from maillage.eligibility.qeli import BENEFIT_ORDER, benefits_in_force, outcomes
from maillage.eligibility.qeli.flow import RULES_DIR

TODAY = dt.date(2023, 10, 24)

FAMILY = {
    "civil_status": "marie",
    "people": [
        {"first_name": "Ana", "role": "demandeur", "age": 40},
        {"first_name": "Marc", "role": "epoux", "age": 42},
        {"first_name": "Ruben", "role": "enfant", "age": 17},
    ],
}
# A working family in Geneva, renting, with a son at school: everything but the AVS/AI
# supplementary benefits is open to them.
FAMILY_ANSWERS = {
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
    "1001_proprietaireOuLocataireLogement": "LOCATAIRE_SOUS_LOCATAIRE",
    "1002_bailLogementAVotreNom": "OUI",
    "1004_nombreDePiecesLogement": "4",
    "1006_montantLoyerFixeOuVariable": "FIXE",
    "1101_assuranceMaladieSuisse_Ana": "OUI",
    "1101_assuranceMaladieSuisse_Marc": "OUI",
    "1101_assuranceMaladieSuisse_Ruben": "OUI",
    "1201_droitPensionAlimentaire": "OUI",
    "1202_recoisEntierementPensionAlimentaire": "NON",
    "1302_fortuneSuperieureA": "NON",
    "1301_impotFortune": "NON",
    "1401_exempteImpot": "NON",
    "1403_fonctionnaireInternational_Ana": "NON",
    "1403_fonctionnaireInternational_Marc": "NON",
    "1403_fonctionnaireInternational_Ruben": "NON",
}
FAMILY_ELIGIBLE = {"SUBSIDES", "AVANCES", "ALLOCATION_LOGEMENT", "PC_FAM", "AIDE_SOCIALE"}
FAMILY_ELIGIBLE |= {"BOURSES"}

# A Swiss pensioner, who gets the AVS/AI supplementary benefits.
PENSIONER = {"civil_status": "veuf", "people": [{"first_name": "Jo", "age": 70}]}
PENSIONER_ANSWERS = {
    "0101_prestations": "NON",
    "0702_formation_Jo": "NON",
    "0401_nationalite_Jo": "ch",
    "0501_domicileCantonGE_Jo": "OUI",
    "0502_dateArriveeGeneve_Jo": "DEPUIS_NAISSANCE",
    "0601_revenus_Jo": "AVS_RETRAITE",
    "1001_proprietaireOuLocataireLogement": "PROPRIETAIRE",
    "1101_assuranceMaladieSuisse_Jo": "OUI",
    "1201_droitPensionAlimentaire": "NON",
    "1401_exempteImpot": "NON",
}
# A student from abroad, who may get a study grant.
STUDENT = {"civil_status": "celibataire", "people": [{"first_name": "Lou", "age": 22}]}
STUDENT_ANSWERS = {
    "0101_prestations": "NON",
    "0702_formation_Lou": "OUI",
    "0701_scolarite_Lou": "UNIVERSITE_MASTER",
    "0401_nationalite_Lou": "af",
    "0407_typePermis_Lou": "B",
    "0408_complementPermisB_Lou": "ETUDES",
    "0409_dateArriveeSuisse_Lou": "01.09.2021",
    "0501_domicileCantonGE_Lou": "OUI",
    "0502_dateArriveeGeneve_Lou": "01.09.2021",
    "0601_revenus_Lou": "EMPLOI",
    "0602_situationRente_Lou": "NON",
    "1001_proprietaireOuLocataireLogement": "AUTRE",
    "1101_assuranceMaladieSuisse_Lou": "OUI",
    "1201_droitPensionAlimentaire": "NON",
    "1302_fortuneSuperieureA": "NON",
    "1401_exempteImpot": "NON",
    "1403_fonctionnaireInternational_Lou": "NON",
    "1404_parentsHabiteFranceTravailleSuisse_Lou": "OUI",
    "1002_bailLogementAVotreNom": "NON",
}

# The family, not married: the partner's own family benefit counts only with a child
# together, and a partner's pension refuses only the partner's own.
COUPLE = {
    **FAMILY,
    "civil_status": "celibataire",
    "people": [
        dict(person, role="concubin") if person["first_name"] == "Marc" else person
        for person in FAMILY["people"]
    ],
}
CASES = {
    "family": (FAMILY, FAMILY_ANSWERS),
    "couple": (COUPLE, FAMILY_ANSWERS),
    "pensioner": (PENSIONER, PENSIONER_ANSWERS),
    "student": (STUDENT, STUDENT_ANSWERS),
}

# (benefit, criterion, case, answers changed so that this criterion fails)
REFUSALS = [
    ("SUBSIDES", "no_pc_avs_ai", "family", {"0101_prestations": "PC_AVS_AI"}),
    ("SUBSIDES", "no_pc_fam", "family", {"0101_prestations": "PC_FAM"}),
    ("SUBSIDES", "no_social_aid", "family", {"0101_prestations": "AIDE_SOCIALE"}),
    (
        "SUBSIDES",
        "swiss_health_insurance",
        "family",
        {f"1101_assuranceMaladieSuisse_{n}": "NON" for n in ("Ana", "Marc", "Ruben")},
    ),
    ("SUBSIDES", "not_tax_exempt", "family", {"1401_exempteImpot": "OUI"}),
    ("AVANCES", "lives_in_geneva", "family", {"0501_domicileCantonGE_Ana": "NON"}),
    ("AVANCES", "has_maintenance_right", "family", {"1201_droitPensionAlimentaire": "NON"}),
    (
        "AVANCES",
        "maintenance_not_paid_in_full",
        "family",
        {"1202_recoisEntierementPensionAlimentaire": "OUI"},
    ),
    ("ALLOCATION_LOGEMENT", "no_pc_avs_ai", "family", {"0101_prestations": "PC_AVS_AI"}),
    ("ALLOCATION_LOGEMENT", "no_hm_subsidy", "family", {"0101_prestations": "SUBVENTION_HM"}),
    ("ALLOCATION_LOGEMENT", "lives_in_geneva", "family", {"0501_domicileCantonGE_Ana": "NON"}),
    (
        "ALLOCATION_LOGEMENT",
        "tenant",
        "family",
        {"1001_proprietaireOuLocataireLogement": "PROPRIETAIRE"},
    ),
    ("ALLOCATION_LOGEMENT", "lease_in_own_name", "family", {"1002_bailLogementAVotreNom": "NON"}),
    ("ALLOCATION_LOGEMENT", "rooms_fit_household", "family", {"1004_nombreDePiecesLogement": "6"}),
    (
        "ALLOCATION_LOGEMENT",
        "rent_not_income_based",
        "family",
        {"1006_montantLoyerFixeOuVariable": "EN_FONCTION_REVENU"},
    ),
    (
        "ALLOCATION_LOGEMENT",
        "no_wealth_tax",
        "family",
        {"1302_fortuneSuperieureA": "OUI", "1301_impotFortune": "OUI"},
    ),
    ("PC_FAM", "no_pc_avs_ai", "family", {"0101_prestations": "PC_AVS_AI"}),
    ("PC_FAM", "partner_shares_a_child", "couple", {"0506_parentsEnfants_Ruben": "MOI"}),
    ("PC_FAM", "no_pension", "couple", {"0601_revenus_Marc": "AI_INVALIDITE"}),
    ("PC_FAM", "child_up_to_25", "family", {}),  # see FAMILY_WITH_ADULT_CHILD below
    ("PC_FAM", "dependent_child", "family", {"0702_formation_Ruben": "NON", "_age": 19}),
    (
        "PC_FAM",
        "five_years_in_geneva",
        "family",
        {"0502_dateArriveeGeneve_Ana": "01.01.2021", "0502_dateArriveeGeneve_Marc": "01.01.2021"},
    ),
    (
        "PC_FAM",
        "lives_in_geneva",
        "family",
        {"0501_domicileCantonGE_Ana": "NON", "0501_domicileCantonGE_Marc": "NON"},
    ),
    ("PC_FAM", "parents_without_pension", "family", {"0601_revenus_Marc": "AI_INVALIDITE"}),
    (
        "PC_FAM",
        "not_self_employed",
        "family",
        {"0601_revenus_Ana": "INDEPENDANT", "0601_revenus_Marc": "INDEPENDANT"},
    ),
    (
        "PC_FAM",
        "work_income",
        "family",
        {"0601_revenus_Ana": "NON", "0601_revenus_Marc": "NON"},
    ),
    ("PC_FAM", "work_rate", "family", {"0902_tauxActivite_Marc": "20"}),
    (
        "PC_FAM",
        "work_rate_variable",
        "family",
        {
            "0601_revenus_Marc": "CHOMAGE",
            "0903_tauxActiviteDernierEmploi_Marc": "20",
            "0912_tauxActiviteVariable6DernierMois_Marc": "NON",
        },
    ),
    (
        "PC_FAM",
        "work_rate_average",
        "family",
        {
            "0601_revenus_Marc": "CHOMAGE",
            "0903_tauxActiviteDernierEmploi_Marc": "20",
            "0912_tauxActiviteVariable6DernierMois_Marc": "OUI",
            "0905_tauxActiviteMoyen6DernierMois_Marc": "30",
        },
    ),
    ("AIDE_SOCIALE", "adult", "family", {"_applicant_age": 17}),
    ("AIDE_SOCIALE", "lives_in_geneva", "family", {"0501_domicileCantonGE_Ana": "NON"}),
    ("AIDE_SOCIALE", "no_pension", "family", {"0601_revenus_Ana": "AVS_VEUF"}),
    ("AIDE_SOCIALE", "small_wealth", "family", {"1302_fortuneSuperieureA": "OUI"}),
    ("PC_AVS_AI", "no_pc_fam", "pensioner", {"0101_prestations": "PC_FAM"}),
    (
        "PC_AVS_AI",
        "years_in_switzerland",
        "pensioner",
        {
            "0401_nationalite_Jo": "af",
            "0407_typePermis_Jo": "B",
            "0408_complementPermisB_Jo": "UE_AELE",
            "0409_dateArriveeSuisse_Jo": "01.01.2020",
        },
    ),
    ("PC_AVS_AI", "lives_in_geneva", "pensioner", {"0501_domicileCantonGE_Jo": "NON"}),
    (
        "PC_AVS_AI",
        "pension_or_right_to_one",
        "pensioner",
        {"0601_revenus_Jo": "EMPLOI", "0602_situationRente_Jo": "NON"},
    ),
    ("BOURSES", "in_training", "student", {"0702_formation_Lou": "NON"}),
    ("BOURSES", "eligible_training", "student", {"0701_scolarite_Lou": "UNIVERSITE_DOCTORAT"}),
    ("BOURSES", "residence_permit", "student", {"0407_typePermis_Lou": "L"}),
    ("BOURSES", "no_replacement_income", "student", {"0601_revenus_Lou": "CHOMAGE"}),
    (
        "BOURSES",
        "not_international_civil_servant",
        "student",
        {"1403_fonctionnaireInternational_Lou": "OUI"},
    ),
    (
        "BOURSES",
        "parents_pay_taxes_in_geneva",
        "student",
        {"1404_parentsHabiteFranceTravailleSuisse_Lou": "NON"},
    ),
]


def _case(case, changes):
    household, answers = CASES[case]
    household = {**household, "people": [dict(person) for person in household["people"]]}
    answers = dict(answers)
    for key, value in changes.items():
        if key == "_age":
            household["people"][-1]["age"] = value
        elif key == "_applicant_age":
            household["people"][0]["age"] = value
        else:
            answers[key] = value
    return household, answers


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_reference_households(case):
    household, answers = CASES[case]
    results = outcomes(household, answers, TODAY)
    eligible = {key for key, result in results.items() if result.outcome == "eligible"}
    expected = {
        "family": FAMILY_ELIGIBLE
        | {"SUBSIDES_Ana", "SUBSIDES_Marc", "SUBSIDES_Ruben"}
        | {"BOURSES_Ruben"},
        "couple": FAMILY_ELIGIBLE
        | {"SUBSIDES_Ana", "SUBSIDES_Marc", "SUBSIDES_Ruben"}
        | {"BOURSES_Ruben"},
        "pensioner": {"SUBSIDES", "SUBSIDES_Jo", "PC_AVS_AI"},
        "student": {"SUBSIDES", "SUBSIDES_Lou", "BOURSES", "BOURSES_Lou", "AIDE_SOCIALE"},
    }[case]
    assert eligible == expected


@pytest.mark.parametrize(
    ("benefit", "criterion", "case", "changes"),
    REFUSALS,
    ids=[f"{benefit}-{criterion}" for benefit, criterion, _, _ in REFUSALS],
)
def test_each_criterion_refuses_when_it_fails(benefit, criterion, case, changes):
    if criterion == "child_up_to_25":
        household, answers = _case(case, {"_age": 27, "0702_formation_Ruben": "NON"})
    else:
        household, answers = _case(case, changes)
    eligible_before = outcomes(*CASES[case], TODAY)[benefit]
    assert eligible_before.outcome == "eligible"
    result = outcomes(household, answers, TODAY)[benefit]
    if case == "couple":  # the partner's own eligibility; the applicant's stays
        assert result.outcome == "eligible"
        result = next(item for item in result.people if item.person == "Marc")
    assert result.outcome == "refused"
    failed = [reason.criterion for reason in result.reasons if reason.status == "failed"]
    assert criterion in failed


# Households where the criteria that the reference households do not reach are met.
ELIGIBLE_VARIANTS = [
    ("family", {"1302_fortuneSuperieureA": "OUI", "1301_impotFortune": "NON"}),
    (
        "family",
        {
            "0601_revenus_Marc": "CHOMAGE",
            "0903_tauxActiviteDernierEmploi_Marc": "20",
            "0912_tauxActiviteVariable6DernierMois_Marc": "OUI",
            "0905_tauxActiviteMoyen6DernierMois_Marc": "60",
        },
    ),
    (
        "pensioner",
        {
            "0401_nationalite_Jo": "af",
            "0407_typePermis_Jo": "C",
            "0408_complementPermisC_Jo": "UE_AELE",
            "0409_dateArriveeSuisse_Jo": "01.01.2000",
        },
    ),
    ("pensioner", {"0401_nationalite_Jo": "us", "0409_dateArriveeSuisse_Jo": "01.01.2017"}),
]


def test_each_criterion_is_met_by_an_eligible_household():
    met = set()
    variants = [(case, {}) for case in CASES] + ELIGIBLE_VARIANTS
    for case, changes in variants:
        for key, result in outcomes(*_case(case, changes), TODAY).items():
            if result.outcome == "eligible":
                met |= {
                    (key.split("_")[0] if result.person else key, r.criterion)
                    for r in result.reasons
                    if r.status == "passed"
                }
    met = {(benefit, criterion) for benefit, criterion in met}
    tested = {(benefit, criterion) for benefit, criterion, _, _ in REFUSALS}
    assert tested - met == set()


def test_every_criterion_of_every_rule_is_tested():
    tested = {(benefit, criterion) for benefit, criterion, _, _ in REFUSALS}
    written = {
        (benefit.id, criterion.id)
        for benefit in benefits_in_force(TODAY).values()
        for criterion in benefit.criteria
    }
    assert written == tested


def test_the_rule_files_are_versioned_dated_and_referenced():
    from maillage.eligibility.rules import RuleSet

    rules = RuleSet.from_yaml(*sorted(RULES_DIR.glob("*.yaml")))  # the core reads them too
    assert sorted(rule.id for rule in rules.in_force(TODAY)) == sorted(BENEFIT_ORDER)
    for rule in rules.rules:
        assert rule.version >= 1 and rule.valid_from is not None
        assert rule.reference["title"] and rule.reference["url"].startswith("https://")
        for criterion in rule.criteria:
            assert criterion.label["fr"] and criterion.label["en"]
    references = " ".join(rule.reference["title"] for rule in rules.rules)
    for law in ("J 3 05", "E 1 25", "I 4 05", "J 4 25", "J 4 04", "J 4 20", "C 1 20"):
        assert law in references


def test_no_rule_in_force_is_a_clear_error():
    from maillage.eligibility.qeli import QeliInputError

    with pytest.raises(QeliInputError, match="No rule in force"):
        benefits_in_force(dt.date(2001, 1, 1))
