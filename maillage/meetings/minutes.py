"""The content of a meeting's minutes (compte-rendu), as one JSON-serialisable snapshot.

``build_content`` reads everything the minutes hold in a constant number of queries
and turns it into plain values: texts, labels in the current language, dates in the
meeting's time zone. The same dictionary feeds the web page, the documents
(documents.py) and, once approved, is frozen in a ``MinutesVersion``; so it must never
hold model instances nor anything a later change of the database could alter.

Nobody's e-mail address goes into it: people are named, with their organisation.
"""

import unicodedata
from itertools import groupby

from django.db.models import F, Prefetch
from django.utils import dateformat, formats, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from maillage.actions.models import Action, ActionStatus
from maillage.core.typography import labelled, names_list, one_line

from .models import (
    AgendaItem,
    Agreement,
    Announcement,
    Attendance,
    Decision,
    DecisionStatus,
    Invitee,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)

SCHEMA = 1
TIME = "H:i"
DASH = "\u2013"


# ------------------------------------------------------------------------------ helpers


def _sort_key(text):
    """Alphabetical order that ignores case and accents (É sorts with E)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _person(user):
    """A person's name as people see it: never their address."""
    if user is None:
        return ""
    return user.display_name or _("A member")


def _owner_name(owner):
    """An action's owner: a member (never their address), an organisation or a guest."""
    if owner.user_id:
        return _person(owner.user)
    return owner.organisation.name if owner.organisation_id else owner.name


def _invitee_name(invitee):
    name = invitee.user.display_name if invitee.user_id else invitee.name
    name = one_line(name or "")
    # A name typed as an address would show the address: keep it out of the minutes.
    if not name or "@" in name:
        return _("Invited person")
    return name


def _day(value):
    """'Monday 3 March 2026' in the current language."""
    return f"{formats.date_format(value, 'l')} {formats.date_format(value, 'DATE_FORMAT')}"


