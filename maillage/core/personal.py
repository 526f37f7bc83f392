"""Each person's data across apps: what every app holds about a person, and how it is
erased. The register of every personal field is docs/privacy.md.

Every app that keeps personal data has a ``privacy.py`` module that registers two
functions when it is imported (the privacy app imports them all at start-up):

    personal.register("events", export=export, erase=erase)

- ``export(person)`` returns what the app holds about the person, as JSON-ready data
  (dicts, lists, strings, numbers; dates as ISO strings), ``{}`` when nothing.
- ``erase(person)`` erases or pseudonymises it, as the app's rules say, inside the
  caller's transaction, and returns what it did as ``{"what": count}``. Contributions
  stay, signed by nobody (``deleted_name()``); what the law keeps (receipts, statements)
  is pseudonymised. It adds to ``person.names`` any name it finds on rows it erases
  (a registration's typed name…), so that later erasers can scrub free texts such as the
  log's summaries. It logs no name.

Erasers run by ``order`` (lower first): the apps' own data first, the log's summaries
(900), then the account itself (1000).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

EXPORTERS: dict = {}
ERASERS: dict = {}
ORDER: dict = {}


@dataclass
class Person:
    """Whose data: an account, or an e-mail address for someone without one.

    ``collectives`` is None for a person's own request (everything, everywhere), or the
    pks of the collectives a coordinator answers for: then only those collectives' rows
    are read or erased.
    """

    user: object = None
    email: str = ""
    collectives: frozenset | None = None
    names: set = field(default_factory=set)

    def __post_init__(self):
        if self.user is not None and not self.email:
            self.email = self.user.email
        self.email = (self.email or "").strip().lower()
        if self.user is not None and self.user.display_name:
            self.names.add(self.user.display_name)

    def by(self, user_field=None, email_field=None):
        """A filter for rows of this person: by account and/or by e-mail address."""
        condition = Q(pk__in=[])
        if user_field and self.user is not None:
            condition |= Q(**{user_field: self.user})
        if email_field and self.email:
            condition |= Q(**{f"{email_field}__iexact": self.email})
        return condition

    def named(self, field):
        """A filter for rows whose ``field`` is one of the person's names (case aside):
        a guest, a speaker or a pledge named in words."""
        condition = Q(pk__in=[])
        for name in self.names:
            if name:
                condition |= Q(**{f"{field}__iexact": name})
        return condition

    def within(self, queryset, path="collective"):
        """``queryset`` limited to the collectives answered for (``path`` leads from a row
        to its collective)."""
        if self.collectives is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.collectives})


def iso(value):
    """A date or an instant as exported (ISO 8601), or None."""
    return value.isoformat() if value else None


def register(app, *, export=None, erase=None, order=100):
    if export is not None:
        EXPORTERS[app] = export
    if erase is not None:
        ERASERS[app] = erase
        ORDER[app] = order


def erasers():
    return sorted(ERASERS.items(), key=lambda item: (ORDER[item[0]], item[0]))


def deleted_name():
    """What stands for an erased person's name in stored text, in the site's language
    ("personne supprimée")."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("deleted person")


def scrub(text, person):
    """``text`` with the person's names and address replaced by ``deleted_name()``."""
    if not text:
        return text
    for value in sorted({*person.names, person.email} - {""}, key=len, reverse=True):
        if value and value in text:
            text = text.replace(value, deleted_name())
    return text


def scrub_value(value, person):
    """``value`` — a text, or the lists and dicts of texts JSON holds, keys included —
    with the person's names and address replaced. Two people erased in one dict stay
    two entries."""
    if isinstance(value, str):
        return scrub(value, person)
    if isinstance(value, list):
        return [scrub_value(item, person) for item in value]
    if isinstance(value, dict):
        scrubbed = {}
        for key, item in value.items():
            key = scrub_value(key, person)
            unique, number = key, 1
            while unique in scrubbed:
                number += 1
                unique = f"{key} ({number})"
            scrubbed[unique] = scrub_value(item, person)
        return scrubbed
    return value


def scrub_rows(queryset, fields, person, json_fields=()):
    """Replace the person's names and address in the text ``fields`` (and
    ``json_fields``) of ``queryset``'s rows, locked; returns how many rows changed.
    Rows are written with UPDATE (no model ``save``: records that refuse changes keep
    refusing them everywhere else)."""
    values = [value for value in {*person.names, person.email} if value]
    if not values:
        return 0
    if not json_fields:
        condition = Q(pk__in=[])
        for name in fields:
            for value in values:
                condition |= Q(**{f"{name}__icontains": value})
        queryset = queryset.filter(condition)
    # JSON may hold its text escaped (\u00e9): those rows are all read and compared as data.
    names = [*fields, *json_fields]
    changed = 0
    for row in queryset.select_for_update(of=("self",)).only("pk", *names):
        after = {name: scrub_value(getattr(row, name), person) for name in names}
        after = {name: value for name, value in after.items() if value != getattr(row, name)}
        if after:
            queryset.model._default_manager.filter(pk=row.pk).update(**after)
            changed += 1
    return changed
