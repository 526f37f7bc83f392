"""A PUBLIC collective's public work as open data: the rows of each dataset
(datasets.py), then the ZIP of CSV and JSON with its README and licence. Pure reads.

Never a person's data. What anyone reads on the public pages, less what names or
reaches a person: no pilot, organiser, speaker, registrant, participant, author or
contact; no e-mail address or phone number (a service's address is often a person's);
no free text written by participants (notes, comments, votes' comments), only the
titles and statements of published themes and the statements put to a vote. The
free texts of projects and events (content, description, report) stay on their pages:
they may name people, and a file once downloaded cannot be corrected when someone
asks to be erased. docs/opendata.md says the same for reusers.

Each dataset is read in a fixed number of queries, whatever its number of rows; the
vote results take a few queries per closed round (consultations.results).
"""

import hashlib
import io
import json
import zipfile
from collections import Counter
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from maillage.consultations.models import (
    ConsultationStatus,
    Note,
    RoundKind,
    RoundStatus,
    Theme,
)
from maillage.consultations.results import round_results
from maillage.documents.blocks import Table
from maillage.documents.to_sheets import render_csv
from maillage.events.models import PUBLIC_STATUSES, Event, RegistrationStatus
from maillage.orientation import datainclusion
from maillage.orientation.models import Offer, Structure
from maillage.projects.models import Milestone, Project
from maillage.projects.services import progress_of

from . import datasets, readme

# What the data·inclusion file keeps empty: a contact's name, e-mail and phone.
CONTACT_FIELDS = ("contact_nom_prenom", "courriel", "telephone")


def _url(name, *args):
    return settings.SITE_URL + reverse(name, args=args)


def _joined(values):
    return "; ".join(value for value in values if value)


def _iso(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat() if value else None


# --------------------------------------------------------------------- the rows


def collective_rows(collective):
    return [
        {
            "slug": collective.slug,
            "name": collective.name,
            "short_name": collective.short_name,
            "territory": collective.territory,
            "region": collective.region,
            "description": collective.description,
            "languages": _joined(collective.languages or []),
            "url": _url("collectives:detail", collective.slug),
        }
    ]


def organisation_rows(collective):
    return [
        {"name": o.name, "kind": o.kind, "website": o.website}
        for o in collective.organisations.order_by("name", "pk")
    ]


def public_projects(collective):
    """The projects of the public results page (projects.views_public)."""
    return (
        Project.objects.filter(
            collective=collective, public=True, archived_at=None, work_stream__archived_at=None
        )
        .select_related("work_stream")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(archived_at=None).order_by("due_on", "pk"),
                to_attr="live_milestones",
            ),
            "partners",
        )
        .order_by("work_stream__position", "work_stream_id", "position", "pk")
    )


def project_rows(collective, projects):
    return [
        {
            "id": project.pk,
            "work_stream": project.work_stream.title,
            "title": project.title,
            "status": project.status,
            "phase": project.phase,
            "starts_on": _iso(project.starts_on),
            "ends_on": _iso(project.ends_on),
            "progress": progress_of(project, project.live_milestones),
            "milestones": len(project.live_milestones),
            "milestones_reached": sum(1 for m in project.live_milestones if m.reached_on),
            "partners": _joined(sorted(p.name for p in project.partners.all())),
            "url": _url("projects:public_project", collective.slug, project.pk),
        }
        for project in projects
    ]


def milestone_rows(projects):
    return [
        {
            "project_id": project.pk,
            "title": milestone.title,
            "due_on": _iso(milestone.due_on),
            "reached_on": _iso(milestone.reached_on),
        }
        for project in projects
        for milestone in project.live_milestones
    ]


