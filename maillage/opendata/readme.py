"""The words that go with the data: README.md (what each file holds, its columns,
the date built, the licence, how to cite) and LICENCE.txt (the Licence Ouverte /
Open Licence 2.0 of Etalab, summed up, with its official text's address). The
README is written in the language active when it is built (the site's default)."""

import csv
import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import datasets

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_ID = "etalab-2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_TEXT_URL = (
    "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf"
)

# The licence's summary, in its two official languages: a legal text is not translated
# by the site's catalogue, and both versions are in force.
LICENCE = f"""{LICENCE_NAME}
SPDX: {LICENCE_ID}
{LICENCE_URL}
{LICENCE_TEXT_URL}

Français — résumé (seul le texte officiel fait foi)

Vous êtes libre de réutiliser ces informations : les reproduire, les copier, les
adapter, les modifier, les extraire et les transformer pour créer des informations
dérivées, des produits ou des services ; les communiquer, les diffuser, les
redistribuer, les publier et les transmettre ; les exploiter à titre commercial,
par exemple en les combinant avec d'autres informations, ou en les incluant dans
votre propre produit ou application.

Sous réserve de mentionner la paternité de l'information : sa source (au moins le
nom du producteur) et la date de sa dernière mise à jour. Vous pouvez le faire par
un lien vers la source et sa date de mise à jour.

Le producteur garantit que l'information est mise à disposition gratuitement. Il ne
garantit pas qu'elle est exempte d'erreurs et ne saurait être tenu responsable de
tout dommage résultant de sa réutilisation. La réutilisation ne doit pas laisser
croire que le producteur y participe ou la cautionne.

English — summary (only the official text is binding)

You are free to reuse this information: reproduce, copy, adapt, modify, extract and
transform it to create derived information, products or services; communicate,
disseminate, redistribute, publish and transmit it; exploit it commercially, for
example by combining it with other information or including it in your own product
or application.

Provided that you give its source (at least the name of the producer) and the date
of its last update, for example by a link to the source and its date.

The producer makes the information available free of charge. It does not warrant
that it is free of errors and cannot be held liable for any damage arising from its
reuse. The reuse must not suggest that the producer takes part in it or endorses it.

La licence est compatible avec les licences CC-BY 2.0 et ultérieures, l'Open
Government Licence du Royaume-Uni et l'ODC-BY. / It is compatible with CC-BY 2.0
and later, the UK Open Government Licence and ODC-BY.
"""


def licence():
    return LICENCE


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rows(files, name):
    """How many rows the CSV file has (its lines but the header)."""
    data = files.get(f"{name}.csv", b"")
    return max(len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) - 1, 0)


def _column_line(column):
    about = str(column.about)
    if column.choices is not None:
        codes = ", ".join(f"`{value}` ({label})" for value, label in column.choices.choices)
        about = f"{about}: {codes}"
    return f"| `{column.name}` | {_cell(about)} |"


def readme(collective, files, *, built_at):
    """README.md. ``built_at`` None: the words without the date (for the fingerprint)."""
    page = settings.SITE_URL + reverse("opendata:page", args=[collective.slug])
    when = date_format(timezone.localtime(built_at), "DATETIME_FORMAT") if built_at else ""
    day = timezone.localdate(built_at).isoformat() if built_at else ""
    lines = [
        "# " + _("%(name)s — open data") % {"name": _cell(collective.name)},
        "",
        _(
            "The public work of the collective %(name)s (%(territory)s), published by "
            "Maillage: its projects and their results, its events with their counts, the "
            "syntheses and vote results of its consultations, and its catalogue of offers."
        )
        % {"name": collective.name, "territory": collective.territory},
        "",
        "- " + _("Built on: %(when)s") % {"when": when},
        "- " + _("Page: %(page)s") % {"page": page},
        "- "
        + _("Licence: %(licence)s, %(url)s (see LICENCE.txt)")
        % {"licence": LICENCE_NAME, "url": LICENCE_URL},
        "",
        "## " + _("How to cite"),
        "",
        "> "
        + _("%(name)s, open data published with Maillage, %(page)s, updated on %(day)s.")
        % {"name": collective.name, "page": page, "day": day},
        "",
        "## " + _("No personal data"),
        "",
        _(
            "These files name no person: no pilot, organiser, speaker, registrant, "
            "participant, author or contact, no e-mail address and no phone number. "
            "Participants' own words (notes, comments) are left out; only the titles "
            "and statements of the published themes and the statements put to a vote "
            "are given. The descriptions of projects and events stay on their pages."
        ),
        "",
        "## " + _("The files"),
        "",
        _(
            "Each dataset comes twice with the same content: as CSV (UTF-8 with a byte "
            "order mark, comma-separated, RFC 4180; text that a spreadsheet would read "
            "as a formula starts with an apostrophe) and as JSON (a list of objects "
            "with the CSV's columns as keys; numbers stay numbers, true and false stay "
            "booleans, an empty cell is null). Dates are ISO 8601."
        ),
        "",
    ]
    for dataset in datasets.DATASETS:
        count = _rows(files, dataset.name)
        lines += [
            f"### `{dataset.name}.csv`, `{dataset.name}.json`",
            "",
            f"{dataset.about} "
            + ngettext("%(count)s row.", "%(count)s rows.", count) % {"count": count},
            "",
            "| " + _("Column") + " | " + _("What it holds") + " |",
            "| --- | --- |",
            *[_column_line(column) for column in dataset.columns],
            "",
        ]
    lines += [
        f"### `{datasets.DATAINCLUSION}`",
        "",
        _(
            "The catalogue in the data·inclusion format (schema v1, "
            "https://www.data.inclusion.beta.gouv.fr/), with Maillage's Swiss "
            "extension in each record's extensions: one object with the list of "
            "structures and the list of services. The contacts' names, e-mail "
            "addresses and phone "
            "numbers are left empty: the catalogue's pages give them."
        ),
        "",
    ]
    return "\n".join(lines)
