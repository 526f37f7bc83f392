"""A household as Qeli sees it: the person who fills in the form and the people living
with them. Built from a plain dict, so that it can live in a session as JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import QeliInputError, text

DEMANDEUR = "demandeur"
EPOUX = "epoux"
PARTENAIRE_ENREGISTRE = "partenaire_enregistre"
CONCUBIN = "concubin"
ENFANT = "enfant"
COLOCATAIRE = "colocataire"
AUTRE = "autre"
ROLES = (DEMANDEUR, EPOUX, PARTENAIRE_ENREGISTRE, CONCUBIN, ENFANT, COLOCATAIRE, AUTRE)
MEMBER_ROLES = ROLES[1:]
PARTNER_ROLES = (EPOUX, PARTENAIRE_ENREGISTRE, CONCUBIN)
# The people whose benefits are assessed with the applicant's (the others only count
# in the size of the household).
FAMILY_ROLES = (EPOUX, PARTENAIRE_ENREGISTRE, CONCUBIN, ENFANT)
ROLE_ALIASES = {"conjoint": EPOUX, "partenaire": PARTENAIRE_ENREGISTRE}

CIVIL_STATUSES = ("celibataire", "marie", "divorce", "separe", "partenariat_enregistre", "veuf")

ROLE_LABELS = {
    DEMANDEUR: {"fr": "moi", "en": "me"},
    EPOUX: {"fr": "mon mari ou ma femme", "en": "my husband or wife"},
    PARTENAIRE_ENREGISTRE: {
        "fr": "mon ou ma partenaire enregistré·e",
        "en": "my registered partner",
    },
    CONCUBIN: {"fr": "mon ou ma partenaire (sans être mariés)", "en": "my partner (not married)"},
    ENFANT: {"fr": "un enfant", "en": "a child"},
    COLOCATAIRE: {"fr": "une personne en colocation", "en": "a flatmate"},
    AUTRE: {"fr": "une autre personne", "en": "another person"},
}
CIVIL_STATUS_LABELS = {
    "celibataire": {"fr": "Célibataire", "en": "Single"},
    "marie": {"fr": "Marié·e", "en": "Married"},
    "divorce": {"fr": "Divorcé·e", "en": "Divorced"},
    "separe": {"fr": "Séparé·e", "en": "Separated"},
    "partenariat_enregistre": {
        "fr": "En partenariat enregistré",
        "en": "In a registered partnership",
    },
    "veuf": {"fr": "Veuf ou veuve", "en": "Widowed"},
}


class HouseholdError(QeliInputError):
    """A household that cannot be read; ``message`` is {fr, en}, in plain words."""

    def __init__(self, fr: str, en: str):
        super().__init__(en)
        self.message = {"fr": fr, "en": en}

    def text(self, language: str = "fr") -> str:
        return text(self.message, language)


def _role(value) -> str:
    role = str(value or "").strip().lower()
    role = ROLE_ALIASES.get(role, role)
    if role not in ROLES:
        raise HouseholdError(
            f"Ce lien avec vous n'est pas connu : {value}.",
            f"Unknown role {value!r}; one of {', '.join(ROLES)}.",
        )
    return role


def _civil_status(value) -> str:
    status = str(value or "").strip().lower()
    if status not in CIVIL_STATUSES:
        raise HouseholdError(
            f"Cet état civil n'est pas connu : {value}.",
            f"Unknown civil status {value!r}; one of {', '.join(CIVIL_STATUSES)}.",
        )
    return status


def _age_on(birth_date: dt.date, today: dt.date) -> int:
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def birth_date_for_age(age: int, today: dt.date) -> dt.date:
    """The birth date of someone who is ``age`` today (their birthday is today)."""
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February
        return today.replace(year=today.year - age, day=28)


@dataclass(frozen=True)
class Person:
    id: int  # 0 is the person who fills in the form; members are 1, 2, …
    first_name: str
    role: str
    age: int | None = None
    birth_date: dt.date | None = None

    def age_on(self, today: dt.date) -> int | None:
        if self.birth_date is not None:
            return _age_on(self.birth_date, today)
        return self.age

    def birth_date_on(self, today: dt.date) -> dt.date | None:
        if self.birth_date is not None:
            return self.birth_date
        if self.age is None:
            return None
        return birth_date_for_age(self.age, today)

    @property
    def is_demandeur(self) -> bool:
        return self.role == DEMANDEUR

    @property
    def is_partner(self) -> bool:
        return self.role in PARTNER_ROLES

    @property
    def is_child(self) -> bool:
        return self.role == ENFANT

    @property
    def in_family(self) -> bool:
        return self.role == DEMANDEUR or self.role in FAMILY_ROLES

    def to_dict(self) -> dict:
        data = {"id": self.id, "first_name": self.first_name, "role": self.role}
        if self.age is not None:
            data["age"] = self.age
        if self.birth_date is not None:
            data["birth_date"] = self.birth_date.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: Mapping, person_id: int, role: str | None = None) -> Person:
        first_name = str(data.get("first_name") or "").strip()
        if not first_name:
            raise HouseholdError(
                "Écrivez le prénom de chaque personne.", "Each person needs a first name."
            )
        age = data.get("age")
        birth_date = data.get("birth_date")
        if age in (None, "") and birth_date in (None, ""):
            raise HouseholdError(
                f"Écrivez l'âge de {first_name}.", f"{first_name}: give an age or a birth date."
            )
        if age not in (None, ""):
            try:
                age = int(age)
            except (TypeError, ValueError) as error:
                raise HouseholdError(
                    f"L'âge de {first_name} est un nombre. Par exemple : 41.",
                    f"{first_name}: the age must be a number.",
                ) from error
            if not 0 <= age <= 130:
                raise HouseholdError(
                    f"L'âge de {first_name} est entre 0 et 130 ans.",
                    f"{first_name}: the age must be between 0 and 130.",
                )
        else:
            age = None
        if birth_date not in (None, ""):
            try:
                birth_date = (
                    birth_date
                    if isinstance(birth_date, dt.date)
                    else dt.date.fromisoformat(str(birth_date))
                )
            except ValueError as error:
                raise HouseholdError(
                    f"La date de naissance de {first_name} s'écrit ainsi : 2015-12-31.",
                    f"{first_name}: the birth date must be YYYY-MM-DD.",
                ) from error
        else:
            birth_date = None
        return cls(
            id=person_id,
            first_name=first_name,
            role=role or _role(data.get("role")),
            age=age,
            birth_date=birth_date,
        )


@dataclass(frozen=True)
class Household:
    """The applicant (``people[0]``, role demandeur) and the people living with them."""

    civil_status: str
    people: tuple[Person, ...]

    @classmethod
    def from_dict(cls, data: Mapping, today: dt.date | None = None) -> Household:
        """``{"civil_status": "marie", "people": [{"first_name": "Ana", "role": "demandeur",
        "age": 41}, {"first_name": "Ruben", "role": "enfant", "age": 17}]}`` (ages or
        ``birth_date`` YYYY-MM-DD). The first person is the applicant."""
        if not isinstance(data, Mapping):
            raise HouseholdError("Le ménage n'est pas lisible.", "A household is a mapping.")
        raw = list(data.get("people") or [])
        if not raw:
            raise HouseholdError(
                "Dites d'abord qui remplit le questionnaire.",
                "A household needs at least the applicant.",
            )
        first_role = _role(raw[0].get("role") or DEMANDEUR)
        if first_role != DEMANDEUR:
            raise HouseholdError(
                "La première personne est celle qui remplit le questionnaire.",
                "The first person is the applicant (role demandeur).",
            )
        people = [Person.from_dict(raw[0], 0, DEMANDEUR)]
        for index, item in enumerate(raw[1:], start=1):
            role = _role(item.get("role"))
            if role == DEMANDEUR:
                raise HouseholdError(
                    "Une seule personne remplit le questionnaire.",
                    "Only the first person is the applicant.",
                )
            people.append(Person.from_dict(item, index, role))
        names = [person.first_name.casefold() for person in people]
        if len(set(names)) != len(names):
            raise HouseholdError(
                "Deux personnes ont le même prénom. Ajoutez une initiale. Par exemple : Léa B.",
                "Two people have the same first name; add an initial.",
            )
        if sum(1 for person in people if person.is_partner) > 1:
            raise HouseholdError(
                "Indiquez un seul mari, une seule femme ou un seul partenaire.",
                "A household has at most one partner.",
            )
        if today is not None:
            for person in people:
                if person.birth_date is not None and person.birth_date > today:
                    raise HouseholdError(
                        f"La date de naissance de {person.first_name} est dans le futur.",
                        f"{person.first_name}'s birth date is in the future.",
                    )
        return cls(civil_status=_civil_status(data.get("civil_status")), people=tuple(people))

    def to_dict(self) -> dict:
        return {
            "civil_status": self.civil_status,
            "people": [person.to_dict() for person in self.people],
        }

    @property
    def demandeur(self) -> Person:
        return self.people[0]

    @property
    def members(self) -> tuple[Person, ...]:
        return self.people[1:]

    @property
    def family(self) -> tuple[Person, ...]:
        """The applicant and the members whose benefits are assessed with theirs."""
        return tuple(person for person in self.people if person.in_family)

    @property
    def children(self) -> tuple[Person, ...]:
        return tuple(person for person in self.people if person.is_child)

    @property
    def partner(self) -> Person | None:
        return next((person for person in self.people if person.is_partner), None)

    @property
    def has_spouse(self) -> bool:
        """Married or in a registered partnership (by civil status, as Qeli counts it)."""
        return self.civil_status in ("marie", "partenariat_enregistre")

    @property
    def has_concubin(self) -> bool:
        return any(person.role == CONCUBIN for person in self.people)

    @property
    def size(self) -> int:
        return len(self.people)

    def by_name(self, first_name: str) -> Person | None:
        wanted = first_name.casefold()
        return next((p for p in self.people if p.first_name.casefold() == wanted), None)
