"""Rows for the API's property tests: one of each thing the API lists, in the test
world's collective, and the id of one per detail path."""

from django.urls import reverse


def fill(world):
    """The id to use in each detail path of the schema (``/api/v1/…/{id}/``)."""
    ids = {}

    def detail(name, pk):
        path = reverse(name, args=[world.collective.slug, 999999]).replace("999999", "{id}")
        ids[path.replace(world.collective.slug, "{slug}")] = pk

    detail("api:member-detail", world.collective.memberships.get(user=world.member).pk)
    detail("api:organisation-detail", world.organisation.pk)
    return ids
