"""How the changes of the group's set-up and of the needs (services_needs) read in the
collective's log: by numbers and codes, never a person's name."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Date, Field, Number, YesNo, register

from .models import Period

NAME = Field(_("Name"))

register("employers.group_created", {"name": NAME})
register(
    "employers.group_changed",
    {
        "name": NAME,
        "target_hours": Field(_("Full-time hours a week"), Number()),
        "min_hours": Field(_("Minimum hours a week"), Number()),
        "speed_kmh": Field(_("Travel speed (km/h)"), Number()),
        "hourly_cost": Field(_("Cost of an hour of work"), Number()),
        "term_weeks": Field(_("Term-time weeks in a year"), Number()),
        "holiday_weeks": Field(_("Holiday weeks worked in a year"), Number()),
    },
)
register(
    "employers.member_added",
    {
        "organisation": Field(_("Organisation (number)"), Number()),
        "joined_on": Field(_("Member since"), Date()),
    },
)
register("employers.member_ended", {"left_on": Field(_("Left on"), Date())})
SITE = {
    "name": NAME,
    "commune": Field(_("Commune")),
    "latitude": Field(_("Latitude"), Number()),
    "longitude": Field(_("Longitude"), Number()),
}
register(["employers.site_added", "employers.site_changed"], SITE)
register("employers.family_added", {"name": NAME})
register(
    ["employers.qualification_added", "employers.qualification_changed"],
    {"name": NAME, "families": Field(_("Job families covered (numbers)"))},
)
register(
    ["employers.training_added", "employers.training_changed", "employers.training_removed"],
    {
        "name": NAME,
        "family": Field(_("Job family it opens (number)"), Number()),
        "from_qualification": Field(_("For holders of (number)")),
        "hours": Field(_("Length in hours"), Number()),
        "cost": Field(_("Cost"), Number()),
    },
)
NEED = {
    "employer": Field(_("Member (number)"), Number()),
    "family": Field(_("Job family (number)"), Number()),
    "site": Field(_("Site (number)"), Number()),
    "qualification": Field(_("Qualification required (number)")),
    "period": Field(_("Period of the year"), Choice(Period.choices)),
    "starts_on": Field(_("From"), Date()),
    "slots": Field(_("Weekly slots (day 0 = Monday)")),
}
register(["employers.need_declared", "employers.need_changed"], NEED)
register("employers.need_withdrawn", {"withdrawn": Field(_("Withdrawn"), YesNo())})
