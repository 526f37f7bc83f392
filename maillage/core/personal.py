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

    def within(self, queryset, path="collective"):
        """``queryset`` limited to the collectives answered for (``path`` leads from a row
        to its collective)."""
        if self.collectives is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.collectives})


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
