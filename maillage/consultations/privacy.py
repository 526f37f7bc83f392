"""What the consultations app holds about a person, and how it is erased
(core/personal.py).

Export: the person's participations (by account, or by the address left to be told of
new rounds), with the notes, votes, moods and the address they left; the pledges made
in their name; the consultations, themes and statements they created.

Erase: notes, votes and moods are the group's work: they stay, but no longer tied to
anyone. The participation loses its account, its display name and its hashes, and its
token and return link change (the old cookie and links stop working); the address left
for new rounds is erased (the row stays as the record of the consent and of its end,
as when a consultation closes). A pledge in the person's name is kept under "deleted
person". Free texts (notes, comments, syntheses) and the analyses' results (an opinion analysis
keys participants by name) that name the person are scrubbed.
"""

from django.utils import timezone

from maillage.core import personal

from .models import (
    Commitment,
    Consultation,
    Note,
    Participant,
    Statement,
    Theme,
    Vote,
    new_token,
)
from .models_analysis import Analysis, Proposal


def _participations(person):
    return person.within(
        Participant.objects.filter(person.by(user_field="user", email_field="contact__email")),
        "consultation__collective",
    )


def _commitments(person):
    return person.within(
        Commitment.objects.filter(person.by(user_field="person") | person.named("person_name")),
        "note__group__consultation__collective",
    )


def _participation(participant):
    contact = getattr(participant, "contact", None)
    return {
        "collective": participant.consultation.collective.name,
        "consultation": participant.consultation.title,
        "group": participant.group.name,
        "display_name": participant.display_name,
        "joined_at": personal.iso(participant.joined_at),
        "address_for_new_rounds": contact.email if contact else None,
        "consented_at": personal.iso(contact.consented_at) if contact else None,
        "notes": [
            {"question": n.question.text, "text": n.text, "created_at": personal.iso(n.created_at)}
            for n in participant.notes.select_related("question").order_by("created_at", "pk")
        ],
        "votes": [
            {
                "statement": v.statement.text,
                "choice": v.choice,
                "rating": v.rating,
                "comment": v.comment,
                "updated_at": personal.iso(v.updated_at),
            }
            for v in participant.votes.select_related("statement").order_by("pk")
        ],
        "moods": [
            {"moment": m.moment, "value": m.value, "created_at": personal.iso(m.created_at)}
            for m in participant.moods.order_by("pk")
        ],
    }


def export(person):
    user = person.user
    participations = _participations(person).select_related(
        "consultation__collective", "group", "contact"
    )
    data = {
        "participations": [_participation(p) for p in participations.order_by("joined_at", "pk")],
        "pledges": [
            {
                "collective": c.note.group.consultation.collective.name,
                "consultation": c.note.group.consultation.title,
                "pledge": c.text,
                "name": c.person_name,
                "due_on": personal.iso(c.due_on),
            }
            for c in _commitments(person)
            .select_related("note__group__consultation__collective")
            .order_by("due_on", "pk")
        ],
    }
    if user is not None:
        data["consultations_created"] = [
            {"collective": c.collective.name, "consultation": c.title}
            for c in person.within(
                Consultation.objects.filter(created_by=user).select_related("collective")
            ).order_by("pk")
        ]
        data["themes_created"] = [
            {"consultation": t.consultation.title, "theme": t.title, "statement": t.statement}
            for t in person.within(
                Theme.objects.filter(created_by=user).select_related("consultation"),
                "consultation__collective",
            ).order_by("pk")
        ]
        data["statements_written"] = [
            {"consultation": s.consultation.title, "statement": s.text}
            for s in person.within(
                Statement.objects.filter(created_by=user).select_related("consultation"),
                "consultation__collective",
            ).order_by("pk")
        ]
    return {kind: rows for kind, rows in data.items() if rows}


def erase(person):
    now = timezone.now()
    participations = list(
        _participations(person).select_for_update(of=("self",)).select_related("contact")
    )
    for participant in participations:
        if participant.display_name:
            person.names.add(participant.display_name)
    contacts = 0
    for participant in participations:
        contact = getattr(participant, "contact", None)
        if contact is not None and contact.email:
            contact.email = ""
            contact.erased_at = now
            contact.save(update_fields=["email", "erased_at"])
            contacts += 1
        participant.user = None
        participant.display_name = ""
        participant.ip_hash = ""
        participant.device_hash = ""
        participant.token = new_token()
        participant.link_key = ""
        participant.save(
            update_fields=["user", "display_name", "ip_hash", "device_hash", "token", "link_key"]
        )
    Vote.objects.filter(participant__in=participations).update(ip_hash="", device_hash="")
    pledges = 0
    for commitment in _commitments(person).select_for_update():
        commitment.person = None
        commitment.person_name = personal.deleted_name()
        commitment.save(update_fields=["person", "person_name"])
        pledges += 1
    path = "consultation__collective"
    texts = (
        personal.scrub_rows(
            person.within(Consultation.objects.all()), ["purpose", "conclusions"], person
        )
        + personal.scrub_rows(
            person.within(Note.objects.all(), "group__consultation__collective"),
            ["text", "original_text", "hidden_reason"],
            person,
        )
        + personal.scrub_rows(
            person.within(Vote.objects.all(), "round__" + path), ["comment"], person
        )
        + personal.scrub_rows(
            person.within(Commitment.objects.all(), "note__group__" + path), ["text"], person
        )
        + personal.scrub_rows(
            person.within(Theme.objects.all(), path), ["title", "statement"], person
        )
        + personal.scrub_rows(person.within(Statement.objects.all(), path), ["text"], person)
        + personal.scrub_rows(
            person.within(Proposal.objects.all(), "group__" + path), ["label"], person
        )
        + personal.scrub_rows(
            person.within(Analysis.objects.all(), path), [], person, json_fields=["result"]
        )
    )
    counts = {
        "participations": len(participations),
        "contacts": contacts,
        "pledges": pledges,
        "texts": texts,
    }
    return {what: count for what, count in counts.items() if count}


personal.register("consultations", export=export, erase=erase)
