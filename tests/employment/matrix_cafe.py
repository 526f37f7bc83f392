"""Entries of the permission matrix (tests/test_permissions.py) for the CAFE part of
employment: the collective's employment page, setting a job café up, its page, the
recruiters' and offers' forms, the job seekers (organisers only), the public
registration and the seeker's personal link.

Same shape as there: name: (method, args builder or None, POST data, expected status
by persona). The café's event is organised by the world's facilitator (the
"organiser"); the coordinator sets cafés up but never sees a job seeker's profile.
The registration is a public page of a PUBLIC collective's job café (404 otherwise);
the seeker's link answers anyone who has it (the key is the credential).
"""

from ..events.setting import build_event
from ..permission_helpers import everyone, in_collective
from .setting import build_cafe
from .setting_cafe import pdf

# Pages reached with a seeker's key: anonymous visitors are sent back to the page of
# that key, not to the login.
KEY_PAGES = {
    "employment:seeker_consent": "/emploi/inscrits/",
    "employment:seeker_cv_upload": "/emploi/inscrits/",
    "employment:seeker_cv_delete": "/emploi/inscrits/",
    "employment:seeker_keep": "/emploi/inscrits/",
}


def collective(w):
    return [w.collective.slug]


def _cafe(w, public=False):
    return build_cafe(w, public=public, recruiters=1, seekers=1)


def cafe(w):
    made = _cafe(w)
    return [w.collective.slug, made.cafe.event_id]


def job_cafe_event(w):
    return [w.collective.slug, build_event(w, public=False, kind="job_cafe").pk]


def recruiter(w):
    made = _cafe(w)
    return [w.collective.slug, made.cafe.event_id, made.recruiters[0].pk]


def offer(w):
    made = _cafe(w)
    return [w.collective.slug, made.cafe.event_id, made.recruiters[0].offers.get().pk]


def seeker(w):
    made = _cafe(w)
    return [w.collective.slug, made.cafe.event_id, made.seekers[0].pk]


def seeker_with_cv(w):
    made = _cafe(w)
    found = made.seekers[0]
    found.cv.save("cv.pdf", pdf(), save=True)
    return [w.collective.slug, made.cafe.event_id, found.pk]


def public_cafe(w):
    return [build_cafe(w, public=True, recruiters=1, seekers=0).cafe.event_id]


def private_cafe(w):
    return [_cafe(w).cafe.event_id]


def key(w):
    return [_cafe(w).seekers[0].key]


def key_with_cv(w):
    found = _cafe(w).seekers[0]
    found.cv.save("cv.pdf", pdf(), save=True)
    return [found.key]


def editors(status):
    """The café's organisers (the facilitator) and the coordinators."""
    return in_collective(status, minimum="facilitator")


def organisers(status):
    """The café's organisers only: not the coordinator."""
    return {**in_collective(status, minimum="facilitator"), "coordinator": 403}


RECRUITER_POST = {"name": "Stef Logistique", "tables": "1"}
OFFER_POST = {"title": "Cariste", "contract": "cdi", "posts": "1"}

MATRIX = {
    "employment:home": ("get", collective, None, in_collective(200)),
    "employment:cafe_setup": ("get", job_cafe_event, None, editors(200)),
    "employment:cafe": ("get", cafe, None, editors(200)),
    "employment:cafe_edit": ("get", cafe, None, editors(200)),
    "employment:recruiter_add": ("post", cafe, RECRUITER_POST, editors(302)),
    "employment:recruiter_edit": ("get", recruiter, None, editors(200)),
    "employment:recruiter_remove": ("post", recruiter, {}, editors(302)),
    "employment:recruiter_presence": ("post", recruiter, {"present": "no"}, editors(302)),
    "employment:recruiter_send_link": ("post", recruiter, {}, editors(302)),
    "employment:offer_add": ("post", recruiter, OFFER_POST, editors(302)),
    "employment:offer_edit": ("get", offer, None, editors(200)),
    "employment:offer_remove": ("post", offer, {}, editors(302)),
    "employment:seekers": ("get", cafe, None, organisers(200)),
    "employment:walk_in": ("post", cafe, {"name": "Sans inscription"}, organisers(302)),
    "employment:seeker": ("get", seeker, None, organisers(200)),
    "employment:seeker_cv": ("get", seeker_with_cv, None, organisers(200)),
    "employment:check_in": ("post", seeker, {"status": "arrived"}, organisers(302)),
    # A private collective's café takes registrations through its address (handed out
    # by the prescribers); its other events stay private.
    "employment:register": ("get", private_cafe, None, everyone(200)),
    "employment:register_sent": ("get", private_cafe, None, everyone(200)),
    # The seeker's link: whoever has the key.
    "employment:seeker_page": ("get", key, None, everyone(200)),
    "employment:seeker_profile": ("get", key, None, everyone(200)),
    "employment:seeker_consent": ("post", key, {"consent": "no"}, everyone(302)),
    "employment:seeker_own_cv": ("get", key_with_cv, None, everyone(200)),
    "employment:seeker_cv_upload": ("post", key, {}, everyone(302)),
    "employment:seeker_cv_delete": ("post", key, {}, everyone(302)),
    "employment:seeker_keep": ("post", key, {}, everyone(302)),
    "employment:seeker_data": ("get", key, None, everyone(200)),
    "employment:seeker_delete": ("get", key, None, everyone(200)),
}

PUBLIC_MATRIX = {
    "employment:register": ("get", public_cafe, None, everyone(200)),
    "employment:register_sent": ("get", public_cafe, None, everyone(200)),
    "employment:home": ("get", collective, None, in_collective(200, outsider=403)),
}

assert all(name in MATRIX for name in KEY_PAGES)
