"""The questions of Geneva's benefits questionnaire, in plain words (FALC guidance:
short sentences, everyday words, one idea per sentence), and the checking of one answer.

A question asked about a person has an instance per person, whose id is the question's
id followed by the person's first name (``0401_nationalite_Ruben``), as in Qeli's
scenarios. ``{name}`` in a label is the person's first name; ``label_self`` is used when
the person is the one filling in the form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .i18n import text
from .countries import COUNTRY_CODES, STATELESS
from .model import Household, Person

RADIO = "radio"
CHECKBOX = "checkbox"  # several choices, or one of the exclusive answers (NON, INCONNU)
SELECT = "select"  # one choice in a long list
NUMBER = "number"
TAUX = "taux"  # a work rate in percent (0 to 100)
DATE = "date"  # a date DD.MM.YYYY or YYYY-MM-DD, or one of the shortcuts
COUNTRY = "country"  # one or more ISO 3166 codes (lower case), or "apatride"
KINDS = (RADIO, CHECKBOX, SELECT, NUMBER, TAUX, DATE, COUNTRY)

OUI, NON, INCONNU = "OUI", "NON", "INCONNU"
EXCLUSIVE = (NON, INCONNU)


@dataclass(frozen=True)
class Option:
    value: str
    label: Mapping


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: Mapping
    help: Mapping = field(default_factory=dict)
    label_self: Mapping | None = None
    options: tuple[Option, ...] = ()
    per_person: bool = False
    minimum: int | None = None
    maximum: int | None = None

    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class QuestionInstance:
    """One question as asked: about one person (or the household) of one household.
    ``params`` fill the label's other placeholders (``{limit}`` of 1302)."""

    question: Question
    person: Person | None = None
    params: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        if self.person is None:
            return self.question.id
        return f"{self.question.id}_{self.person.first_name}"

    @property
    def kind(self) -> str:
        return self.question.kind

    def label(self, language: str = "fr") -> str:
        return self._format(self.question.label_self or self.question.label, language)

    def help(self, language: str = "fr") -> str:
        return self._format(self.question.help, language) if self.question.help else ""

    def options(self, language: str = "fr") -> list[tuple[str, str]]:
        return [
            (option.value, self._format_text(text(option.label, language)))
            for option in self.question.options
        ]

    def _format(self, label: Mapping, language: str) -> str:
        if self.person is not None and not self.person.is_demandeur:
            label = self.question.label if label is self.question.label_self else label
        return self._format_text(text(label, language))

    def _format_text(self, value: str) -> str:
        name = self.person.first_name if self.person is not None else ""
        value = value.replace("{name}", name)
        for key, param in self.params:
            value = value.replace("{" + key + "}", param)
        return value


class AnswerError(ValueError):
    """An answer that cannot be accepted; ``message`` is {fr, en}, in plain words."""

    def __init__(self, message: Mapping):
        super().__init__(message.get("en") or message.get("fr"))
        self.message = dict(message)

    def text(self, language: str = "fr") -> str:
        return text(self.message, language)


def _opts(*pairs) -> tuple[Option, ...]:
    return tuple(Option(value, {"fr": fr, "en": en}) for value, fr, en in pairs)


YES_NO = _opts((OUI, "Oui", "Yes"), (NON, "Non", "No"))
YES_NO_UNKNOWN = YES_NO + _opts((INCONNU, "Je ne sais pas", "I don't know"))
BENEFITS = (
    "SUBSIDES",
    "AVANCES",
    "ALLOCATION_LOGEMENT",
    "SUBVENTION_HM",
    "PC_AVS_AI",
    "BOURSES",
    "PC_FAM",
    "AIDE_SOCIALE",
)
PER_PERSON_BENEFITS = ("SUBSIDES", "BOURSES")