def event_rows(collective):
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    events = (
        Event.objects.filter(collective=collective, status__in=PUBLIC_STATUSES)
        .annotate(
            registered=Count("registrations", filter=confirmed, distinct=True),
            waiting=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITING),
                distinct=True,
            ),
            attended=Count(
                "registrations",
                filter=confirmed & Q(registrations__checked_in_at__isnull=False),
                distinct=True,
            ),
        )
        .prefetch_related("partners")
        .order_by("starts_at", "pk")
    )
    return [
        {
            "id": event.pk,
            "title": event.title,
            "kind": event.kind,
            "theme": event.theme,
            "status": event.status,
            "starts_at": _iso(event.starts_at),
            "ends_at": _iso(event.ends_at),
            "time_zone": event.time_zone,
            "place": event.place,
            "address": event.address,
            "online": bool(event.online_url),
            "language": event.language,
            "price": str(event.price) if event.price is not None else None,
            "currency": event.currency,
            "capacity": event.capacity,
            "registered": event.registered,
            "waiting": event.waiting,
            # Nobody checked in: the organisers did not count arrivals here.
            "attended": event.attended or None,
            "partners": _joined(sorted(p.name for p in event.partners.all())),
            "url": _url("events:event", collective.slug, event.pk),
        }
        for event in events
    ]


def started_consultations(collective):
    return list(
        collective.consultations.exclude(status=ConsultationStatus.DRAFT).order_by(
            "created_at", "pk"
        )
    )


def consultation_rows(collective, consultations):
    return [
        {
            "id": c.pk,
            "title": c.title,
            "method": c.method,
            "status": c.status,
            "synthesis_published_on": _iso(
                timezone.localdate(c.synthesis_published_at) if c.synthesis_published_at else None
            ),
            "url": _url("consultations:report", collective.slug, c.pk),
        }
        for c in consultations
    ]


def theme_rows(consultations):
    """The themes of the published syntheses, as the public report shows them: each
    group's, and those of the synthesis of syntheses (not a territory's own)."""
    published = [c.pk for c in consultations if c.synthesis_published_at]
    themes = (
        Theme.objects.filter(consultation_id__in=published)
        .filter(Q(group__isnull=False) | Q(territory__isnull=True))
        .select_related("group")
        .order_by("consultation_id", "group_id", "order", "pk")
    )
    notes = Counter(
        Note.objects.filter(
            group__consultation_id__in=published, hidden=False, theme__isnull=False
        ).values_list("theme_id", flat=True)
    )
    return [
        {
            "consultation_id": theme.consultation_id,
            "id": theme.pk,
            "group": theme.group.name if theme.group_id else "",
            "title": theme.title,
            "statement": theme.statement,
            "notes": notes.get(theme.pk, 0),
        }
        for theme in themes
    ]


def _statement_row(round_, item, consensus):
    row = {
        "consultation_id": round_.consultation_id,
        "round": round_.number,
        "round_title": round_.title,
        "round_kind": round_.kind,
        "statement_id": item.statement.pk,
        "text": item.statement.text,
        "theme": item.statement.theme.title if item.statement.theme_id else "",
        "votes": item.votes,
    } | dict.fromkeys(datasets.STATEMENTS.names[8:], None)
    if item.rating:
        figures = item.rating
        row |= {
            "median": figures["median"],
            "q1": figures["q1"],
            "q3": figures["q3"],
            "share_7_9": figures["share_high"],
            "share_1_3": figures["share_low"],
        }
    else:
        row |= {name: item.counts.get(name, 0) for name in ("agree", "disagree", "pass")}
        if item.votes:
            row |= {
                "share_agree": item.shares["agree"],
                "share_disagree": item.shares["disagree"],
            }
    row["consensus"] = item.statement.pk in consensus
    return row


def statement_rows(consultations):
    """The figures of every closed vote round, as the public report gives them
    (consultations.results): counts and shares only, never a comment."""
    rows = []
    for consultation in consultations:
        closed = consultation.rounds.filter(
            status=RoundStatus.CLOSED, kind__in=[RoundKind.AGREE, RoundKind.RATE]
        ).order_by("number")
        for round_ in closed:
            results = round_results(round_, with_opinions=False)
            consensus = {item.statement.pk for item in results.consensus}
            rows += [_statement_row(round_, item, consensus) for item in results.statements]
    return rows


def catalogue(collective):
    """The structures with at least one published offer, their published offers
    prefetched as ``offers`` (what datainclusion.export_catalogue reads)."""
    published = Offer.objects.filter(published=True).order_by("name", "pk")
    return list(
        Structure.objects.filter(collective=collective, offers__published=True)
        .distinct()
        .select_related("collective")
        .prefetch_related(Prefetch("offers", queryset=published))
        .order_by("name", "pk")
    )


