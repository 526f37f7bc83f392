"""Entries of the permission matrix (tests/test_permissions.py) for the day's rounds.

The rounds' page and the sheets name the seekers: the café's organisers only (the
world's facilitator organises the café's event); the coordinator who does not
organise it is refused, like members. The recruiter's pages and a seeker's rounds are
opened by their personal link, whoever is logged in (tests/employment/
test_rotations_links.py checks the link personas).
"""

from django.core.files.base import ContentFile

from maillage.employment.models import Slot
from maillage.employment.services_rotations import plan_rotations

from ..permission_helpers import everyone, in_collective
from .setting import build_cafe

# Pages of a personal link that answer a POST with a redirect to the link's page.
LINK_PAGES = {"employment:meeting_outcome"}

ORGANISERS = {**in_collective(403), "facilitator": 200}
ORGANISERS_PUBLIC = {**in_collective(403, outsider=403), "facilitator": 200}


def _planned(w, public=False):
    made = build_cafe(w, public=public)
    plan_rotations(actor=w.facilitator, cafe=made.cafe)
    return made


def private_cafe(w):
    return [w.collective.slug, build_cafe(w, public=False).cafe.event_id]


def public_cafe(w):
    return [w.collective.slug, _planned(w, public=True).cafe.event_id]


def recruiter_key(w):
    return [_planned(w).recruiters[0].key]


def recruiter_slot(w):
    slot = Slot.objects.filter(cafe=_planned(w).cafe).select_related("recruiter").first()
    return [slot.recruiter.key, slot.pk]


def recruiter_cv(w):
    made = build_cafe(w, public=False)
    seeker = made.seekers[0]
    seeker.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return [made.recruiters[0].key, seeker.pk]


def seeker_key(w):
    return [_planned(w).seekers[0].key]


MATRIX = {
    "employment:rotations": ("get", private_cafe, None, ORGANISERS),
    "employment:table_sheets": ("get", private_cafe, None, ORGANISERS),
    "employment:seeker_sheets": ("get", private_cafe, None, ORGANISERS),
    "employment:sheets_pdf": ("get", private_cafe, None, ORGANISERS),
    "employment:recruiter_page": ("get", recruiter_key, None, everyone(200)),
    "employment:meeting_outcome": (
        "post",
        recruiter_slot,
        {"outcome": "interview"},
        everyone(302),
    ),
    "employment:recruiter_seeker_cv": ("get", recruiter_cv, None, everyone(200)),
    "employment:seeker_rounds": ("get", seeker_key, None, everyone(200)),
}

# On a public collective outsiders see the collective, not the café's seekers.
PUBLIC_MATRIX = {
    "employment:rotations": ("get", public_cafe, None, ORGANISERS_PUBLIC),
    "employment:table_sheets": ("get", public_cafe, None, ORGANISERS_PUBLIC),
    "employment:seeker_sheets": ("get", public_cafe, None, ORGANISERS_PUBLIC),
    "employment:sheets_pdf": ("get", public_cafe, None, ORGANISERS_PUBLIC),
}
