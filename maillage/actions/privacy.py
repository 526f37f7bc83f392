"""What the actions app holds about a person, and how it is erased (core/personal.py).

Export: the actions the person owns (by account, or as a guest named like them), those
they created or marked done, their comments, the weeks their digest was sent.

Erase: actions and comments are the collective's work: they stay. A guest owner named
like the person becomes "deleted person"; an owner with an account stays an owner, the
account being anonymised by the privacy app. Free texts (titles, details, comments)
that name the person are scrubbed. The digests' record is deleted. Runs after the apps
that find a person's names (events, meetings…), so that names typed there are scrubbed
here too.
"""

from django.db.models import Q

from maillage.core import personal

from .models import Action, ActionComment, ActionOwner, DigestSent


def _owned(person):
    owners = ActionOwner.objects.filter(person.by(user_field="user") | person.named("name"))
    return Q(pk__in=owners.values("action_id"))


def export(person):
    if person.user is None and not person.names:
        return {}
    user = person.user
    actions = person.within(Action.objects.select_related("collective"))
    mine = _owned(person)
    if user is not None:
        mine |= Q(created_by=user) | Q(completed_by=user) | Q(updated_by=user)
    rows = []
    for action in actions.filter(mine).distinct().order_by("collective__name", "pk"):
        roles = []
        owners = action.owners.filter(person.by(user_field="user") | person.named("name"))
        if owners.exists():
            roles.append("owner")
        if user is not None:
            roles += [
                role
                for role, pk in (
                    ("created", action.created_by_id),
                    ("completed", action.completed_by_id),
                    ("updated", action.updated_by_id),
                )
                if pk == user.pk
            ]
        rows.append(
            {
                "collective": action.collective.name,
                "title": action.title,
                "details": action.description,
                "due_date": personal.iso(action.due_date),
                "status": action.status,
                "completed_at": personal.iso(action.completed_at),
                "your_part": roles,
            }
        )
    data = {"actions": rows}
    if user is not None:
        comments = person.within(
            ActionComment.objects.filter(author=user).select_related("action__collective"),
            "action__collective",
        )
        data["comments"] = [
            {
                "collective": c.action.collective.name,
                "action": c.action.title,
                "text": c.text,
                "created_at": personal.iso(c.created_at),
            }
            for c in comments.order_by("created_at", "pk")
        ]
        if person.collectives is None:
            data["digests_sent"] = [
                {"week": d.week, "sent_at": personal.iso(d.sent_at)}
                for d in DigestSent.objects.filter(user=user).order_by("week")
            ]
    return {kind: rows for kind, rows in data.items() if rows}


def erase(person):
    counts = {}
    guests = person.within(
        ActionOwner.objects.filter(person.named("name"), user=None, organisation=None),
        "action__collective",
    ).select_for_update()
    renamed = 0
    for owner in guests:
        # An action names a guest once: a second deleted person on it is one too many.
        if owner.action.owners.filter(name__iexact=personal.deleted_name()).exists():
            owner.delete()
        else:
            owner.name = personal.deleted_name()
            owner.save(update_fields=["name"])
        renamed += 1
    counts["guest_owners"] = renamed
    if person.user is not None and person.collectives is None:
        counts["digests"] = DigestSent.objects.filter(user=person.user).delete()[0]
    counts["texts"] = personal.scrub_rows(
        person.within(Action.objects.all()), ["title", "description"], person
    ) + personal.scrub_rows(
        person.within(ActionComment.objects.all(), "action__collective"), ["text"], person
    )
    return {what: count for what, count in counts.items() if count}


personal.register("actions", export=export, erase=erase, order=150)
