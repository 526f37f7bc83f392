"""Changes of a collective's orientation catalogue: its structures, their offers and
the offers' criteria, "checked today" marks, and the reminder of stale offers. One
function per change, each in a transaction and recorded in the collective's log; a
refused change raises DomainError with a translated message.

The checks of identifiers and postcodes (``structure_problems``) are shared by the
forms, these services and the data·inclusion import, so that a value refused on one
way in is refused on every other.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.ch import uid as swiss_uid
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as french_siret

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email
from maillage.eligibility import EligibilityInputError, Rule

from .models import Country, Offer, Structure

STRUCTURE_FIELDS = (
    "name",
    "organisation",
    "country",
    "siret",
    "uid",
    "description",
    "address",
    "postcode",
    "commune",
    "commune_code",
    "phone",
    "email",
    "website",
)

# In the order the offer's form shows them.
OFFER_FIELDS = (
    "name",
    "summary",
    "description",
    "kind",
    "needs",
    "publics",
    "places",
    "access",
    "how_to_apply",
    "documents",
    "contact_name",
    "phone",
    "email",
    "hours",
    "address",
    "postcode",
    "commune",
    "commune_code",
    "remote",
    "cost",
    "cost_details",
    "accessibility",
    "reference",
    "reference_url",
)


# ----------------------------------------------------------------------- checks


def format_uid(value):
    """A Swiss UID written CHE-123.456.789 (as the model stores it), or the value as
    typed when it cannot be read."""
    try:
        return swiss_uid.format(swiss_uid.validate(value))
    except StdnumError:
        return (value or "").strip()


def place_problems(country, postcode, commune_code):
    """Messages by field about a postcode and a commune number in ``country``."""
    problems = {}
    if country == Country.SWITZERLAND:
        if postcode and not re.fullmatch(r"\d{4}", postcode):
            problems["postcode"] = _("A Swiss postcode has 4 digits.")
        if commune_code and not re.fullmatch(r"\d{1,4}", commune_code):
            problems["commune_code"] = _("An OFS commune number has 1 to 4 digits.")
    else:
        if postcode and not re.fullmatch(r"\d{5}", postcode):
            problems["postcode"] = _("A French postcode has 5 digits.")
        if commune_code and not re.fullmatch(r"(\d{5}|2[AB]\d{3})", commune_code):
            problems["commune_code"] = _("An INSEE code has 5 characters, such as 74010.")
    return problems


def structure_problems(fields):
    """Messages by field about a structure's identifiers and place, for its country:
    a SIRET (checked with its key) for a French structure, a UID (CHE-123.456.789, with
    its check digit) for a Swiss one, and the country's postcodes and commune numbers."""
    country = fields.get("country") or Country.SWITZERLAND
    siret, uid = fields.get("siret") or "", fields.get("uid") or ""
    problems = {}
    if siret:
        if country != Country.FRANCE:
            problems["siret"] = _("A SIRET is for a French structure.")
        elif not french_siret.is_valid(siret):
            problems["siret"] = _("This SIRET is not valid: 14 digits, with its check key.")
    if uid:
        if country != Country.SWITZERLAND:
            problems["uid"] = _("A UID is for a Swiss structure.")
        elif not swiss_uid.is_valid(uid):
            problems["uid"] = _("This UID is not valid: it reads CHE-123.456.789.")
    problems.update(place_problems(country, fields.get("postcode"), fields.get("commune_code")))
    return problems


def _check_structure(fields):
    if not (fields.get("name") or "").strip():
        raise DomainError(_("Give the structure a name."), field="name")
    for field, message in structure_problems(fields).items():
        raise DomainError(message, field=field)


def _check_offer(structure, fields):
    if not (fields.get("name") or "").strip():
        raise DomainError(_("Give the offer a name."), field="name")
    for field, message in place_problems(
        structure.country, fields.get("postcode"), fields.get("commune_code")
    ).items():
        raise DomainError(message, field=field)


def check_criteria(criteria):
    """The criteria as the eligibility package reads them, or DomainError."""
    try:
        Rule.from_dict({"id": "offer", "criteria": criteria})
    except EligibilityInputError as error:
        raise DomainError(
            _("These criteria cannot be read: %(reason)s") % {"reason": error},
            field="criteria",
        ) from error


def _values(obj, names):
    values = {}
    for name in names:
        value = getattr(obj, name)
        values[name] = str(value) if name == "organisation" and value is not None else value
    return values


def _changed(before, after):
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _normalise(fields):
    fields = dict(fields)
    if fields.get("uid"):
        fields["uid"] = format_uid(fields["uid"])
    return fields


