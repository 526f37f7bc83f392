"""What employment holds about a person, and how it is erased (core/personal.py).

- A job seeker (matched by address: a seeker has no account) is erased as the seeker's
  own "delete my data" and the inactivity job do (``services_seekers.erase_seeker``):
  name, contact, CV, wishes and profile, consent; the row stays anonymous with its
  meetings, its wishes' weights, its outcomes (their notes cleared) and follow-ups'
  dates for the café's counts.
- A candidate of a recruitment operation (matched by address) is erased as the
  organisers' erasure does (``services_operations.erase_candidate``): the pipeline's
  stages and dates stay for the figures.
- A recruiter's contact and a channel's contact who is the person (by address): their
  name, address and phone blanked; the recruiter (an organisation) stays.
- An organiser's account: removed from the operations they manage; what they recorded
  (steps, obstacles, outcomes, profile views) stays, tied to the account that the
  account's deletion makes anonymous; their names are scrubbed from free texts.
"""

from django.db import transaction
from django.db.models import Q

from maillage.core import personal

from .models import ProfileView, Recruiter, Seeker
from .models_after import Obstacle, Outcome
from .models_operations import Candidate, Channel, Operation
from .services_operations import erase_candidate
from .services_seekers import erase_seeker, seeker_data

CAFE_COLLECTIVE = "cafe__event__collective"


def _by_address(person, queryset, field, path):
    if not person.email:
        return queryset.none()
    return person.within(queryset.filter(person.by(email_field=field)), path)


def _seekers(person):
    return _by_address(person, Seeker.objects.all(), "email", CAFE_COLLECTIVE)


def _candidates(person):
    return _by_address(person, Candidate.objects.all(), "email", "operation__collective")


def export(person):
    data = {
        "job_seeker": [
            {"collective": s.cafe.event.collective.name, **seeker_data(s)}
            for s in _seekers(person).select_related("cafe__event__collective").order_by("pk")
        ],
        "candidate": [
            {
                "collective": c.operation.collective.name,
                "operation": c.operation.title,
                "employer": c.operation.employer_name,
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "channel": c.channel.name if c.channel_id else None,
                "stage": c.stage,
                "state": c.state,
                "refusal_reason": c.refusal_reason,
                "refusal_message": c.refusal_message,
                "steps": [
                    {"stage": step.stage, "state": step.state, "on": personal.iso(step.on)}
                    for step in c.steps.order_by("at", "pk")
                ],
                "sourced_on": personal.iso(c.sourced_on),
            }
            for c in _candidates(person)
            .select_related("operation__collective", "channel")
            .order_by("pk")
        ],
        "recruiter_contact": [
            {
                "collective": r.cafe.event.collective.name,
                "cafe": r.cafe.event.title,
                "date": personal.iso(r.cafe.event.starts_at),
                "organisation": r.name,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "contact_phone": r.contact_phone,
            }
            for r in _by_address(person, Recruiter.objects.all(), "contact_email", CAFE_COLLECTIVE)
            .select_related("cafe__event__collective")
            .order_by("pk")
        ],
        "channel_contact": [
            {
                "collective": c.operation.collective.name,
                "operation": c.operation.title,
                "channel": c.name,
                "contact_email": c.contact_email,
            }
            for c in _by_address(
                person, Channel.objects.all(), "contact_email", "operation__collective"
            )
            .select_related("operation__collective")
            .order_by("pk")
        ],
    }
    if person.user is not None:
        user = person.user
        operations = person.within(
            Operation.objects.filter(Q(managers=user) | Q(created_by=user)).distinct()
        ).select_related("collective")
        data["operations"] = [
            {
                "collective": o.collective.name,
                "title": o.title,
                "employer": o.employer_name,
                "from": personal.iso(o.starts_on),
                "manager": o.managers.filter(pk=user.pk).exists(),
                "created_by_me": o.created_by_id == user.pk,
            }
            for o in operations.order_by("starts_on", "pk")
        ]
        obstacles = person.within(Obstacle.objects.filter(noted_by=user), CAFE_COLLECTIVE)
        data["obstacles_noted"] = [
            {
                "collective": o.cafe.event.collective.name,
                "cafe": o.cafe.event.title,
                "theme": o.theme,
                "text": o.text,
                "noted_at": personal.iso(o.noted_at),
            }
            for o in obstacles.select_related("cafe__event__collective").order_by("noted_at", "pk")
        ]
        outcomes = person.within(
            Outcome.objects.filter(recorded_by_user=user), f"seeker__{CAFE_COLLECTIVE}"
        )
        # Who the outcomes are about is the seekers' data: only what was recorded, when.
        data["outcomes_recorded"] = [
            {
                "collective": o.seeker.cafe.event.collective.name,
                "cafe": o.seeker.cafe.event.title,
                "months": o.checkpoint,
                "kind": o.kind,
                "recorded_at": personal.iso(o.recorded_at),
            }
            for o in outcomes.select_related("seeker__cafe__event__collective").order_by("pk")
        ]
        views = person.within(ProfileView.objects.filter(user=user), f"seeker__{CAFE_COLLECTIVE}")
        data["profiles_viewed"] = [
            {
                "collective": v.seeker.cafe.event.collective.name,
                "what": v.what,
                "at": personal.iso(v.at),
            }
            for v in views.select_related("seeker__cafe__event__collective").order_by("at", "pk")
        ]
    return {kind: rows for kind, rows in data.items() if rows}


@transaction.atomic
def erase(person):
    seekers = 0
    for seeker in _seekers(person).filter(erased_at__isnull=True).order_by("pk"):
        person.names.add(seeker.name)
        erase_seeker(seeker=seeker)
        # What happened after stays for the figures, not the words written about them.
        Outcome.objects.filter(seeker=seeker).update(note="")
        seekers += 1
    candidates = 0
    for candidate in _candidates(person).filter(erased_at__isnull=True).order_by("pk"):
        person.names.add(candidate.name)
        erase_candidate(actor=None, candidate=candidate)
        candidates += 1
    recruiters = _by_address(person, Recruiter.objects.all(), "contact_email", CAFE_COLLECTIVE)
    person.names.update(name for name in recruiters.values_list("contact_name", flat=True) if name)
    contacts = recruiters.update(contact_name="", contact_email="", contact_phone="")
    contacts += _by_address(
        person, Channel.objects.all(), "contact_email", "operation__collective"
    ).update(contact_email="")
    managed = 0
    if person.user is not None:
        for operation in person.within(Operation.objects.filter(managers=person.user)):
            operation.managers.remove(person.user)
            managed += 1
    texts = (
        personal.scrub_rows(
            person.within(Obstacle.objects.all(), CAFE_COLLECTIVE), ["text"], person
        )
        + personal.scrub_rows(
            person.within(Outcome.objects.all(), f"seeker__{CAFE_COLLECTIVE}"), ["note"], person
        )
        + personal.scrub_rows(
            person.within(Seeker.objects.all(), CAFE_COLLECTIVE), ["referrer_detail"], person
        )
    )
    return {
        "seekers_erased": seekers,
        "candidates_erased": candidates,
        "contacts_erased": contacts,
        "operations_left": managed,
        "texts_scrubbed": texts,
    }


personal.register("employment", export=export, erase=erase)