def _short_date(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _time(value):
    return dateformat.time_format(value, TIME) if value else ""


def time_slot(start, end):
    """'14:00–14:45', '14:00' or ''."""
    if start and end:
        return f"{_time(start)}{DASH}{_time(end)}"
    return _time(start or end)


def _when(meeting):
    start, end = meeting.local_start, meeting.local_end
    if start.date() == end.date():
        return _("%(day)s, %(start)s%(dash)s%(end)s") % {
            "day": _day(start),
            "start": _time(start),
            "dash": DASH,
            "end": _time(end),
        }
    return _("From %(start)s to %(end)s") % {
        "start": f"{_day(start)} {_time(start)}",
        "end": f"{_day(end)} {_time(end)}",
    }


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _annex(line):
    """'Title https://…' → title and link; a line without a link is a title."""
    words = line.split()
    links = [w for w in words if w.startswith(("http://", "https://"))]
    if not links:
        return {"title": line, "link": ""}
    link = links[-1]
    title = " ".join(w for w in words if w != link).strip(" :–-") or link
    return {"title": title, "link": link}


# ------------------------------------------------------------------------------ people


def _represented_text(name, proxy, agreement):
    """ "Caroline Piffaretti, represented by M. Dunand", with the French agreement the
    attendance sheet gives ("représentée", "représenté", else "représenté·e")."""
    values = {"name": name, "proxy": proxy}
    if agreement == Agreement.FEMININE:
        if proxy:
            return pgettext("feminine", "%(name)s, represented by %(proxy)s") % values
        return pgettext("feminine", "%(name)s, represented") % values
    if agreement == Agreement.MASCULINE:
        if proxy:
            return pgettext("masculine", "%(name)s, represented by %(proxy)s") % values
        return pgettext("masculine", "%(name)s, represented") % values
    if proxy:
        return _("%(name)s, represented by %(proxy)s") % values
    return _("%(name)s, represented") % values


def _people_entry(invitee):
    name = _invitee_name(invitee)
    entry = {
        "name": name,
        "organisation": invitee.organisation_label or "",
        "guest": invitee.is_guest,
        "represented": invitee.attendance == Attendance.REPRESENTED,
        "represented_by": invitee.represented_by if invitee.represented_by else "",
        "text": name,
    }
    if entry["represented"]:
        entry["text"] = _represented_text(name, entry["represented_by"], invitee.agreement)
    return entry


def _names(people):
    """The names of a group on one line; a semicolon between them as soon as one says
    who represents someone ("A; B, represented by C"), so that no name is misread."""
    if any(p["represented"] for p in people):
        return pgettext("between people", "; ").join(p["text"] for p in people)
    return ", ".join(p["text"] for p in people)


def _with_organisation(entry):
    if entry["organisation"]:
        return _("%(name)s (%(organisation)s)") % {
            "name": entry["name"],
            "organisation": entry["organisation"],
        }
    return entry["name"]


def _participants(invitees):
    """Those present or represented, grouped by organisation (alphabetical), with the
    people without an organisation last."""
    here = [
        _people_entry(invitee)
        for invitee in invitees
        if invitee.attendance in (Attendance.PRESENT, Attendance.REPRESENTED)
    ]
    here.sort(
        key=lambda e: (not e["organisation"], _sort_key(e["organisation"]), _sort_key(e["name"]))
    )
    groups = []
    for organisation, people in groupby(here, key=lambda e: e["organisation"]):
        people = list(people)
        groups.append(
            {
                "organisation": organisation or _("Without organisation"),
                "without_organisation": not organisation,
                "people": people,
                "names": _names(people),
            }
        )
    return groups


def _listed(invitees, attendance):
    people = [_people_entry(i) for i in invitees if i.attendance == attendance]
    people.sort(key=lambda e: _sort_key(e["name"]))
    for entry in people:
        entry["text"] = _with_organisation(entry)
    return people


# ---------------------------------------------------------------------------- content


def _decision(decision):
    return {
        "id": decision.pk,
        "text": decision.text,
        "status": decision.status,
        "status_label": str(DecisionStatus(decision.status).label),
    }


def _minutes_state(meeting, minutes):
    if minutes is None:
        status, number, approved_at = MinutesStatus.DRAFT, 1, None
    else:
        status, number, approved_at = minutes.status, minutes.number, minutes.approved_at
    approved_local = timezone.localtime(approved_at, meeting.zone) if approved_at else None
    if status == MinutesStatus.APPROVED:
        label = _("Approved version %(number)s on %(date)s") % {
            "number": number,
            "date": formats.date_format(approved_local, "DATE_FORMAT") if approved_local else DASH,
        }
    elif status == MinutesStatus.SUBMITTED:
        label = _("Draft version %(number)s, submitted to participants") % {"number": number}
    else:
        label = _("Draft version %(number)s") % {"number": number}
    return {
        "status": str(status),
        "status_label": str(MinutesStatus(status).label),
        "number": number,
        "approved": status == MinutesStatus.APPROVED,
        "approved_at": approved_local.isoformat() if approved_local else "",
        "approved_on": formats.date_format(approved_local, "DATE_FORMAT") if approved_local else "",
        "label": label,
    }


def _load(meeting):
    """The meeting and everything its minutes show, in a fixed number of queries."""
    from maillage.consultations.models import Theme

    return (
        Meeting.objects.select_related("collective", "secretary", "consultation")
        .prefetch_related(
            "facilitators",
            Prefetch(
                "invitees",
                queryset=Invitee.objects.select_related("organisation", "user").order_by(
                    "name", "pk"
                ),
            ),
            Prefetch(
                "items",
                queryset=AgendaItem.objects.filter(status=ItemStatus.ACCEPTED)
                .select_related("proposed_by")
                .order_by("position", "starts_at", "pk"),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "pk")),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("decision")
                .with_owners()
                .order_by(F("due_date").asc(nulls_last=True), "pk"),
            ),
            Prefetch(
                "announcements",
                queryset=Announcement.objects.select_related("shared_by").order_by(
                    F("date").asc(nulls_last=True), "pk"
                ),
            ),
            Prefetch(
                "following",
                queryset=Meeting.objects.filter(status=MeetingStatus.PLANNED).order_by(
                    "starts_at", "pk"
                ),
            ),
            Prefetch(
                "consultation__themes",
                queryset=Theme.objects.select_related("group").order_by(
                    "group__name", "order", "pk"
                ),
            ),
        )
        .get(pk=meeting.pk)
    )