# ------------------------------------------------------------------- structures


@transaction.atomic
def create_structure(*, actor, collective, **fields):
    fields = _normalise(fields)
    _check_structure(fields)
    structure = Structure.objects.create(collective=collective, **fields)
    log_action(
        actor=actor,
        action="orientation.structure_created",
        obj=structure,
        after=_values(structure, STRUCTURE_FIELDS),
    )
    return structure


@transaction.atomic
def update_structure(*, actor, structure, **fields):
    fields = _normalise(fields)
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    _check_structure({**_values(structure, STRUCTURE_FIELDS), **fields})
    before = _values(structure, STRUCTURE_FIELDS)
    for name, value in fields.items():
        setattr(structure, name, value)
    structure.save()
    old, new = _changed(before, _values(structure, STRUCTURE_FIELDS))
    if new:
        log_action(
            actor=actor,
            action="orientation.structure_updated",
            obj=structure,
            before=old,
            after=new,
        )
    return structure


@transaction.atomic
def mark_structure_checked(*, actor, structure, today=None):
    """The structure and all its offers were checked today."""
    today = today or timezone.localdate()
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    before = structure.last_checked_on
    structure.last_checked_on = today
    structure.save(update_fields=["last_checked_on"])
    structure.offers.update(last_checked_on=today, reminded_at=None)
    log_action(
        actor=actor,
        action="orientation.structure_checked",
        obj=structure,
        before={"last_checked_on": before},
        after={"last_checked_on": today},
    )
    return structure


# ----------------------------------------------------------------------- offers


@transaction.atomic
def create_offer(*, actor, structure, **fields):
    _check_offer(structure, fields)
    criteria = fields.pop("criteria", [])
    check_criteria(criteria)
    offer = Offer.objects.create(
        structure=structure, criteria=criteria, last_checked_on=timezone.localdate(), **fields
    )
    log_action(
        actor=actor,
        action="orientation.offer_created",
        obj=offer,
        after=_values(offer, ("name", "kind", "published")),
    )
    return offer


@transaction.atomic
def update_offer(*, actor, offer, **fields):
    offer = Offer.objects.select_for_update().select_related("structure").get(pk=offer.pk)
    _check_offer(offer.structure, {**_values(offer, OFFER_FIELDS), **fields})
    before = _values(offer, OFFER_FIELDS)
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save()
    old, new = _changed(before, _values(offer, OFFER_FIELDS))
    if new:
        log_action(
            actor=actor, action="orientation.offer_updated", obj=offer, before=old, after=new
        )
    return offer


@transaction.atomic
def set_criteria(*, actor, offer, criteria):
    """The offer's criteria, as a list of criterion dicts (rules.Criterion)."""
    check_criteria(criteria)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    before = len(offer.criteria or [])
    offer.criteria = criteria
    offer.save(update_fields=["criteria", "updated_at"])
    log_action(
        actor=actor,
        action="orientation.criteria_changed",
        obj=offer,
        before={"criteria": before},
        after={"criteria": len(criteria)},
    )
    return offer


@transaction.atomic
def set_published(*, actor, offer, published):
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.published == published:
        return offer
    offer.published = published
    offer.save(update_fields=["published", "updated_at"])
    log_action(
        actor=actor,
        action="orientation.offer_published" if published else "orientation.offer_unpublished",
        obj=offer,
        before={"published": not published},
        after={"published": published},
    )
    return offer


@transaction.atomic
def mark_offer_checked(*, actor, offer, today=None):
    today = today or timezone.localdate()
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    before = offer.last_checked_on
    offer.last_checked_on = today
    offer.reminded_at = None
    offer.save(update_fields=["last_checked_on", "reminded_at"])
    log_action(
        actor=actor,
        action="orientation.offer_checked",
        obj=offer,
        before={"last_checked_on": before},
        after={"last_checked_on": today},
    )
    return offer


# ------------------------------------------------------------------------ stale


def stale_days():
    return max(1, int(settings.ORIENTATION_STALE_DAYS))


def stale_before(today=None):
    """Offers last checked before this day are stale."""
    return (today or timezone.localdate()) - timedelta(days=stale_days())


def is_stale(offer, today=None):
    checked = offer.last_checked_on or timezone.localdate(offer.created_at)
    return checked < stale_before(today)


def stale_offers(today=None):
    """The published offers not checked for ORIENTATION_STALE_DAYS (an offer never
    checked counts from its creation)."""
    limit = stale_before(today)
    return Offer.objects.filter(published=True).filter(
        Q(last_checked_on__lt=limit) | Q(last_checked_on__isnull=True, created_at__date__lt=limit)
    )