def structure_rows(collective, structures):
    return [
        {
            "id": s.source_id or datainclusion.local_id(s, collective),
            "name": s.name,
            "country": s.country,
            "uid": s.uid,
            "siret": s.siret,
            "address": s.address,
            "postcode": s.postcode,
            "commune": s.commune,
            "commune_code": s.commune_code,
            "website": s.website,
            "last_checked_on": _iso(s.last_checked_on),
        }
        for s in structures
    ]


def offer_rows(collective, structures):
    return [
        {
            "id": o.source_id or datainclusion.local_id(o, collective),
            "structure_id": s.source_id or datainclusion.local_id(s, collective),
            "name": o.name,
            "summary": o.summary,
            "description": o.description,
            "kind": o.kind,
            "needs": _joined(o.needs or []),
            "publics": _joined(o.publics or []),
            "access": o.access,
            "places": o.places,
            "remote": o.remote,
            "cost": o.cost,
            "cost_details": o.cost_details,
            "postcode": o.postcode,
            "commune": o.commune,
            "last_checked_on": _iso(o.last_checked_on),
            "url": _url("orientation:offer", collective.slug, o.uuid),
        }
        for s in structures
        for o in s.offers.all()
    ]


def datainclusion_document(structures, today):
    """The catalogue in the data·inclusion format, without the contacts' names,
    e-mail addresses and phone numbers (the catalogue's page gives them)."""
    document = datainclusion.export_catalogue(structures, today)
    for record in document["structures"] + document["services"]:
        for name in CONTACT_FIELDS:
            if name in record:
                record[name] = None
    return document


def rows_of(collective, today=None):
    """Every dataset's rows: {dataset name: [dict, …]}, and the data·inclusion document."""
    today = today or timezone.localdate()
    projects = list(public_projects(collective))
    consultations = started_consultations(collective)
    structures = catalogue(collective)
    rows = {
        "collective": collective_rows(collective),
        "organisations": organisation_rows(collective),
        "projects": project_rows(collective, projects),
        "milestones": milestone_rows(projects),
        "events": event_rows(collective),
        "consultations": consultation_rows(collective, consultations),
        "themes": theme_rows(consultations),
        "statements": statement_rows(consultations),
        "structures": structure_rows(collective, structures),
        "offers": offer_rows(collective, structures),
    }
    return rows, datainclusion_document(structures, today)


# --------------------------------------------------------------------- the files


def csv_cell(value):
    """A JSON value as the CSV writes it: booleans as true/false, nothing as empty."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_csv(dataset, rows):
    table = Table(
        header=dataset.names,
        rows=[[csv_cell(row[name]) for name in dataset.names] for row in rows],
    )
    return render_csv(table).encode("utf-8")


def _json(value):
    return (json.dumps(value, ensure_ascii=False, indent=2, default=_default) + "\n").encode()


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


def data_files(collective, today=None):
    """{file name: bytes} of the data (no README): the fingerprint's input."""
    rows, document = rows_of(collective, today)
    files = {}
    for dataset in datasets.DATASETS:
        files[f"{dataset.name}.csv"] = to_csv(dataset, rows[dataset.name])
        files[f"{dataset.name}.json"] = _json(rows[dataset.name])
    files[datasets.DATAINCLUSION] = _json(document)
    return files


def fingerprint(files):
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def zip_bytes(files, built_at):
    """The files in a ZIP, each dated ``built_at`` (the same files give the same bytes)."""
    stamp = timezone.localtime(built_at).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


def build(collective, built_at=None):
    """The collective's open data: (fingerprint, ZIP bytes). The fingerprint covers
    the data, the README's words and the licence, not the date in the README."""
    built_at = built_at or timezone.now()
    files = data_files(collective, timezone.localdate(built_at))
    files["LICENCE.txt"] = readme.licence().encode()
    files["README.md"] = readme.readme(collective, files, built_at=None).encode()
    print_ = fingerprint(files)
    files["README.md"] = readme.readme(collective, files, built_at=built_at).encode()
    return print_, zip_bytes(files, built_at)