def build_content(meeting) -> dict:
    """Everything the minutes hold, as plain values (see the module's docstring)."""
    meeting = _load(meeting)
    collective = meeting.collective
    try:
        minutes = meeting.minutes
    except Minutes.DoesNotExist:
        minutes = None
    start, end = meeting.local_start, meeting.local_end
    invitees = list(meeting.invitees.all())
    decisions = list(meeting.decisions.all())
    decisions_of = {}
    for decision in decisions:
        decisions_of.setdefault(decision.item_id, []).append(decision)

    items = []
    kept_items = list(meeting.items.all())
    kept_ids = {item.pk for item in kept_items}
    for number, item in enumerate(kept_items, start=1):
        items.append(
            {
                "id": item.pk,
                "number": number,
                "title": item.title,
                "theme": item.theme,
                "time_slot": time_slot(item.starts_at, item.ends_at),
                "put_forward_by": item.presenter or _person(item.proposed_by),
                "description": item.description,
                "notes": item.notes,
                "decisions": [_decision(d) for d in decisions_of.get(item.pk, [])],
            }
        )
    # Decisions of no item, or of an item taken off the agenda.
    other_decisions = [_decision(d) for d in decisions if d.item_id not in kept_ids]

    actions = []
    for action in meeting.actions.all():
        actions.append(
            {
                "id": action.pk,
                "title": action.title,
                "owner": names_list(_owner_name(owner) for owner in action.owners.all()),
                "due_date": _short_date(action.due_date),
                "due_date_iso": action.due_date.isoformat() if action.due_date else "",
                "status": action.status,
                "status_label": str(ActionStatus(action.status).label),
                "decision": action.decision.text if action.decision_id else "",
            }
        )

    announcements = [
        {
            "title": a.title,
            "date": _short_date(a.date),
            "date_iso": a.date.isoformat() if a.date else "",
            "body": a.body,
            "link": a.link,
            "shared_by": _person(a.shared_by),
        }
        for a in meeting.announcements.all()
    ]

    following = next(iter(meeting.following.all()), None)
    next_meeting = None
    if following is not None:
        next_meeting = {
            "id": following.pk,
            "title": following.title,
            "date": _when(following),
            "starts_at": following.local_start.isoformat(),
            "place": following.where(),
            "online_url": following.online_url,
        }

    consultation = None
    if meeting.consultation_id:
        # The workshop's themes are shown once its synthesis is published, as its walls are.
        published = meeting.consultation.synthesis_published
        # Not a territory's themes: its synthesis has its own publication (models_territory).
        themes = list(meeting.consultation.themes.filter(territory=None)) if published else []
        shared = [theme for theme in themes if theme.group_id is None]
        if shared:
            themes = sorted(shared, key=lambda t: (t.order, t.pk))
        consultation = {
            "id": meeting.consultation_id,
            "title": meeting.consultation.title,
            "published": published,
            "themes": [
                {
                    "title": theme.title,
                    "statement": theme.statement,
                    "group": theme.group.name if theme.group_id else "",
                }
                for theme in themes
            ],
        }

    return {
        "schema": SCHEMA,
        "language": get_language() or "",
        "generated_at": timezone.now().isoformat(),
        "meeting_id": meeting.pk,
        "collective": collective.name,
        "collective_short_name": collective.short_name,
        "title": meeting.title,
        "kind": meeting.kind,
        "kind_label": str(meeting.get_kind_display()),
        "cancelled": meeting.is_cancelled,
        "cancel_reason": meeting.cancel_reason,
        "date": _day(start),
        "start_time": _time(start),
        "end_time": _time(end),
        "when": _when(meeting),
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "time_zone": meeting.time_zone,
        "place": meeting.place,
        "room": meeting.room,
        "address": meeting.address,
        "access": meeting.access,
        "online_url": meeting.online_url,
        "where": meeting.where(),
        "purpose": meeting.purpose,
        "objectives": meeting.objective_lines(),
        "format": meeting.format,
        "facilitators": sorted(
            (_person(user) for user in meeting.facilitators.all()), key=_sort_key
        ),
        "secretary": _person(meeting.secretary),
        "attendance_recorded": any(i.attendance != Attendance.UNKNOWN for i in invitees),
        "participants": _participants(invitees),
        "excused": _listed(invitees, Attendance.EXCUSED),
        "absent": _listed(invitees, Attendance.ABSENT),
        "items": items,
        "other_decisions": other_decisions,
        "actions": actions,
        "announcements": announcements,
        "next_steps": meeting.next_steps,
        "next_meeting": next_meeting,
        "annexes": [_annex(line) for line in meeting.annex_lines()],
        "consultation": consultation,
        "minutes": _minutes_state(meeting, minutes),
    }


