"""Qeli's questions grouped as it asks them: which benefits each group can still decide
(it is asked only while one is open), its skip rule, which of its questions are shown,
and the answers Qeli's form prefills."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .facts import AVS_AI, Facts
from .model import Household, Person
from .questions import NON, OUI

Key = tuple[str, int]  # (benefit, person id)


@dataclass
class Group:
    """Questions Qeli shows together (one screen in Qeli; one question a screen here)."""

    id: str
    items: list[tuple[str, Person | None, Callable[[Facts], bool] | None]]
    concerns: Callable[[set[Key]], bool]
    skip: Callable[[Facts], bool] | None = None
    subject: Person | None = None
    # A skip rule that also looks at the benefits still open (a partner's questions).
    skip_open: Callable[[Facts, set[Key]], bool] | None = None


QUESTION_GROUP_IDS = {
    "0506_parentsEnfants",
    "0101_prestations",
    "0702_formation",
    "0701_scolarite",
    "0401_nationalite",
    "0406_situationPermis",
    "0501_domicileCantonGE",
    "0601_revenus",
    "0901_taxationOffice",
    "0902_tauxActivite",
    "0903_tauxActiviteDernierEmploi",
    "0912_tauxActiviteVariable6DernierMois",
    "0905_tauxActiviteMoyen6DernierMois",
    "1001_proprietaireOuLocataireLogement",
    "1002_bailLogementAVotreNom",
    "1004_nombreDePiecesLogement",
    "1006_montantLoyerFixeOuVariable",
    "1101_assuranceMaladieSuisse",
    "1201_droitPensionAlimentaire",
    "1202_recoisEntierementPensionAlimentaire",
    "1302_fortuneSuperieureA",
    "1301_impotFortune",
    "1401_exempteImpot",
    "1403_fonctionnaireInternational",
    "1404_parentsHabiteFranceTravailleSuisse",
}


def _any(benefits: Iterable[str], person: Person | None = None):
    wanted = set(benefits)

    def concerns(open_: set[Key]) -> bool:
        return any(
            benefit in wanted and (person is None or person_id == person.id)
            for benefit, person_id in open_
        )

    return concerns


def _either(*tests):
    return lambda open_: any(test(open_) for test in tests)


def _incomes(facts: Facts, person: Person) -> list[str]:
    return facts.incomes(person) or []


def _partner_only_for_pc_fam(facts: Facts, person: Person, open_: set[Key]) -> bool:
    """Qeli skips a cohabiting partner's questions when they only mattered for family
    benefits and the couple has no child together."""
    own = [benefit for benefit, person_id in open_ if person_id == person.id]
    if all(benefit == "PC_FAM" for benefit in own):
        household = facts.household
        return not person.is_demandeur and household.has_concubin and not facts.common_child()
    return False


def build_groups(household: Household) -> list[Group]:
    family = list(household.family)
    parents = [household.demandeur] + ([household.partner] if household.partner else [])
    groups: list[Group] = []
    everything = lambda open_: bool(open_)  # noqa: E731
    if household.children:
        groups.append(
            Group(
                "0506_parentsEnfants",
                [("0506_parentsEnfants", child, None) for child in household.children],
                everything,
            )
        )
    groups.append(Group("0101_prestations", [("0101_prestations", None, None)], everything))
    groups.append(
        Group(
            "0702_formation",
            [("0702_formation", person, None) for person in family],
            _any(("BOURSES", "PC_FAM")),
        )
    )
    for person in family:
        groups.append(
            Group(
                "0701_scolarite",
                [("0701_scolarite", person, None)],
                _any(("BOURSES",), person),
                subject=person,
            )
        )
    groups.append(
        Group(
            "0401_nationalite",
            [("0401_nationalite", person, None) for person in family],
            _any(("PC_AVS_AI", "BOURSES")),
        )
    )
    for person in family:

        def permit_is(kind, person=person):
            return lambda facts: facts.answers.get(f"0407_typePermis_{person.first_name}") == kind

        def permit_not_g(facts, person=person):
            return facts.answers.get(f"0407_typePermis_{person.first_name}") != "G"

        groups.append(
            Group(
                "0406_situationPermis",
                [
                    ("0407_typePermis", person, None),
                    ("0408_complementPermisB", person, permit_is("B")),
                    ("0408_complementPermisC", person, permit_is("C")),
                    ("0408_complementPermisF", person, permit_is("F")),
                    ("0409_dateArriveeSuisse", person, permit_not_g),
                ],
                _any(("PC_AVS_AI", "BOURSES"), person),
                skip=lambda facts, person=person: "ch" in (facts.nationalities(person) or []),
                subject=person,
            )
        )
    for person in parents:

        def in_geneva_shown(facts, person=person):
            return facts.answers.get(f"0501_domicileCantonGE_{person.first_name}") != NON

        groups.append(
            Group(
                "0501_domicileCantonGE",
                [
                    ("0501_domicileCantonGE", person, None),
                    ("0502_dateArriveeGeneve", person, in_geneva_shown),
                ],
                _either(
                    _any(("PC_FAM", "PC_AVS_AI")),
                    _any(("AVANCES", "ALLOCATION_LOGEMENT", "AIDE_SOCIALE"), person),
                ),
                subject=person,
                skip_open=lambda f, open_, p=person: _partner_only_for_pc_fam(f, p, open_),
            )
        )
    for person in family:
        is_parent = person in parents

        def rente_shown(facts, person=person):
            return not any(item in AVS_AI for item in _incomes(facts, person))

        groups.append(
            Group(
                "0601_revenus",
                [
                    ("0601_revenus", person, None),
                    ("0602_situationRente", person, rente_shown),
                ],
                _either(
                    _any(("PC_FAM",)) if is_parent else (lambda open_: False),
                    _any(("AIDE_SOCIALE", "PC_AVS_AI", "BOURSES"), person),
                ),
                subject=person,
                skip_open=lambda f, open_, p=person: _partner_only_for_pc_fam(f, p, open_),
            )
        )
    pc_fam = _any(("PC_FAM",))
    groups.append(Group("0901_taxationOffice", [("0901_taxationOffice", None, None)], pc_fam))
    for person in parents:

        def independent(facts, person=person):
            return "INDEPENDANT" in _incomes(facts, person)

        def unknown(facts, person=person):
            return facts.income_unknown(person)

        def has(kinds, facts, person=person):
            return any(item in kinds for item in _incomes(facts, person))

        groups.append(
            Group(
                "0902_tauxActivite",
                [("0902_tauxActivite", person, None)],
                pc_fam,
                skip=lambda f, p=person, i=independent, u=unknown, h=has: (
                    i(f, p) or (not h(("EMPLOI",), f, p) and not u(f, p))
                ),
                subject=person,
            )
        )
        groups.append(
            Group(
                "0903_tauxActiviteDernierEmploi",
                [("0903_tauxActiviteDernierEmploi", person, None)],
                pc_fam,
                skip=lambda f, p=person, i=independent, u=unknown, h=has: (
                    i(f, p) or (not h(("CHOMAGE", "APG"), f, p) and not u(f, p))
                ),
                subject=person,
            )
        )
        groups.append(
            Group(
                "0912_tauxActiviteVariable6DernierMois",
                [("0912_tauxActiviteVariable6DernierMois", person, None)],
                pc_fam,
                skip=lambda f, p=person, i=independent, u=unknown, h=has: (
                    i(f, p)
                    or f.declared_rate(p, with_last_job=True) >= f.min_rate()
                    or (not h(("CHOMAGE", "APG"), f, p) and not u(f, p))
                ),
                subject=person,
            )
        )
        groups.append(
            Group(
                "0905_tauxActiviteMoyen6DernierMois",
                [("0905_tauxActiviteMoyen6DernierMois", person, None)],
                pc_fam,
                skip=lambda f, p=person: (
                    f.answers.get(f"0912_tauxActiviteVariable6DernierMois_{p.first_name}") != OUI
                ),
                subject=person,
            )
        )
    housing = _any(("ALLOCATION_LOGEMENT",))
    for question_id in (
        "1001_proprietaireOuLocataireLogement",
        "1002_bailLogementAVotreNom",
        "1004_nombreDePiecesLogement",
        "1006_montantLoyerFixeOuVariable",
    ):
        groups.append(Group(question_id, [(question_id, None, None)], housing))

    def no_subsides_yet(person):
        return lambda facts: (
            f"SUBSIDES_{person.first_name}" not in (facts.answers.get("0101_prestations") or [])
            and not (
                person.is_demandeur and "SUBSIDES" in (facts.answers.get("0101_prestations") or [])
            )
        )

    groups.append(
        Group(
            "1101_assuranceMaladieSuisse",
            [("1101_assuranceMaladieSuisse", person, no_subsides_yet(person)) for person in family],
            _any(("SUBSIDES",)),
        )
    )
    advances = _any(("AVANCES",))
    groups.append(
        Group(
            "1201_droitPensionAlimentaire", [("1201_droitPensionAlimentaire", None, None)], advances
        )
    )
    groups.append(
        Group(
            "1202_recoisEntierementPensionAlimentaire",
            [("1202_recoisEntierementPensionAlimentaire", None, None)],
            advances,
        )
    )
    groups.append(
        Group(
            "1302_fortuneSuperieureA",
            [("1302_fortuneSuperieureA", None, None)],
            _any(("AIDE_SOCIALE",)),
        )
    )
    groups.append(
        Group(
            "1301_impotFortune",
            [("1301_impotFortune", None, None)],
            housing,
            skip=lambda f: (
                "1302_fortuneSuperieureA" in f.answers
                and f.answers["1302_fortuneSuperieureA"] != OUI
            ),
        )
    )
    groups.append(
        Group("1401_exempteImpot", [("1401_exempteImpot", None, None)], _any(("SUBSIDES",)))
    )

    def not_refugee(person):
        return lambda facts: not facts.refugee(person)

    def student_permit(person):
        return lambda facts: (
            facts.answers.get(f"0408_complementPermisB_{person.first_name}") == "ETUDES"
        )

    groups.append(
        Group(
            "1403_fonctionnaireInternational",
            [("1403_fonctionnaireInternational", person, not_refugee(person)) for person in family],
            _any(("BOURSES",)),
            skip=lambda f: all(f.refugee(person) for person in family),
        )
    )
    groups.append(
        Group(
            "1404_parentsHabiteFranceTravailleSuisse",
            [
                ("1404_parentsHabiteFranceTravailleSuisse", person, student_permit(person))
                for person in family
            ],
            _any(("BOURSES",)),
            skip=lambda f: not any(student_permit(person)(f) for person in family),
        )
    )
    return groups


# -- defaults Qeli fills in when a scenario does not answer ------------------------------
def prefilled_answer(
    question_id: str, person: Person | None, household: Household, answers: Mapping
):
    """The answer Qeli's form shows before the person answers, or None."""
    demandeur = household.demandeur
    if person is None or person.is_demandeur:
        if question_id == "0602_situationRente":
            return [NON]
        return None
    copy_from_applicant = {
        "1101_assuranceMaladieSuisse",
        "1403_fonctionnaireInternational",
    }
    if question_id in copy_from_applicant or (
        question_id == "0401_nationalite" and person.is_child
    ):
        return answers.get(f"{question_id}_{demandeur.first_name}")
    if question_id == "0601_revenus" and person.is_child:
        return [NON]
    if question_id == "0602_situationRente":
        return [NON]
    return None
