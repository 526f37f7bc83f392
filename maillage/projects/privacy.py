"""What the projects app holds about a person, and how it is erased (core/personal.py).

Export: the projects the person pilots or created, their volunteer sign-ups (with the
message left to the pilots), their comments.

Erase: projects and comments are the collective's work: they stay, the account being
anonymised by the privacy app (ending the memberships already took the person off the
pilots). Volunteer sign-ups are erased: the message to the pilots is blanked and a
sign-up still open is withdrawn, so that pilots no longer count on the person; the row
stays so that the number of volunteers a call had stays true. Free texts (content,
needs, comments) that name the person are scrubbed.
"""

from django.db.models import Q
from django.utils import timezone

from maillage.core import personal

from .models import Need, Project, ProjectComment, VolunteerSignup


def export(person):
    user = person.user
    if user is None:
        return {}
    projects = person.within(Project.objects.select_related("collective"))
    data = {
        "projects": [
            {
                "collective": project.collective.name,
                "title": project.title,
                "status": project.status,
                "starts_on": personal.iso(project.starts_on),
                "ends_on": personal.iso(project.ends_on),
                "your_part": [
                    role
                    for role, yes in (
                        ("pilot", project.pilots.filter(pk=user.pk).exists()),
                        ("created", project.created_by_id == user.pk),
                    )
                    if yes
                ],
            }
            for project in projects.filter(Q(pilots=user) | Q(created_by=user))
            .distinct()
            .order_by("collective__name", "pk")
        ],
        "volunteer_signups": [
            {
                "collective": signup.need.project.collective.name,
                "project": signup.need.project.title,
                "need": signup.need.description,
                "message": signup.message,
                "signed_up_at": personal.iso(signup.created_at),
                "withdrawn_at": personal.iso(signup.withdrawn_at),
            }
            for signup in person.within(
                VolunteerSignup.objects.filter(user=user).select_related(
                    "need__project__collective"
                ),
                "need__project__collective",
            ).order_by("created_at", "pk")
        ],
        "comments": [
            {
                "collective": comment.project.collective.name,
                "project": comment.project.title,
                "text": comment.text,
                "created_at": personal.iso(comment.created_at),
            }
            for comment in person.within(
                ProjectComment.objects.filter(author=user).select_related("project__collective"),
                "project__collective",
            ).order_by("created_at", "pk")
        ],
    }
    return {kind: rows for kind, rows in data.items() if rows}


def erase(person):
    counts = {}
    if person.user is not None:
        signups = person.within(
            VolunteerSignup.objects.filter(user=person.user), "need__project__collective"
        ).select_for_update()
        counts["volunteer_signups"] = signups.filter(
            Q(withdrawn_at__isnull=True) | ~Q(message="")
        ).count()
        signups.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        signups.exclude(message="").update(message="")
    counts["texts"] = (
        personal.scrub_rows(
            person.within(Project.objects.all()),
            ["title", "content", "content_html", "summary_html", "phase"],
            person,
        )
        + personal.scrub_rows(
            person.within(Need.objects.all(), "project__collective"),
            ["description", "approached"],
            person,
        )
        + personal.scrub_rows(
            person.within(ProjectComment.objects.all(), "project__collective"), ["text"], person
        )
    )
    return {what: count for what, count in counts.items() if count}


personal.register("projects", export=export, erase=erase, order=150)
