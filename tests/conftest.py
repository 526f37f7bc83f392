from dataclasses import dataclass

import pytest

from maillage.collectives.models import Role

from .factories import (
    CollectiveFactory,
    GovernanceTextFactory,
    MembershipFactory,
    OrganisationFactory,
)


def _undefined_variables():
    """The list where the test settings' string_if_invalid writes what it met."""
    from django.template import engines

    return getattr(engines["django"].engine.string_if_invalid, "found", None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    found = _undefined_variables()
    if found is not None:
        found.clear()
    return (yield)


# Findings known and left to the owners of those templates: (template, variable), and why.
KNOWN_UNDEFINED = set()


def _known(finding):
    where, _, variable = finding.partition(": ")
    return (where.rpartition(", line ")[0], variable) in KNOWN_UNDEFINED


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test fails when a template it rendered used a variable that does not exist
    (maillage/settings/test.py: UndefinedVariable), naming the template and the variable."""
    result = yield
    found = _undefined_variables()
    problems = [finding for finding in dict.fromkeys(found or ()) if not _known(finding)]
    if found:
        found.clear()
    if problems:
        pytest.fail(
            "Undefined template variables (give them a value in the view, declare them in "
            "the component's <c-vars>, or test them with {% if %}):\n- " + "\n- ".join(problems),
            pytrace=False,
        )
    return result


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request served in another language
    (an account's, a token's) leaves its language active in the thread after it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _documents_cache():
    """Each test starts with empty caches: no generated document kept (core.downloads),
    no wall rendered for another test's group (ids come back in a rolled-back database)."""
    from django.core.cache import caches

    caches["documents"].clear()
    caches["default"].clear()


@pytest.fixture(autouse=True, scope="session")
def _every_recorded_change_reads_in_words():
    """Every change a test makes a service record has a label for each field and words
    for each value (audit.history): a field added to a summary without them fails."""
    from django.db.models.signals import post_save

    from maillage.audit.history import problems
    from maillage.audit.models import AuditEvent

    def check(sender, instance, created, raw=False, **kwargs):
        if created and not raw and (found := problems(instance)):
            raise AssertionError("; ".join(found))

    post_save.connect(check, sender=AuditEvent, dispatch_uid="tests.history")
    yield
    post_save.disconnect(sender=AuditEvent, dispatch_uid="tests.history")


@dataclass
class World:
    """Two collectives and one person per persona.

    ``collective`` is private; its coordinator, facilitator, member and observer
    belong to it. The outsider is a member of ``other``, another private collective.
    """

    collective: object
    other: object
    organisation: object
    coordinator: object
    facilitator: object
    member: object
    observer: object
    outsider: object
    text: object

    def persona(self, name):
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture
def world(db):
    organisation = OrganisationFactory(name="Hospice général")
    collective = CollectiveFactory(name="Revenu de transition écologique", short_name="RTE")
    collective.organisations.add(organisation)
    other = CollectiveFactory(name="Pôle citoyen emploi", short_name="PCPE")
    people = {}
    for role in (Role.COORDINATOR, Role.FACILITATOR, Role.MEMBER, Role.OBSERVER):
        people[str(role)] = MembershipFactory(
            collective=collective,
            role=role,
            organisation=organisation if role == Role.MEMBER else None,
            user__display_name=f"{role.label} RTE",
        ).user
    outsider = MembershipFactory(collective=other, user__display_name="Outsider").user
    text = GovernanceTextFactory(collective=collective, updated_by=people["coordinator"])
    return World(
        collective=collective,
        other=other,
        organisation=organisation,
        outsider=outsider,
        text=text,
        **people,
    )


@pytest.fixture
def english(world):
    """The personas read the site in English, so that pages can be checked word for word
    whether or not the French catalogue has these strings yet."""
    for name in ("coordinator", "facilitator", "member", "observer", "outsider"):
        person = getattr(world, name)
        person.language = "en"
        person.save(update_fields=["language"])
    return world
