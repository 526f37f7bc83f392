"""Entries of the permission matrix (tests/test_permissions.py) for the pooling pages
(tests/employers/setting.py builds the group; a run is run by its task at once).

- Runs, a run, its status, keeping and excluding a proposal, the exclusions, the jobs
  kept, a job, changing and ending it: the collective's coordinators only; the member,
  the facilitator and the observer 403.
- A member's shares: the coordinators and the people who act for that member (the
  world's member acts for the group's first employer); the facilitator and the observer,
  who represent nobody, 403. Another member's shares are 403 to the member
  (tests/employers/test_pooling_pages.py).
- Outsiders never learn the group exists (404); on a public collective, which they may
  see, they are refused (403).
"""

from maillage.employers import services_pooling as services
from maillage.employers.models import Run, Week
from maillage.employers.tasks import run_pooling

from ..permission_helpers import in_collective
from .setting import build_group

COORDINATORS = in_collective(200, minimum="coordinator")
OWN_MEMBER = {**in_collective(403), "member": 200, "coordinator": 200}
PUBLIC_COORDINATORS = in_collective(200, minimum="coordinator", outsider=403)
PUBLIC_OWN_MEMBER = {**OWN_MEMBER, "outsider": 403}


def _run(w):
    made = build_group(w)
    run = Run.objects.create(group=made.group, week=Week.TERM)
    run_pooling.call(run.pk)
    return made, run


def collective(w):
    build_group(w)
    return [w.collective.slug]


def run(w):
    return [w.collective.slug, _run(w)[1].pk]


def proposal(w):
    _, run = _run(w)
    return [w.collective.slug, run.pk, run.jobs.get().pk]


def job(w):
    _, run = _run(w)
    kept = services.keep_job(actor=w.coordinator, proposed=run.jobs.get())
    return [w.collective.slug, kept.pk]


def exclusion(w):
    made = build_group(w)
    made_exclusion = services.exclude(
        actor=w.coordinator, group=made.group, needs=[made.needs["cleaning"]]
    )
    return [w.collective.slug, made_exclusion.pk]


def own_employer(w):
    made = build_group(w)
    return [w.collective.slug, made.own.pk]


MATRIX = {
    "employers:runs": ("get", collective, None, COORDINATORS),
    "employers:run": ("get", run, None, COORDINATORS),
    "employers:run_status": ("get", run, None, COORDINATORS),
    "employers:keep": ("get", proposal, None, COORDINATORS),
    "employers:exclude": ("get", proposal, None, COORDINATORS),
    "employers:exclusions": ("get", collective, None, COORDINATORS),
    "employers:exclusion_remove": ("get", exclusion, None, COORDINATORS),
    "employers:jobs": ("get", collective, None, COORDINATORS),
    "employers:job": ("get", job, None, COORDINATORS),
    "employers:job_edit": ("get", job, None, COORDINATORS),
    "employers:job_end": ("get", job, None, COORDINATORS),
    "employers:employer_shares": ("get", own_employer, None, OWN_MEMBER),
}

PUBLIC_MATRIX = {
    "employers:runs": ("get", collective, None, PUBLIC_COORDINATORS),
    "employers:job": ("get", job, None, PUBLIC_COORDINATORS),
    "employers:employer_shares": ("get", own_employer, None, PUBLIC_OWN_MEMBER),
}
