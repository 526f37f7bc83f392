"""Changes of the economic model: a scenario saved makes a new version of it.

``save_scenario`` creates the scenario (version 1) or, given the version the person
started from (``base_version``), adds the next version under the scenario's lock:
when someone saved another version in between, ConflictError and nothing is saved
(the form keeps what was typed).
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError

from . import economics
from .models_economics import Scenario, ScenarioVersion

NAME_LENGTH = 120
NOTE_LENGTH = 300


def input_message(code):
    """What an economics.InputError's ``code`` says to people."""
    messages = {
        "missing": _("Enter a value."),
        "number": _("Enter a number."),
        "whole": _("Enter a whole number."),
        "negative": _("Enter a number that is not negative."),
        "too_low": _("Enter at least 1."),
        "too_high": _("An occupancy is between 0 and 100 %."),
        "currency": _("Choose CHF or EUR: the model knows no other currency."),
        "period": _("The owner's rent is per year or per month."),
        "kind": _("Only meeting rooms, modular rooms and desks are priced by the half-day."),
    }
    return messages.get(code, _("Enter a valid value."))


def checked_inputs(inputs):
    """The inputs as a version keeps them, or DomainError on the first bad value (its
    ``field`` is the input's name, ``kinds.<kind>.<name>`` for a kind's)."""
    try:
        return economics.dump(economics.parse(inputs))
    except economics.InputError as exc:
        raise DomainError(input_message(exc.code), field=exc.field, code=exc.code) from None


@transaction.atomic
def save_scenario(*, actor, site, name, inputs, base_version=None, note=""):
    """A new version of the scenario ``name`` of ``site`` with ``inputs``. Without
    ``base_version`` the scenario is new (refused when the name is taken); with it,
    the scenario must still be at that version."""
    name = clean_line(
        name,
        field="name",
        max_length=NAME_LENGTH,
        empty_message=_("Give the scenario a name."),
    )
    note = clean_line(note, field="note", max_length=NOTE_LENGTH)
    data = checked_inputs(inputs)
    if base_version is None:
        if Scenario.objects.filter(site=site, name=name).exists():
            raise DomainError(
                _("This site already has a scenario of that name: choose another one."),
                field="name",
            )
        try:
            with transaction.atomic():
                scenario = Scenario.objects.create(site=site, name=name)
        except IntegrityError:
            raise DomainError(
                _("This site already has a scenario of that name: choose another one."),
                field="name",
            ) from None
    else:
        pk = Scenario.objects.filter(site=site, name=name).values_list("pk", flat=True).first()
        if pk is None:
            raise DomainError(_("This scenario no longer exists."), field="name")
        scenario = lock_at_version(
            Scenario,
            pk,
            base_version,
            message=_(
                "Someone saved another version of this scenario while you were editing "
                "it. Yours is not saved: what you typed is still here; compare it with "
                "the latest version and save again."
            ),
        )
    scenario.version += 1
    scenario.save(update_fields=["version"])
    version = ScenarioVersion.objects.create(
        scenario=scenario, number=scenario.version, inputs=data, note=note, created_by=actor
    )
    log_action(
        actor=actor,
        action="premises.scenario_saved",
        obj=scenario,
        collective=site.collective,
        after={"version": version.number, "note": note},
    )
    return version
