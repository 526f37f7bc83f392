"""Qeli's answers turned into the facts its rules read.

Three namespaces: ``person`` (the person whose eligibility is decided), ``subject`` (the
person the current question is about, for questions asked per person) and
``household``. A fact is None when the question that gives it was not asked; the rules
then decide nothing on it (three-valued logic). Where Qeli reads a missing answer as
"no" (someone not said to be in training is not in training), the fact says False.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .countries import EU_EFTA, SOCIAL_SECURITY_AGREEMENT, STATELESS, SWITZERLAND
from .model import CONCUBIN, ENFANT, PARTNER_ROLES, Household, Person
from .questions import INCONNU, NON, OUI, parse_date

AVS_AI = ("AVS_RETRAITE", "AVS_VEUF", "AVS_ENFANT", "AI_ENFANT", "AI_INVALIDITE")
WORK = ("EMPLOI", "CHOMAGE", "APG")
PER_PERSON_BENEFITS = ("SUBSIDES", "BOURSES")
PERMIT_DETAILS = ("0408_complementPermisB", "0408_complementPermisC", "0408_complementPermisF")
MIN_RATE_ALONE = 40
MIN_RATE_COUPLE = 90
WEALTH_LIMIT = 4000
WEALTH_LIMIT_PER_CHILD = 2000
WEALTH_LIMIT_SPOUSE = 4000
WEALTH_LIMIT_MAX = 10000


def answer(answers: Mapping, question_id: str, person: Person | None = None):
    key = question_id if person is None else f"{question_id}_{person.first_name}"
    return answers.get(key)


def _list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class Facts:
    """The facts of one household for the answers given so far (``answers`` holds only
    the answers of the questions actually asked)."""

    def __init__(self, household: Household, answers: Mapping, today: dt.date):
        self.household = household
        self.answers = answers
        self.today = today
        self._people: dict[int, dict] = {}
        self._household: dict | None = None

    # -- per person --------------------------------------------------------------
    def age(self, person: Person) -> int:
        return person.age_on(self.today) or 0

    def incomes(self, person: Person) -> list[str] | None:
        value = answer(self.answers, "0601_revenus", person)
        if value is None:
            return None
        return [item for item in _list(value) if item not in (NON, INCONNU)]

    def income_unknown(self, person: Person) -> bool:
        return INCONNU in _list(answer(self.answers, "0601_revenus", person))

    def avs_ai(self, person: Person) -> bool:
        return any(item in AVS_AI for item in self.incomes(person) or [])

    def nationalities(self, person: Person) -> list[str] | None:
        value = answer(self.answers, "0401_nationalite", person)
        return None if value is None else [str(item).lower() for item in _list(value)]

    def in_training(self, person: Person) -> bool:
        return answer(self.answers, "0702_formation", person) == OUI

    def child_link(self, person: Person):
        return answer(self.answers, "0506_parentsEnfants", person)

    def is_dependent_child(self, child: Person) -> bool:
        link = self.child_link(child)
        of_applicant = link in ("MOI", "LES_DEUX") or (
            link == "AUTRE_PARENT" and self.household.has_spouse
        )
        age = self.age(child)
        return of_applicant and (age < 18 or (age <= 25 and self.in_training(child)))

    def refugee(self, person: Person) -> bool:
        return any(
            answer(self.answers, key, person) == "REFUGIE"
            for key in (
                "0408_complementPermisB",
                "0408_complementPermisC",
                "0408_complementPermisF",
            )
        )

    def rate(self, person: Person, question_id: str) -> float:
        value = answer(self.answers, question_id, person)
        try:
            return float(value) if value is not None else 0.0
        except (TypeError, ValueError):
            return 0.0

    def rate_of(self, person: Person | None) -> float:
        """A person's work rate as Qeli adds it up: the current rate, plus the last job's
        rate, or the 6 months' average when the rate varied."""
        if person is None:
            return 0.0
        varied = answer(self.answers, "0912_tauxActiviteVariable6DernierMois", person) == OUI
        extra = "0905_tauxActiviteMoyen6DernierMois" if varied else "0903_tauxActiviteDernierEmploi"
        return self.rate(person, "0902_tauxActivite") + self.rate(person, extra)

    def family_with_partner(self) -> bool:
        household = self.household
        if household.has_spouse:
            return True
        partner = household.partner
        return (
            household.has_concubin
            and self.common_child()
            and partner is not None
            and not self.avs_ai(partner)
        )

    def partner_active(self) -> bool:
        partner = self.household.partner
        if partner is None:
            return False
        incomes = self.incomes(partner) or []
        return "INDEPENDANT" not in incomes and (
            self.income_unknown(partner) or any(item in WORK for item in incomes)
        )

    def min_rate(self) -> int:
        return MIN_RATE_COUPLE if self.family_with_partner() else MIN_RATE_ALONE

    def rate_counted_with_partner(self, person: Person) -> bool:
        """The applicant's own rate is not checked when a working partner's is."""
        return person.is_demandeur and self.family_with_partner() and self.partner_active()

    def declared_rate(self, person: Person, with_last_job: bool = False) -> float:
        rate = self.rate(person, "0902_tauxActivite")
        if with_last_job:
            rate += self.rate(person, "0903_tauxActiviteDernierEmploi")
        if not person.is_demandeur:
            rate += self.rate_of(self.household.demandeur)
        return rate

    def common_child(self) -> bool:
        return any(self.child_link(child) == "LES_DEUX" for child in self.household.children)

    def person(self, person: Person) -> dict:
        if person.id in self._people:
            return self._people[person.id]
        household = self.household
        today = self.today
        age = self.age(person)
        nationalities = self.nationalities(person)
        countries = nationalities or []
        stateless = STATELESS in countries
        permit = answer(self.answers, "0407_typePermis", person)
        ch_arrival = answer(self.answers, "0409_dateArriveeSuisse", person)
        ch_arrival_date = None
        if ch_arrival == "DEPUIS_NAISSANCE":
            ch_arrival_date = person.birth_date_on(today)
        elif ch_arrival not in (None, INCONNU, "NO_SHORTCUT"):
            ch_arrival_date = parse_date(ch_arrival)
        elif permit == "G" and answer(self.answers, "0407_typePermis", person) is not None:
            ch_arrival_date = today  # the date is not asked of cross-border commuters
        ge_arrival = answer(self.answers, "0502_dateArriveeGeneve", person)
        ge_arrival_date = None
        if ge_arrival == "DEPUIS_NAISSANCE":
            ge_arrival_date = person.birth_date_on(today)
        elif ge_arrival not in (None, INCONNU, "NO_SHORTCUT"):
            ge_arrival_date = parse_date(ge_arrival)
        incomes = self.incomes(person)
        pension_situation = answer(self.answers, "0602_situationRente", person)
        receives = _list(answer(self.answers, "0101_prestations"))
        own = [
            benefit
            for benefit in PER_PERSON_BENEFITS
            if f"{benefit}_{person.first_name}" in receives
            or (person.is_demandeur and benefit in receives)
        ]
        facts = {
            "id": person.id,
            "role": person.role,
            "age": age,
            "adult": age >= 18,
            "is_demandeur": person.is_demandeur,
            "is_partner": person.role in PARTNER_ROLES,
            "is_concubin": person.role == CONCUBIN,
            "is_child": person.role == ENFANT,
            "lead_parent": person.is_demandeur
            or (household.has_spouse and person.role in PARTNER_ROLES),
            "receives": [item for item in receives if item not in PER_PERSON_BENEFITS] + own,
            "in_training": self.in_training(person),
            "schooling": answer(self.answers, "0701_scolarite", person),
            "nationalities": nationalities,
            "stateless": stateless,
            "swiss": SWITZERLAND in countries,
            "eu_efta": any(code in EU_EFTA for code in countries),
            "agreement_country": any(code in SOCIAL_SECURITY_AGREEMENT for code in countries),
            "other_country": any(
                code not in EU_EFTA
                and code not in SOCIAL_SECURITY_AGREEMENT
                and code not in (SWITZERLAND, STATELESS)
                for code in countries
            ),
            "refugee": self.refugee(person),
            "permit": permit,
            "ch_arrival": ch_arrival_date.isoformat() if ch_arrival_date else None,
            "ch_arrival_unknown": ch_arrival == INCONNU,
            "ch_calendar_years": today.year - ch_arrival_date.year if ch_arrival_date else None,
            "ge_resident": answer(self.answers, "0501_domicileCantonGE", person),
            "ge_arrival": ge_arrival_date.isoformat() if ge_arrival_date else None,
            "ge_arrival_unknown": ge_arrival == INCONNU,
            "incomes": incomes,
            "income_unknown": self.income_unknown(person),
            "avs_ai": self.avs_ai(person),
            "pension_situation_none": NON in _list(pension_situation)
            if pension_situation is not None
            else None,
            "health_insurance": answer(self.answers, "1101_assuranceMaladieSuisse", person),
            "international_civil_servant": answer(
                self.answers, "1403_fonctionnaireInternational", person
            ),
            "parents_taxed_in_geneva": answer(
                self.answers, "1404_parentsHabiteFranceTravailleSuisse", person
            ),
        }
        if person.is_demandeur or person.role in PARTNER_ROLES:
            incomes_known = incomes or []
            facts.update(
                {
                    "rate_counted_with_partner": self.rate_counted_with_partner(person),
                    "rate_not_required": self.income_unknown(person)
                    or any(item in ("CHOMAGE", "APG") for item in incomes_known),
                    "rate_enough": self.declared_rate(person) >= self.min_rate(),
                    "rate_varied": answer(
                        self.answers, "0912_tauxActiviteVariable6DernierMois", person
                    ),
                }
            )
        self._people[person.id] = facts
        return facts

    # -- household ------------------------------------------------------------------
    def dependent_children(self) -> list[Person]:
        return [child for child in self.household.children if self.is_dependent_child(child)]

    def wealth_limit(self) -> int:
        limit = WEALTH_LIMIT + WEALTH_LIMIT_PER_CHILD * len(self.dependent_children())
        if self.household.has_spouse:
            limit += WEALTH_LIMIT_SPOUSE
        return min(limit, WEALTH_LIMIT_MAX)

    def household_facts(self) -> dict:
        if self._household is not None:
            return self._household
        household = self.household
        answers = self.answers
        rooms = answer(answers, "1004_nombreDePiecesLogement")
        try:
            rooms_beyond = float(rooms) - household.size if rooms is not None else None
        except (TypeError, ValueError):
            rooms_beyond = None
        partner = household.partner
        rate = self.rate_of(household.demandeur)
        if self.family_with_partner():
            rate += self.rate_of(partner)
        self._household = {
            "size": household.size,
            "receives": [
                item
                for item in _list(answer(answers, "0101_prestations"))
                if not item.startswith(PER_PERSON_BENEFITS)
            ],
            "applicant_adult": self.age(household.demandeur) >= 18,
            "child_up_to_25": any(self.age(child) <= 25 for child in household.children),
            "common_child": self.common_child(),
            "dependent_child": bool(self.dependent_children()),
            "family_with_partner": self.family_with_partner(),
            "rate_enough": rate >= self.min_rate(),
            "housing": answer(answers, "1001_proprietaireOuLocataireLogement"),
            "lease_in_own_name": answer(answers, "1002_bailLogementAVotreNom"),
            "rooms_beyond_people": rooms_beyond,
            "rent": answer(answers, "1006_montantLoyerFixeOuVariable"),
            "maintenance_right": answer(answers, "1201_droitPensionAlimentaire"),
            "maintenance_paid_in_full": answer(answers, "1202_recoisEntierementPensionAlimentaire"),
            "wealth_over_limit": answer(answers, "1302_fortuneSuperieureA"),
            "wealth_tax": answer(answers, "1301_impotFortune"),
            "tax_exempt": answer(answers, "1401_exempteImpot"),
        }
        return self._household

    def for_person(self, person: Person, subject: Person | None = None) -> dict:
        return {
            "person": self.person(person),
            "subject": self.person(subject) if subject is not None else {},
            "household": self.household_facts(),
        }