QUESTIONS: tuple[Question, ...] = (
    Question(
        "0506_parentsEnfants",
        RADIO,
        {"fr": "Qui sont les parents de {name} ?", "en": "Who are {name}'s parents?"},
        {
            "fr": "Le parent est la personne inscrite comme parent. Par exemple : sur l'acte de naissance, ou après une adoption.",
            "en": "The parent is the person registered as the parent. For example: on the birth certificate, or after an adoption.",
        },
        options=_opts(
            ("LES_DEUX", "Moi et la personne qui vit avec moi en couple", "Me and my partner who lives with me"),
            ("MOI", "Moi seulement", "Only me"),
            ("AUTRE_PARENT", "Mon ou ma partenaire seulement", "Only my partner"),
            ("AUTRES", "D'autres personnes", "Other people"),
        ),
        per_person=True,
    ),
    Question(
        "0101_prestations",
        CHECKBOX,
        {
            "fr": "Recevez-vous déjà une aide de l'État ? Cochez les aides que vous recevez.",
            "en": "Do you already get help from the State? Tick the help you get.",
        },
        {
            "fr": "Ce sont des aides en argent. Elles dépendent de vos revenus. Pensez aussi aux personnes qui vivent avec vous.",
            "en": "This is help with money. It depends on your income. Think of the people who live with you too.",
        },
        options=_opts(
            ("SUBSIDES", "Aide pour payer l'assurance-maladie", "Help to pay health insurance"),
            ("AVANCES", "Avance de pension alimentaire", "Advance on maintenance payments"),
            ("ALLOCATION_LOGEMENT", "Aide pour payer le loyer (allocation logement)", "Help to pay the rent (housing allowance)"),
            ("SUBVENTION_HM", "Aide pour un logement HM", "Help for an HM flat (subsidised housing)"),
            ("PC_AVS_AI", "Prestations complémentaires AVS ou AI", "Supplementary benefits for AVS or AI pensioners"),
            ("BOURSES", "Bourse d'études", "Study grant"),
            ("PC_FAM", "Prestations complémentaires pour les familles", "Supplementary benefits for families"),
            ("AIDE_SOCIALE", "Aide sociale de l'Hospice général", "Social aid from the Hospice général"),
            (NON, "Non, aucune aide", "No, no help"),
            (INCONNU, "Je ne sais pas", "I don't know"),
        ),
    ),
    Question(
        "0702_formation",
        RADIO,
        {
            "fr": "Est-ce que {name} va à l'école ou suit une formation ? Ou est-ce que {name} commence dans les 12 prochains mois ?",
            "en": "Is {name} at school or in training? Or will they start in the next 12 months?",
        },
        {
            "fr": "Toutes les formations comptent : à plein temps, à temps partiel, publique ou privée.",
            "en": "All training counts: full time, part time, public or private.",
        },
        label_self={
            "fr": "Êtes-vous à l'école ou en formation ? Ou allez-vous commencer dans les 12 prochains mois ?",
            "en": "Are you at school or in training? Or will you start in the next 12 months?",
        },
        options=YES_NO,
        per_person=True,
    ),
    Question(
        "0701_scolarite",
        SELECT,
        {"fr": "Quelle formation suit {name} ?", "en": "What training does {name} follow?"},
        label_self={"fr": "Quelle formation suivez-vous ?", "en": "What training do you follow?"},
        options=_opts(
            ("SCOLARITE_OBLIGATOIRE_1P_A_10P", "École obligatoire, de la 1re à la 10e année", "Compulsory school, years 1 to 10"),
            ("SCOLARITE_OBLIGATOIRE_11P", "École obligatoire, 11e année", "Compulsory school, year 11"),
            ("COLLEGE_APRENTISSAGE", "Collège, école de culture générale ou apprentissage", "Upper secondary school or apprenticeship"),
            ("CLASSE_PREPARATOIRE", "Classe préparatoire", "Preparatory class"),
            ("ECOLE_SUPERIEUR", "École supérieure", "Higher vocational school"),
            ("BREVET", "Brevet ou diplôme fédéral", "Federal certificate or diploma"),
            ("UNIVERSITE_MASTER", "Université ou haute école : bachelor ou master", "University: bachelor or master"),
            ("UNIVERSITE_DOCTORAT", "Université : doctorat", "University: doctorate"),
            ("FORMATION_CONTINUE_CERTIFIANTE", "Formation continue avec un certificat", "Further training with a certificate"),
            ("FORMATION_CONTINUE_COURTE", "Cours court", "Short course"),
            ("FORMATION_CONTINUE_AUTRE", "Autre formation continue", "Other further training"),
            ("AUTRE_FORMATION", "Autre formation", "Other training"),
            (INCONNU, "Je ne sais pas", "I don't know"),
        ),
        per_person=True,
    ),
    Question(
        "0401_nationalite",
        COUNTRY,
        {"fr": "Quelle est la nationalité de {name} ?", "en": "What is {name}'s nationality?"},
        {
            "fr": "C'est le pays du passeport ou de la carte d'identité. Si vous avez plusieurs nationalités, donnez-les toutes.",
            "en": "It is the country of the passport or identity card. If there are several nationalities, give them all.",
        },
        label_self={"fr": "Quelle est votre nationalité ?", "en": "What is your nationality?"},
        per_person=True,
    ),
    Question(
        "0407_typePermis",
        SELECT,
        {"fr": "Quel permis de séjour a {name} ?", "en": "Which residence permit does {name} have?"},
        label_self={"fr": "Quel permis de séjour avez-vous ?", "en": "Which residence permit do you have?"},
        options=_opts(
            ("B", "Permis B", "B permit"),
            ("C", "Permis C", "C permit"),
            ("F", "Permis F", "F permit"),
            ("G", "Permis G (frontalier)", "G permit (cross-border)"),
            ("L", "Permis L", "L permit"),
            ("N", "Permis N", "N permit"),
            ("S", "Permis S", "S permit"),
            ("AUCUN", "Pas de permis", "No permit"),
            (INCONNU, "Je ne sais pas", "I don't know"),
        ),
        per_person=True,
    ),
    Question(
        "0408_complementPermisB",
        RADIO,
        {"fr": "Le permis B de {name} est pour :", "en": "{name}'s B permit is for:"},
        label_self={"fr": "Votre permis B est pour :", "en": "Your B permit is for:"},
        options=_opts(
            ("ETUDES", "Les études", "Studies"),
            ("UE_AELE", "Une personne de l'Union européenne ou de l'AELE", "A citizen of the EU or EFTA"),
            ("REFUGIE", "Une personne réfugiée", "A refugee"),
        ),
        per_person=True,
    ),
    Question(
        "0408_complementPermisC",
        RADIO,
        {"fr": "Le permis C de {name} est pour :", "en": "{name}'s C permit is for:"},
        label_self={"fr": "Votre permis C est pour :", "en": "Your C permit is for:"},
        options=_opts(
            ("UE_AELE", "Une personne de l'Union européenne ou de l'AELE", "A citizen of the EU or EFTA"),
            ("REFUGIE", "Une personne réfugiée", "A refugee"),
        ),
        per_person=True,
    ),
    Question(
        "0408_complementPermisF",
        RADIO,
        {"fr": "Le permis F de {name} est pour :", "en": "{name}'s F permit is for:"},
        label_self={"fr": "Votre permis F est pour :", "en": "Your F permit is for:"},
        options=_opts(
            ("F", "Une personne admise à titre provisoire", "A provisionally admitted person"),
            ("REFUGIE", "Une personne réfugiée", "A refugee"),
        ),
        per_person=True,
    ),
    Question(
        "0409_dateArriveeSuisse",
        DATE,
        {"fr": "Quand est-ce que {name} est arrivé en Suisse ?", "en": "When did {name} come to Switzerland?"},
        label_self={"fr": "Quand êtes-vous arrivé en Suisse ?", "en": "When did you come to Switzerland?"},
        options=_opts(
            ("DEPUIS_NAISSANCE", "Depuis la naissance", "Since birth"),
            (INCONNU, "Je ne sais pas", "I don't know"),
        ),
        per_person=True,
    ),
    Question(
        "0501_domicileCantonGE",
        RADIO,
        {"fr": "L'adresse officielle de {name} est-elle dans le canton de Genève ?", "en": "Is {name}'s official address in the canton of Geneva?"},
        {
            "fr": "L'adresse officielle est celle connue de l'office de la population (OCPM).",
            "en": "The official address is the one known to the population office (OCPM).",
        },
        label_self={"fr": "Votre adresse officielle est-elle dans le canton de Genève ?", "en": "Is your official address in the canton of Geneva?"},
        options=YES_NO_UNKNOWN,
        per_person=True,
    ),
    Question(
        "0502_dateArriveeGeneve",
        DATE,
        {"fr": "Quand est-ce que {name} est arrivé à Genève ?", "en": "When did {name} come to Geneva?"},
        {"fr": "C'est la date écrite sur le permis de séjour.", "en": "It is the date written on the residence permit."},
        label_self={"fr": "Quand êtes-vous arrivé à Genève ?", "en": "When did you come to Geneva?"},
        options=_opts(
            ("DEPUIS_NAISSANCE", "Depuis la naissance", "Since birth"),
            (INCONNU, "Je ne sais pas", "I don't know"),
        ),
        per_person=True,
    ),
    Question(
        "0601_revenus",
        CHECKBOX,
        {"fr": "Quels revenus reçoit {name} ?", "en": "What income does {name} get?"},
        {
            "fr": "Cochez tout ce qui compte. Les autres revenus ne sont pas utiles ici.",
            "en": "Tick everything that applies. Other income is not needed here.",
        },
        label_self={"fr": "Quels revenus recevez-vous ?", "en": "What income do you get?"},
        options=_opts(
            ("EMPLOI", "Un salaire", "A salary"),
            ("INDEPENDANT", "Un revenu d'indépendant", "Income from self-employment"),
            ("CHOMAGE", "Des indemnités de chômage", "Unemployment benefit"),
            ("AVS_RETRAITE", "Une rente AVS de retraite", "An AVS retirement pension"),
            ("AVS_VEUF", "Une rente AVS de veuf ou veuve", "An AVS widow's or widower's pension"),
            ("AVS_ENFANT", "Une rente AVS pour enfant ou orphelin", "An AVS child's or orphan's pension"),
            ("AI_ENFANT", "Une rente AI pour enfant", "An AI child's pension"),
            ("AI_INVALIDITE", "Une rente AI d'invalidité", "An AI disability pension"),
            ("APG", "Des allocations pour perte de gain (APG)", "Income-loss allowance (APG)"),
            (NON, "Aucun de ces revenus", "None of these"),
            (INCONNU, "Je ne sais pas", "I don't know"),
        ),
        per_person=True,
    ),
    Question(
        "0602_situationRente",
        CHECKBOX,
        {"fr": "Une de ces situations est-elle vraie pour {name} ?", "en": "Is one of these true for {name}?"},
        label_self={"fr": "Une de ces situations est-elle vraie pour vous ?", "en": "Is one of these true for you?"},
        options=_opts(
            ("RECONNU_OCAI", "L'office AI a reconnu une invalidité, sans rente pour l'instant", "The AI office recognised a disability, without a pension yet"),
            ("RETRAITE_SANS_RENTE", "À la retraite, sans rente AVS", "Retired, without an AVS pension"),
            ("VEUF_SANS_RENTE", "Veuf ou veuve, sans rente AVS", "Widowed, without an AVS pension"),
            (NON, "Aucune de ces situations", "None of these"),
        ),
        per_person=True,
    ),
    Question(
        "0901_taxationOffice",
        RADIO,
        {
            "fr": "Votre dernière facture d'impôts était-elle une taxation d'office ?",
            "en": "Was your last tax assessment an assessment by default (taxation d'office)?",
        },
        {
            "fr": "C'est le cas si vous n'avez pas rendu votre déclaration d'impôts à temps.",
            "en": "This happens when the tax return was not sent in time.",
        },
        options=YES_NO_UNKNOWN,
    ),
    Question(
        "0902_tauxActivite",
        TAUX,
        {"fr": "À quel pourcentage travaille {name} ?", "en": "At what percentage does {name} work?"},
        {"fr": "Le pourcentage est écrit sur le contrat de travail. Par exemple : 80 %.", "en": "The percentage is written on the work contract. For example: 80%."},
        label_self={"fr": "À quel pourcentage travaillez-vous ?", "en": "At what percentage do you work?"},
        per_person=True,
        minimum=0,
        maximum=100,
    ),
    Question(
        "0903_tauxActiviteDernierEmploi",
        TAUX,
        {"fr": "À quel pourcentage travaillait {name} dans son dernier emploi ?", "en": "At what percentage did {name} work in their last job?"},
        label_self={"fr": "À quel pourcentage travailliez-vous dans votre dernier emploi ?", "en": "At what percentage did you work in your last job?"},
        per_person=True,
        minimum=0,
        maximum=100,
    ),
    Question(
        "0912_tauxActiviteVariable6DernierMois",
        RADIO,
        {"fr": "Pendant les 6 derniers mois, est-ce que {name} a travaillé plus certains mois ?", "en": "Did {name} work more in some months during the last 6 months?"},
        label_self={"fr": "Avez-vous travaillé plus, certains mois, pendant les 6 derniers mois ?", "en": "Did you work more in some months during the last 6 months?"},
        options=YES_NO,
        per_person=True,
    ),
    Question(
        "0905_tauxActiviteMoyen6DernierMois",
        TAUX,
        {"fr": "Pendant les 6 derniers mois, à quel pourcentage {name} a travaillé en moyenne ?", "en": "On average, at what percentage did {name} work in the last 6 months?"},
        label_self={"fr": "En moyenne, à quel pourcentage avez-vous travaillé pendant les 6 derniers mois ?", "en": "On average, at what percentage did you work in the last 6 months?"},
        per_person=True,
        minimum=0,
        maximum=100,
    ),
    Question(
        "1001_proprietaireOuLocataireLogement",
        RADIO,
        {"fr": "Votre logement est-il à vous, ou le louez-vous ?", "en": "Do you own your home, or do you rent it?"},
        {"fr": "Le logement est l'appartement ou la maison où vous vivez.", "en": "Your home is the flat or house where you live."},
        options=_opts(
            ("PROPRIETAIRE", "Il est à moi", "I own it"),
            ("LOCATAIRE_SOUS_LOCATAIRE", "Je le loue ou le sous-loue", "I rent or sublet it"),
            ("AUTRE", "Autre situation", "Something else"),
        ),
    ),
    Question(
        "1002_bailLogementAVotreNom",
        RADIO,
        {"fr": "Le contrat de location est-il à votre nom ?", "en": "Is the rental contract in your name?"},
        {"fr": "Le contrat peut aussi être au nom de votre partenaire.", "en": "The contract can also be in your partner's name."},
        options=YES_NO_UNKNOWN,
    ),
    Question(
        "1004_nombreDePiecesLogement",
        NUMBER,
        {"fr": "Combien de pièces a votre logement ?", "en": "How many rooms does your home have?"},
        {"fr": "Le nombre de pièces est écrit sur le contrat de location.", "en": "The number of rooms is written on the rental contract."},
        minimum=1,
        maximum=20,
    ),
    Question(
        "1006_montantLoyerFixeOuVariable",
        RADIO,
        {"fr": "Votre loyer change-t-il avec vos revenus ?", "en": "Does your rent change with your income?"},
        {"fr": "C'est le cas dans certains logements aidés par l'État, par exemple un HBM.", "en": "This is the case in some State-subsidised homes, for example an HBM flat."},
        options=_opts(
            ("FIXE", "Non, le loyer est toujours le même", "No, the rent stays the same"),
            ("EN_FONCTION_REVENU", "Oui, il dépend de mes revenus", "Yes, it depends on my income"),
            (INCONNU, "Je ne sais pas", "I don't know"),
        ),
    ),
    Question(
        "1101_assuranceMaladieSuisse",
        RADIO,
        {"fr": "Est-ce que {name} a une assurance-maladie suisse (LAMal) ?", "en": "Does {name} have Swiss health insurance (LAMal)?"},
        {"fr": "La LAMal est l'assurance de base pour les soins.", "en": "LAMal is the basic insurance for health care."},
        label_self={"fr": "Avez-vous une assurance-maladie suisse (LAMal) ?", "en": "Do you have Swiss health insurance (LAMal)?"},
        options=YES_NO_UNKNOWN,
        per_person=True,
    ),
    Question(
        "1201_droitPensionAlimentaire",
        RADIO,
        {"fr": "Avez-vous droit à une pension alimentaire, pour vous ou vos enfants ?", "en": "Do you have a right to maintenance payments, for you or your children?"},
        {"fr": "Une pension alimentaire est de l'argent payé par l'autre parent, chaque mois.", "en": "Maintenance is money paid by the other parent, every month."},
        options=YES_NO,
    ),
    Question(
        "1202_recoisEntierementPensionAlimentaire",
        RADIO,
        {"fr": "Recevez-vous toute la pension alimentaire, chaque mois ?", "en": "Do you get all of the maintenance payment every month?"},
        options=YES_NO,
    ),
    Question(
        "1302_fortuneSuperieureA",
        RADIO,
        {"fr": "Avez-vous plus de {limit} francs d'économies et de biens ?", "en": "Do you have more than {limit} francs in savings and belongings?"},
        {"fr": "Comptez l'argent en banque et les biens de valeur de tout le ménage. Par exemple : une voiture.", "en": "Count the money in the bank and valuable things of the whole household. For example: a car."},
        options=YES_NO,
    ),
    Question(
        "1301_impotFortune",
        RADIO,
        {"fr": "Payez-vous un impôt sur la fortune à Genève ?", "en": "Do you pay a wealth tax in Geneva?"},
        {"fr": "On paie cet impôt quand on a beaucoup d'économies ou de biens.", "en": "You pay this tax when you have a lot of savings or belongings."},
        options=YES_NO_UNKNOWN,
    ),
    Question(
        "1401_exempteImpot",
        RADIO,
        {"fr": "Êtes-vous dispensé de payer des impôts ?", "en": "Are you exempt from paying taxes?"},
        {"fr": "C'est le cas de certains fonctionnaires internationaux.", "en": "This is the case for some international civil servants."},
        options=YES_NO_UNKNOWN,
    ),
    Question(
        "1403_fonctionnaireInternational",
        RADIO,
        {"fr": "Est-ce que {name} ou un de ses parents est fonctionnaire international ?", "en": "Is {name} or one of their parents an international civil servant?"},
        {"fr": "Par exemple : une personne qui travaille pour l'ONU ou une ambassade.", "en": "For example: someone who works for the UN or an embassy."},
        label_self={"fr": "Est-ce que vous ou un de vos parents êtes fonctionnaire international ?", "en": "Are you or one of your parents an international civil servant?"},
        options=YES_NO_UNKNOWN,
        per_person=True,
    ),
    Question(
        "1404_parentsHabiteFranceTravailleSuisse",
        RADIO,
        {"fr": "Est-ce qu'un parent de {name} habite ou travaille à Genève et paie des impôts à Genève ?", "en": "Does a parent of {name} live or work in Geneva and pay taxes there?"},
        label_self={"fr": "Est-ce qu'un de vos parents habite ou travaille à Genève et paie des impôts à Genève ?", "en": "Does one of your parents live or work in Geneva and pay taxes there?"},
        options=YES_NO_UNKNOWN,
        per_person=True,
    ),
)
QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}

