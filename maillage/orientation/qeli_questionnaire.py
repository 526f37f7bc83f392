"""Geneva's cantonal benefits in the questionnaire, when the collective's region is GE:
first who lives with the person (ages, first names if they like), then Qeli's own
questions (maillage.eligibility.qeli, adaptive), whose answers also give the
catalogue's facts where they coincide (the person's age, an address in Geneva).

Answers are kept under ``household:…`` and ``qeli:<question id>`` keys of the
questionnaire's state (flow_questionnaire).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.eligibility import text
from maillage.eligibility.facts import CHOICE, INTEGER, vocabulary

from .flow_questionnaire import (
    DATE,
    MULTI,
    NO_SKIP,
    PERSON,
    SELECT,
    AnswerRefused,
    Option,
    Question,
)
from .result_questionnaire import Outcome, Why

HOUSEHOLD = "household:"
QELI = "qeli:"
LANGUAGES = ("fr", "en")
APPLICANT = "applicant"  # the first name Qeli's keys use for the person answering
MAX_CHILDREN = 12
MAX_OTHERS = 10


def applies(collective) -> bool:
    """Whether the collective's questionnaire asks about Geneva's benefits."""
    if (collective.region or "").strip().upper() != "GE":
        return False
    try:
        from maillage.eligibility import qeli  # noqa: F401
    except ImportError:  # the package without its Geneva part
        return False
    return True


PARTNER_OPTIONS = (
    Option("none", {"fr": "Non", "en": "No"}),
    Option("epoux", {"fr": "Oui, avec mon mari ou ma femme", "en": "Yes, my husband or wife"}),
    Option(
        "partenaire_enregistre",
        {"fr": "Oui, avec mon ou ma partenaire enregistré·e", "en": "Yes, my registered partner"},
    ),
    Option(
        "concubin",
        {"fr": "Oui, sans être mariés", "en": "Yes, we are not married"},
    ),
)


def _household_questions():
    age = vocabulary()["age"]
    from maillage.eligibility.qeli import CIVIL_STATUS_LABELS

    return {
        "age": Question(
            key=HOUSEHOLD + "age",
            kind=INTEGER,
            label=age.label,
            min=0,
            max=120,
            unit=age.unit,
            part="household",
            skip_value=NO_SKIP,
        ),
        "civil_status": Question(
            key=HOUSEHOLD + "civil_status",
            kind=CHOICE,
            label={"fr": "Quel est votre état civil ?", "en": "What is your marital status?"},
            options=tuple(Option(value, label) for value, label in CIVIL_STATUS_LABELS.items()),
            part="household",
            skip_value=NO_SKIP,
        ),
        "partner": Question(
            key=HOUSEHOLD + "partner",
            kind=CHOICE,
            label={"fr": "Vivez-vous en couple ?", "en": "Do you live with a partner?"},
            options=PARTNER_OPTIONS,
            part="household",
            skip_value=NO_SKIP,
        ),
        "children": Question(
            key=HOUSEHOLD + "children",
            kind=INTEGER,
            label={
                "fr": "Combien d'enfants vivent avec vous ?",
                "en": "How many children live with you?",
            },
            help={
                "fr": "Comptez vos enfants et ceux de votre partenaire. "
                "Écrivez 0 s'il n'y en a pas.",
                "en": "Count your children and your partner's. Write 0 if there are none.",
            },
            min=0,
            max=MAX_CHILDREN,
            part="household",
            skip_value=NO_SKIP,
        ),
        "others": Question(
            key=HOUSEHOLD + "others",
            kind=INTEGER,
            label={
                "fr": "Combien d'autres personnes vivent avec vous ?",
                "en": "How many other people live with you?",
            },
            help={
                "fr": "Par exemple : une personne en colocation, un grand-parent. "
                "Écrivez 0 s'il n'y en a pas.",
                "en": "For example: a flatmate, a grandparent. Write 0 if there are none.",
            },
            min=0,
            max=MAX_OTHERS,
            part="household",
            skip_value=NO_SKIP,
        ),
    }


PERSON_LABELS = {
    "partner": {"fr": "Quel âge a votre partenaire ?", "en": "How old is your partner?"},
    "child": {"fr": "Quel âge a l'enfant n° {n} ?", "en": "How old is child number {n}?"},
    "other": {
        "fr": "Quel âge a l'autre personne n° {n} ?",
        "en": "How old is the other person number {n}?",
    },
}


class QeliPart:
    """The household and Qeli's questions of one person's questionnaire."""

    def __init__(self, flow):
        self.flow = flow
        self.fixed = _household_questions()

    # -- the household

    def _confirmed(self, name):
        return self.flow.confirmed().get(HOUSEHOLD + name)

    def household_keys(self) -> list[str]:
        """The household's questions, in order, as far as the answers so far tell."""
        keys = ["age", "civil_status", "partner"]
        if self._confirmed("partner") not in (None, "none"):
            keys.append("partner_person")
        keys.append("children")
        keys += [f"child_{n}" for n in range(1, (self._confirmed("children") or 0) + 1)]
        keys.append("others")
        keys += [f"other_{n}" for n in range(1, (self._confirmed("others") or 0) + 1)]
        return [HOUSEHOLD + key for key in keys]

    def _person_question(self, name):
        if name == "partner_person":
            label, number = PERSON_LABELS["partner"], 0
        else:
            kind, number = name.split("_")
            label, number = PERSON_LABELS[kind], int(number)
        label = {code: words.replace("{n}", str(number)) for code, words in label.items()}
        key = HOUSEHOLD + name

        def check(value, language, key=key):
            if not value["name"]:
                value["name"] = _("Person %(number)s") % {"number": self._position(key)}
            taken = {
                (answer.get("name") or "").casefold()
                for other, answer in self.flow.confirmed().items()
                if other != key and other.startswith(HOUSEHOLD) and isinstance(answer, dict)
            }
            if value["name"].casefold() in taken | {APPLICANT}:
                raise AnswerRefused(
                    _("Someone else already has this first name: add an initial, for example.")
                )
            return value

        return Question(
            key=key,
            kind=PERSON,
            label=label,
            min=0,
            max=120,
            part="household",
            skip_value=NO_SKIP,
            check=check,
        )

    def _position(self, key):
        """A person's number in the household (the person answering is 1)."""
        people = [
            k
            for k in self.household_keys()
            if k.split(":")[1].startswith(("partner_", "child_", "other_"))
        ]
        return people.index(key) + 2 if key in people else len(people) + 2

    def household(self):
        """The household as Qeli reads it, once every question about it is answered."""
        confirmed = self.flow.confirmed()
        keys = self.household_keys()
        if any(key not in confirmed for key in keys):
            return None
        people = [{"first_name": APPLICANT, "role": "demandeur", "age": confirmed[keys[0]]}]
        for key in keys:
            name = key[len(HOUSEHOLD) :]
            answer = confirmed[key]
            if name == "partner_person":
                role = confirmed[HOUSEHOLD + "partner"]
            elif name.startswith("child_"):
                role = "enfant"
            elif name.startswith("other_"):
                role = "autre"
            else:
                continue
            people.append({"first_name": answer["name"], "role": role, "age": answer["age"]})
        from maillage.eligibility.qeli import Household

        return Household.from_dict(
            {"civil_status": confirmed[HOUSEHOLD + "civil_status"], "people": people}
        )

    def qeli_answers(self):
        return {
            key[len(QELI) :]: value
            for key, value in self.flow.confirmed().items()
            if key.startswith(QELI)
        }

    # -- the questions

    def next_question(self):
        for key in self.household_keys():
            if key not in self.flow.trail:
                return self.question(key)
        from maillage.eligibility.qeli import next_question

        household = self.household()
        if household is None:
            return None
        instance = next_question(household, self.qeli_answers(), self.flow.today)
        return None if instance is None else self._wrap(instance, household)

    def question(self, key):
        if key.startswith(HOUSEHOLD):
            name = key[len(HOUSEHOLD) :]
            if name in self.fixed:
                return self.fixed[name]
            if key in self.household_keys():
                return self._person_question(name)
            return None
        if key.startswith(QELI):
            from maillage.eligibility.qeli import instance_for

            household = self.household()
            if household is None:
                return None
            instance = instance_for(household, key[len(QELI) :])
            return None if instance is None else self._wrap(instance, household)
        return None

    def _wrap(self, instance, household):
        from maillage.eligibility.qeli import AnswerError, validate_answer

        question = instance.question
        kind = {
            "radio": CHOICE,
            "select": CHOICE,
            "checkbox": MULTI,
            "number": INTEGER,
            "taux": INTEGER,
            "date": DATE,
            "country": SELECT,
        }[question.kind]
        values = list(instance.option_values())
        skip_value = NO_SKIP
        if "INCONNU" in values:
            skip_value = ["INCONNU"] if kind == MULTI else "INCONNU"

        def choices_for(language):
            # "I don't know" is the page's own button, not one of the cards.
            return [(v, label) for v, label in instance.options(language) if v != "INCONNU"]

        today = self.flow.today

        def check(value, language):
            try:
                return validate_answer(household, instance.id, value, today)
            except AnswerError as error:
                raise AnswerRefused(error.text(language)) from None

        return Question(
            key=QELI + instance.id,
            kind=kind,
            label={code: instance.label(code) for code in LANGUAGES},
            help={code: instance.help(code) for code in LANGUAGES if instance.help(code)},
            choices_for=choices_for,
            min=question.minimum if question.kind != "taux" else 0,
            max=question.maximum if question.kind != "taux" else 100,
            unit={"fr": "%", "en": "%"} if question.kind == "taux" else {},
            part="qeli",
            skip_value=skip_value,
            check=check,
        )

    # -- what the answers give

    def facts(self) -> dict:
        """The catalogue's facts Qeli's answers give: the age, an address in Geneva."""
        confirmed = self.flow.confirmed()
        facts = {}
        if confirmed.get(HOUSEHOLD + "age") is not None:
            facts["age"] = confirmed[HOUSEHOLD + "age"]
        home = confirmed.get(f"{QELI}0501_domicileCantonGE_{APPLICANT}") or confirmed.get(
            f"{QELI}0501_domicileCantonGE"
        )
        if home == "OUI":
            facts["residence"] = "GE"
        return facts

    def outcomes(self, language) -> list:
        """Qeli's benefits for the household (and who in it, where Qeli says per person)."""
        household = self.household()
        if household is None:
            return []
        from maillage.eligibility.qeli import BENEFIT_ORDER, outcomes

        results = outcomes(household, self.qeli_answers(), self.flow.today)
        items = []
        for benefit in BENEFIT_ORDER:
            result = results.get(benefit)
            if result is None:
                continue
            service = SERVICES.get(benefit, DEFAULT_SERVICE)
            steps = [str(service["what"])]
            for person in household.people:
                each = results.get(f"{benefit}_{person.first_name}")
                if each is not None and len(household.people) > 1:
                    who = _("You") if person.first_name == APPLICANT else person.first_name
                    steps.append(
                        _("%(who)s: %(outcome)s")
                        % {"who": who, "outcome": OUTCOME_WORDS[each.outcome]}
                    )
            items.append(
                Outcome(
                    key=benefit,
                    name=text(result.name, language) or benefit,
                    outcome=result.outcome,
                    provider=str(service["name"]),
                    why=[
                        Why(reason.status, text(reason.label, language))
                        for reason in result.reasons
                        if text(reason.label, language)
                    ],
                    steps=steps,
                    contact=[(_("Website"), service["url"], service["url"])],
                )
            )
        return items


