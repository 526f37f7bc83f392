"""Who may do what with work streams and projects.

Predicates take (user, collective) or (user, project). Coordinators edit every work
stream and project; a project's pilots edit their project; members read and sign up
as volunteers; observers read.
"""

import rules

from maillage.collectives.comments import may_archive_comment
from maillage.collectives.rules import (
    cached_holds,
    is_coordinator,
    is_in_collective,
    is_member_or_above,
    object_role,
)


def _pilots(user, project):
    """Whether the person pilots the project: from its pilots when they were fetched
    with it (the board's page), else one query."""
    fetched = getattr(project, "_prefetched_objects_cache", {}).get("pilots")
    if fetched is not None:
        return any(pilot.pk == user.pk for pilot in fetched)
    return project.pilots.filter(pk=user.pk).exists()


pilots_project = object_role("pilots_project", cached_holds("_maillage_pilots", _pilots))


@rules.predicate
def coordinates_project(user, project):
    return project is not None and is_coordinator(user, project.collective)


@rules.predicate
def member_of_project_collective(user, project):
    return project is not None and is_member_or_above(user, project.collective)


@rules.predicate
def reads_project(user, project):
    return project is not None and is_in_collective(user, project.collective)


rules.add_perm("projects.view_board", is_in_collective)
rules.add_perm("projects.change_work_streams", is_coordinator)
rules.add_perm("projects.add_project", is_coordinator)
rules.add_perm("projects.view_project", reads_project)
rules.add_perm("projects.change_project", coordinates_project | pilots_project)
rules.add_perm("projects.volunteer", member_of_project_collective)
rules.add_perm("projects.comment", member_of_project_collective)
rules.add_perm("projects.archive_comment", may_archive_comment)