# ------------------------------------------------------------------------- plain text


def content_text(content) -> str:
    """The minutes as plain text, one paragraph per line: what two versions are
    compared on, word by word (``governance.diff.compare``)."""
    lines = []

    def add(*texts):
        lines.extend(line for text in texts for line in _lines(text))

    add(_("Minutes"), content["collective"], content["title"], content["kind_label"])
    add(content["when"], content["where"], content["access"], content["online_url"])
    if content["participants"]:
        add(_("Participants"))
        for group in content["participants"]:
            add(labelled(group["organisation"], group["names"]))
    if content["excused"]:
        add(_("Excused"), ", ".join(p["text"] for p in content["excused"]))
    if content["absent"]:
        add(_("Absent"), ", ".join(p["text"] for p in content["absent"]))
    if content["purpose"]:
        add(_("Purpose of the meeting"), content["purpose"])
    if content["objectives"]:
        add(_("Objectives"), *content["objectives"])
    if content["format"]:
        add(_("Format"), content["format"])
    if content["items"]:
        add(_("Agenda"))
    for item in content["items"]:
        head = " – ".join(
            part
            for part in (f"{item['number']}. {item['title']}", item["theme"], item["time_slot"])
            if part
        )
        add(head)
        if item["put_forward_by"]:
            add(_("Put forward by: %(who)s") % {"who": item["put_forward_by"]})
        add(item["notes"] or item["description"])
        for decision in item["decisions"]:
            add(_decision_line(decision))
    if content["other_decisions"]:
        add(_("Other decisions"))
        for decision in content["other_decisions"]:
            add(_decision_line(decision))
    if content["actions"]:
        add(_("Actions"))
        for action in content["actions"]:
            add(
                " – ".join(
                    part
                    for part in (
                        action["title"],
                        action["owner"],
                        action["due_date"],
                        action["status_label"],
                    )
                    if part
                )
            )
    if content["announcements"]:
        add(_("Announcements"))
        for announcement in content["announcements"]:
            add(
                " – ".join(p for p in (announcement["title"], announcement["date"]) if p),
                announcement["body"],
                announcement["link"],
            )
    if content["next_steps"]:
        add(_("Next steps"), content["next_steps"])
    if content["next_meeting"]:
        following = content["next_meeting"]
        add(_("Next meeting"), following["title"], following["date"], following["place"])
    if content["annexes"]:
        add(_("Annexes"), *(" ".join(filter(None, a.values())) for a in content["annexes"]))
    if content["consultation"]:
        add(_("Workshop synthesis"), content["consultation"]["title"])
        for theme in content["consultation"]["themes"]:
            add(theme["title"], theme["statement"])
    return "\n".join(lines)


def _decision_line(decision):
    return _("Decision (%(status)s): %(text)s") % {
        "status": decision["status_label"],
        "text": one_line(decision["text"]),
    }
