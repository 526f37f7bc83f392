"""How the changes of job cafés (services_cafe) read in the collective's log. A job
seeker is recorded by number only, never by name."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Field, Number, YesNo, register

from .models import SeekerStatus

RECRUITER = Field(_("Recruiter"))
OFFER = Field(_("Offer"))
SEEKER = Field(_("Job seeker (number)"))

register("employment.cafe_set_up", {})
register(
    "employment.cafe_changed",
    {
        "rotations": Field(_("Rounds"), Number()),
        "minutes_per_rotation": Field(_("Minutes per round"), Number()),
        "seats": Field(_("Seekers per table"), Number()),
    },
)
register(
    ["employment.recruiter_added", "employment.recruiter_changed", "employment.recruiter_removed"],
    {"recruiter": RECRUITER},
)
register("employment.recruiter_link_sent", {"recruiter": RECRUITER})
register(
    "employment.recruiter_presence",
    {"recruiter": RECRUITER, "present": Field(_("Present"), YesNo())},
)
register(
    ["employment.offer_added", "employment.offer_changed", "employment.offer_removed"],
    {"recruiter": RECRUITER, "offer": OFFER},
)
register(
    ["employment.seeker_registered", "employment.seeker_consent"],
    {"seeker": SEEKER, "consent": Field(_("Consent to show the profile"), YesNo())},
)
register(
    "employment.seeker_checked_in",
    {"seeker": SEEKER, "status": Field(_("Status"), Choice(SeekerStatus))},
)
register(
    [
        "employment.seeker_walked_in",
        "employment.seeker_profile_changed",
        "employment.seeker_cv_replaced",
        "employment.seeker_cv_deleted",
        "employment.seeker_kept",
        "employment.seeker_erased",
    ],
    {"seeker": SEEKER},
)