OUTCOME_WORDS = {
    "eligible": gettext_lazy("may be eligible"),
    "refused": gettext_lazy("probably not eligible"),
    "already": gettext_lazy("already receives it"),
    "uncertain": gettext_lazy("maybe"),
}

# What to do for each benefit: the service, its website, a short word of our own.
SERVICES = {
    "SUBSIDES": {
        "name": gettext_lazy("Cantonal health insurance service (SAM)"),
        "url": "https://www.ge.ch/organisation/service-assurance-maladie",
        "what": gettext_lazy(
            "Ask the health insurance service for the subsidy. Bring your last tax "
            "assessment and your health insurance policy."
        ),
    },
    "AVANCES": {
        "name": gettext_lazy("Maintenance payments service (SCARPA)"),
        "url": "https://www.ge.ch/organisation/service-cantonal-avance-recouvrement-pensions-alimentaires",
        "what": gettext_lazy(
            "Contact the service. Bring the judgement or agreement that sets the maintenance "
            "payment, and proof of the payments missed."
        ),
    },
    "ALLOCATION_LOGEMENT": {
        "name": gettext_lazy("Cantonal housing office (OCLPF)"),
        "url": "https://www.ge.ch/allocation-logement",
        "what": gettext_lazy(
            "Apply to the housing office. Bring your lease, your last rent notice and "
            "your income of the household."
        ),
    },
    "SUBVENTION_HM": {
        "name": gettext_lazy("Cantonal housing office (OCLPF)"),
        "url": "https://www.ge.ch/logement",
        "what": gettext_lazy("Ask the housing office about the HM subsidy. Bring your lease."),
    },
    "PC_FAM": {
        "name": gettext_lazy("Supplementary benefits service (SPC)"),
        "url": "https://www.ge.ch/organisation/service-prestations-complementaires",
        "what": gettext_lazy(
            "Apply to the supplementary benefits service (family benefits). Bring your "
            "pay slips, your lease and your children's details."
        ),
    },
    "PC_AVS_AI": {
        "name": gettext_lazy("Supplementary benefits service (SPC)"),
        "url": "https://www.ge.ch/organisation/service-prestations-complementaires",
        "what": gettext_lazy(
            "Apply to the supplementary benefits service. Bring your pension decision "
            "(AVS or AI), your lease and your bank statements."
        ),
    },
    "AIDE_SOCIALE": {
        "name": gettext_lazy("Hospice général"),
        "url": "https://www.hospicegeneral.ch",
        "what": gettext_lazy(
            "Go to the Hospice général's social centre of your area. Bring an identity "
            "document, your lease and your last income."
        ),
    },
    "BOURSES": {
        "name": gettext_lazy("Study grants and loans service (SBPE)"),
        "url": "https://www.ge.ch/organisation/service-bourses-prets-etudes",
        "what": gettext_lazy(
            "Apply to the study grants service before the deadline of the school year. "
            "Bring the training certificate and the family's last tax assessment."
        ),
    },
}
DEFAULT_SERVICE = {
    "name": gettext_lazy("State of Geneva"),
    "url": "https://www.ge.ch",
    "what": gettext_lazy("Ask the State of Geneva's reception desk which service handles it."),
}