def structure_people(structure):
    """The people of a structure: active members of its collective whose membership
    names its organisation."""
    if structure.organisation_id is None:
        return []
    return [
        membership.user
        for membership in Membership.objects.active()
        .filter(collective_id=structure.collective_id, organisation_id=structure.organisation_id)
        .select_related("user")
        .order_by("user__email")
    ]


def remind_stale_offers(now=None):
    """Tell each structure's people (or, without them, the structure's address) about its
    offers not checked for ORIENTATION_STALE_DAYS; an offer is in at most one reminder
    per such period (``reminded_at``). Safe to run twice. Returns how many e-mails."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    again_after = now - timedelta(days=stale_days())
    due = (
        stale_offers(today)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=again_after))
        .select_related("structure__collective")
        .order_by("structure_id", "name")
    )
    by_structure = {}
    for offer in due:
        by_structure.setdefault(offer.structure, []).append(offer)
    sent = 0
    for structure, offers in by_structure.items():
        sent += _remind(structure, offers, now)
    return sent


@transaction.atomic
def _remind(structure, offers, now):
    recipients = [(person.email, person.language) for person in structure_people(structure)]
    if not recipients and structure.email:
        recipients = [(structure.email, None)]
    if not recipients:
        return 0
    locked = list(Offer.objects.select_for_update().filter(pk__in=[offer.pk for offer in offers]))
    again_after = now - timedelta(days=stale_days())
    locked = [o for o in locked if o.reminded_at is None or o.reminded_at < again_after]
    if not locked:
        return 0
    Offer.objects.filter(pk__in=[offer.pk for offer in locked]).update(reminded_at=now)
    from django.urls import reverse

    url = settings.SITE_URL.rstrip("/") + reverse(
        "orientation:structure", args=[structure.collective.slug, structure.pk]
    )
    for address, language in recipients:
        queue_email(
            template="orientation/catalogue/email/stale",
            to=address,
            language=language,
            context={
                "structure": structure,
                "offers": sorted(locked, key=lambda offer: offer.name),
                "days": stale_days(),
                "url": url,
            },
        )
    return len(recipients)


# ----------------------------------------------------------------------- import


class ImportRefused(DomainError):
    """A data·inclusion file with problems: nothing of it was imported."""

    def __init__(self, problems):
        super().__init__(_("Nothing was imported: the file has problems."), code="import")
        self.problems = problems


def _own_pk(source_id, collective, kind):
    """The pk in a record id this site wrote for ``collective`` (datainclusion.local_id)."""
    prefix = f"maillage--{collective.slug}--{kind}"
    rest = source_id[len(prefix) :] if source_id.startswith(prefix) else ""
    return int(rest) if rest.isdigit() else None


def _apply(obj, fields):
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    return changed


@transaction.atomic
def import_catalogue(*, actor, collective, text):
    """A data·inclusion file into the collective's catalogue, all or nothing: structures
    and services created or updated by their id at the source (``source_id``), so that
    importing the same file again changes nothing. Returns counts of created, updated
    and unchanged records; raises ImportRefused with every problem found."""
    from . import datainclusion

    parsed = datainclusion.read(text)
    if parsed.problems:
        raise ImportRefused(parsed.problems)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    structures = {}
    for source_id, fields in parsed.structures:
        structure = (
            Structure.objects.select_for_update()
            .filter(collective=collective, source_id=source_id)
            .first()
        )
        own = _own_pk(source_id, collective, "s")
        if structure is None and own is not None:
            structure = Structure.objects.filter(collective=collective, pk=own).first()
        if structure is None:
            structure = Structure.objects.create(
                collective=collective, source_id=source_id, **fields
            )
            counts["created"] += 1
        elif _apply(structure, fields):
            structure.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        structures[source_id] = structure
    for structure_id, source_id, fields in parsed.services:
        structure = structures[structure_id]
        offer = (
            Offer.objects.select_for_update()
            .filter(structure=structure, source_id=source_id)
            .first()
        )
        own = _own_pk(source_id, collective, "o")
        if offer is None and own is not None:
            offer = Offer.objects.filter(structure=structure, pk=own).first()
        if offer is None:
            Offer.objects.create(structure=structure, source_id=source_id, **fields)
            counts["created"] += 1
        elif _apply(offer, fields):
            offer.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    if counts["created"] or counts["updated"]:
        log_action(
            actor=actor,
            action="orientation.catalogue_imported",
            obj=collective,
            collective=collective,
            after=dict(counts),
        )
    return counts