_DATE_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
MAX_YEARS_AGO = 130


def parse_date(value) -> dt.date | None:
    """A date from DD.MM.YYYY or YYYY-MM-DD; None if it is not one."""
    if isinstance(value, dt.date):
        return value
    value = str(value).strip()
    match = _DATE_DOTTED.match(value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _split(value) -> list[str]:
    if isinstance(value, list | tuple):
        items = value
    else:
        items = re.split(r"[,;]", str(value))
    return [str(item).strip() for item in items if str(item).strip()]


def _error(fr: str, en: str) -> AnswerError:
    return AnswerError({"fr": fr, "en": en})


def clean_answer(instance: QuestionInstance, value, today: dt.date, household: Household | None = None):
    """The answer in its stored form, or AnswerError with a message in plain words.

    Stored forms: radio/select a value; checkbox a list of values (or ["NON"] /
    ["INCONNU"]); number and taux a number; date an ISO date or a shortcut; country a
    list of lower-case codes, or ["apatride"].
    """
    question = instance.question
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        raise _error("Choisissez ou écrivez une réponse.", "Choose or write an answer.")
    kind = question.kind
    if kind in (RADIO, SELECT):
        value = str(value).strip()
        if value not in question.option_values():
            raise _error("Choisissez une des réponses proposées.", "Choose one of the answers offered.")
        return value
    if kind == CHECKBOX:
        if question.id == "0101_prestations" and household is not None:
            return _clean_prestations(_split(value), household)
        items = _split(value)
        unknown = [item for item in items if item not in question.option_values()]
        if unknown:
            raise _error("Choisissez parmi les réponses proposées.", "Choose among the answers offered.")
        if any(item in EXCLUSIVE for item in items) and len(items) > 1:
            raise _error(
                "« Aucun » ou « Je ne sais pas » se choisit seul.",
                "“None” or “I don't know” is chosen on its own.",
            )
        return items
    if kind in (NUMBER, TAUX):
        raw = str(value).strip().replace("%", "").replace(",", ".")
        try:
            number = float(raw)
        except ValueError:
            raise _error("Écrivez un nombre. Par exemple : 3.", "Write a number. For example: 3.") from None
        if kind == NUMBER and number != int(number):
            raise _error("Écrivez un nombre entier. Par exemple : 3.", "Write a whole number. For example: 3.")
        if question.minimum is not None and number < question.minimum or (
            question.maximum is not None and number > question.maximum
        ):
            raise _error(
                f"Écrivez un nombre entre {question.minimum} et {question.maximum}.",
                f"Write a number between {question.minimum} and {question.maximum}.",
            )
        return int(number) if number == int(number) else number
    if kind == DATE:
        raw = str(value).strip()
        if raw in question.option_values() or raw == "NO_SHORTCUT":
            return raw
        date = parse_date(raw)
        if date is None:
            raise _error(
                "Écrivez une date comme ceci : 31.12.2015.",
                "Write a date like this: 31.12.2015.",
            )
        if date > today:
            raise _error("Cette date est dans le futur. Écrivez une date passée.", "This date is in the future. Write a past date.")
        if date.year < today.year - MAX_YEARS_AGO:
            raise _error("Cette date est trop ancienne. Vérifiez l'année.", "This date is too long ago. Check the year.")
        person = instance.person
        birth = person.birth_date_on(today) if person is not None and household is not None else None
        if birth is not None and date < birth:
            raise _error(
                "Cette date est avant la naissance. Vérifiez l'année.",
                "This date is before the birth. Check the year.",
            )
        return date.isoformat()
    if kind == COUNTRY:
        items = [item.lower() for item in _split(value)]
        if STATELESS in items:
            if len(items) > 1:
                raise _error("« Sans nationalité » se choisit seul.", "“Stateless” is chosen on its own.")
            return items
        unknown = [item for item in items if item not in COUNTRY_CODES]
        if unknown:
            raise _error("Choisissez un pays de la liste.", "Choose a country from the list.")
        return list(dict.fromkeys(items))
    raise _error("Cette question n'est pas connue.", "This question is not known.")


def _clean_prestations(items: list[str], household: Household) -> list[str]:
    if any(item in EXCLUSIVE for item in items):
        if len(items) > 1:
            raise _error(
                "« Aucune aide » ou « Je ne sais pas » se choisit seul.",
                "“No help” or “I don't know” is chosen on its own.",
            )
        return items
    cleaned = []
    for item in items:
        benefit, _, name = item.partition("_") if item.startswith(PER_PERSON_BENEFITS) else (item, "", "")
        if benefit in PER_PERSON_BENEFITS:
            person = household.by_name(name) if name else household.demandeur
            if person is None or not person.in_family:
                raise _error("Choisissez une personne de votre ménage.", "Choose a person of your household.")
            cleaned.append(f"{benefit}_{person.first_name}")
        elif item in BENEFITS:
            cleaned.append(item)
        else:
            raise _error("Choisissez parmi les aides proposées.", "Choose among the help offered.")
    return list(dict.fromkeys(cleaned))
