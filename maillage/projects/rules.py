"""Who may do what with work streams and projects.

Predicates take (user, collective) or (user, project). Coordinators edit every work
stream and project; a project's pilots edit their project; members read and sign up
as volunteers; observers read.
"""

import rules

from maillage.collectives.rules import is_coordinator, is_in_collective, is_member_or_above
from maillage.core.comments import may_archive_comment


@rules.predicate
def pilots_project(user, project):
    if project is None or not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_maillage_pilots", {})
    if project.pk not in cache:
        cache[project.pk] = project.pilots.filter(pk=user.pk).exists()
    return cache[project.pk] and is_in_collective(user, project.collective)


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
