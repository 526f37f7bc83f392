"""Governance texts are the collective's, not a person's (core/personal.py): they stay
whole when their authors leave. What is the person's is that they wrote a version, and
the note they left on it ("what changed"): both are in their export; erasing the account
leaves the versions signed by "deleted person" and takes the person's names out of
their notes."""

from maillage.core import personal

from .models import GovernanceTextVersion


def _versions(person):
    if person.user is None:
        return GovernanceTextVersion.objects.none()
    return person.within(
        GovernanceTextVersion.objects.filter(author=person.user), path="text__collective"
    )


def export(person):
    versions = _versions(person).select_related("text__collective")
    return (
        {
            "versions_written": [
                {
                    "collective": v.text.collective.name,
                    "text": v.title,
                    "version": v.number,
                    "what_changed": v.comment,
                    "written_at": v.created_at.isoformat(),
                }
                for v in versions
            ]
        }
        if versions
        else {}
    )


def erase(person):
    scrubbed = 0
    for version in _versions(person).exclude(comment="").select_for_update():
        comment = personal.scrub(version.comment, person)
        if comment != version.comment:
            version.comment = comment
            version.save(update_fields=["comment"])
            scrubbed += 1
    return {"notes_scrubbed": scrubbed}


personal.register("governance", export=export, erase=erase)
