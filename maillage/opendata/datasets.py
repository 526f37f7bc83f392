"""The open data's datasets: their files, columns and what each column holds, read by
the builder (build.py) for the files and by the README and the page for the words.

A column's ``choices`` are the codes it may hold (a TextChoices); the README lists
them with their labels. Column names are stable identifiers (English, snake_case):
a reuser's script keeps working when the site changes language.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import OrganisationKind
from maillage.consultations.models import ConsultationStatus, Method, RoundKind
from maillage.events.models import EventKind, EventLanguage, EventStatus
from maillage.orientation.models import Access, Cost, Country, OfferKind
from maillage.projects.models import ProjectStatus


@dataclass(frozen=True)
class Column:
    name: str
    about: object
    choices: object = None


@dataclass(frozen=True)
class Dataset:
    name: str
    about: object
    columns: list = field(default_factory=list)

    @property
    def names(self):
        return [column.name for column in self.columns]


C = Column

COLLECTIVE = Dataset(
    "collective",
    _("The collective: one row."),
    [
        C("slug", _("its identifier in the site's addresses")),
        C("name", _("its name")),
        C("short_name", _("its short name")),
        C("territory", _("the territory it works in")),
        C("region", _("the canton or département")),
        C("description", _("its presentation, as its page shows it")),
        C("languages", _("the languages it works in (codes separated by semicolons)")),
        C("url", _("its page")),
    ],
)

ORGANISATIONS = Dataset(
    "organisations",
    _("The organisations that belong to the collective."),
    [
        C("name", _("its name")),
        C("kind", _("its kind"), OrganisationKind),
        C("website", _("its website")),
    ],
)

PROJECTS = Dataset(
    "projects",
    _("The projects the collective shows on its public results page."),
    [
        C("id", _("the project's number")),
        C("work_stream", _("the work stream it belongs to")),
        C("title", _("its title")),
        C("status", _("its status"), ProjectStatus),
        C("phase", _("its phase, in the collective's words")),
        C("starts_on", _("when it starts (YYYY-MM-DD)")),
        C("ends_on", _("when it ends (YYYY-MM-DD)")),
        C(
            "progress",
            _("its progress in %: the pilots' figure, else the share of milestones reached"),
        ),
        C("milestones", _("how many milestones it has")),
        C("milestones_reached", _("how many of them are reached")),
        C("partners", _("its partner organisations (separated by semicolons)")),
        C("url", _("its public page")),
    ],
)

MILESTONES = Dataset(
    "milestones",
    _("The milestones of these projects."),
    [
        C("project_id", _("the project's number (projects.id)")),
        C("title", _("the milestone")),
        C("due_on", _("when it is due (YYYY-MM-DD)")),
        C("reached_on", _("when it was reached (empty: not yet)")),
    ],
)

EVENTS = Dataset(
    "events",
    _("The collective's published and cancelled events, with their counts."),
    [
        C("id", _("the event's number")),
        C("title", _("its title")),
        C("kind", _("its kind"), EventKind),
        C("theme", _("its theme")),
        C("status", _("published or cancelled"), EventStatus),
        C("starts_at", _("when it starts (ISO 8601, with the offset)")),
        C("ends_at", _("when it ends (ISO 8601, with the offset)")),
        C("time_zone", _("its time zone")),
        C("place", _("the place")),
        C("address", _("the place's address")),
        C("online", _("whether it can be followed online (true or false)")),
        C("language", _("its language"), EventLanguage),
        C("price", _("its price (empty: free)")),
        C("currency", _("the price's currency")),
        C("capacity", _("how many seats (empty: no limit)")),
        C("registered", _("how many confirmed registrations")),
        C("waiting", _("how many on the waiting list")),
        C("attended", _("how many were checked in (empty: not known)")),
        C("partners", _("its partner organisations (separated by semicolons)")),
        C("url", _("its public page")),
    ],
)

CONSULTATIONS = Dataset(
    "consultations",
    _("The collective's consultations that have started."),
    [
        C("id", _("the consultation's number")),
        C("title", _("its title")),
        C("method", _("its method"), Method),
        C("status", _("open or closed"), ConsultationStatus),
        C("synthesis_published_on", _("when its synthesis was published (empty: not yet)")),
        C("url", _("its report")),
    ],
)

THEMES = Dataset(
    "themes",
    _("The themes of the published syntheses, with how many notes each gathers."),
    [
        C("consultation_id", _("the consultation's number (consultations.id)")),
        C("id", _("the theme's number")),
        C("group", _("the group (a table or a territory); empty: the synthesis of syntheses")),
        C("title", _("the theme's title")),
        C("statement", _("its synthesis statement")),
        C("notes", _("how many notes it gathers")),
    ],
)

STATEMENTS = Dataset(
    "statements",
    _("The results of the closed vote rounds (Delphi): each statement's figures."),
    [
        C("consultation_id", _("the consultation's number (consultations.id)")),
        C("round", _("the round's number")),
        C("round_title", _("the round's title")),
        C("round_kind", _("agree/disagree votes or ratings from 1 to 9"), RoundKind),
        C("statement_id", _("the statement's number")),
        C("text", _("the statement")),
        C("theme", _("the theme it comes from")),
        C("votes", _("how many answers")),
        C("agree", _("votes: how many agree")),
        C("disagree", _("votes: how many disagree")),
        C("pass", _("votes: how many pass")),
        C("share_agree", _("votes: the share that agree (0 to 1)")),
        C("share_disagree", _("votes: the share that disagree (0 to 1)")),
        C("median", _("ratings: the median")),
        C("q1", _("ratings: the first quartile")),
        C("q3", _("ratings: the third quartile")),
        C("share_7_9", _("ratings: the share rating 7 to 9")),
        C("share_1_3", _("ratings: the share rating 1 to 3")),
        C("consensus", _("whether the round's rule finds a consensus (true or false)")),
    ],
)

STRUCTURES = Dataset(
    "structures",
    _("The catalogue's structures that have at least one published offer."),
    [
        C("id", _("the structure's identifier (as in data-inclusion.json)")),
        C("name", _("its name")),
        C("country", _("its country"), Country),
        C("uid", _("its Swiss business number (UID)")),
        C("siret", _("its French SIRET number")),
        C("address", _("its address")),
        C("postcode", _("its postcode")),
        C("commune", _("its commune")),
        C("commune_code", _("the commune's official number (OFS or INSEE)")),
        C("website", _("its website")),
        C("last_checked_on", _("when its information was last checked")),
    ],
)

OFFERS = Dataset(
    "offers",
    _("The catalogue's published offers."),
    [
        C("id", _("the offer's identifier (as in data-inclusion.json)")),
        C("structure_id", _("its structure (structures.id)")),
        C("name", _("its name")),
        C("summary", _("what it is, in a sentence")),
        C("description", _("its description")),
        C("kind", _("its kind"), OfferKind),
        C("needs", _("the needs it answers (data·inclusion codes separated by semicolons)")),
        C("publics", _("for whom (data·inclusion codes separated by semicolons)")),
        C("access", _("direct or through a partner"), Access),
        C("places", _("how many places (empty: not said)")),
        C("remote", _("whether it is also offered at a distance (true or false)")),
        C("cost", _("free or paid"), Cost),
        C("cost_details", _("about the cost")),
        C("postcode", _("its postcode (empty: the structure's)")),
        C("commune", _("its commune (empty: the structure's)")),
        C("last_checked_on", _("when it was last checked")),
        C("url", _("its public page")),
    ],
)

DATASETS = [
    COLLECTIVE,
    ORGANISATIONS,
    PROJECTS,
    MILESTONES,
    EVENTS,
    CONSULTATIONS,
    THEMES,
    STATEMENTS,
    STRUCTURES,
    OFFERS,
]
DATAINCLUSION = "data-inclusion.json"
