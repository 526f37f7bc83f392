"""API matrix entries (tests/api/test_api_permissions.py) for collectives, their
organisations and members."""

from .setting import api_in_collective


def collective(w):
    return [w.collective.slug]


def member(w):
    return [w.collective.slug, w.collective.memberships.get(user=w.member).pk]


def organisation(w):
    return [w.collective.slug, w.organisation.pk]


# "method url-name": (args builder or None, JSON body or None, expected status by persona)
MATRIX = {
    "get api:collective-list": (
        None,
        None,
        dict.fromkeys(
            ["anonymous", "outsider", "observer", "member", "facilitator", "coordinator", "reader"],
            200,
        ),
    ),
    "get api:collective-detail": (collective, None, api_in_collective(200)),
    "get api:organisation-list": (collective, None, api_in_collective(200)),
    "get api:organisation-detail": (organisation, None, api_in_collective(200)),
    "get api:member-list": (collective, None, api_in_collective(200)),
    "get api:member-detail": (member, None, api_in_collective(200)),
    "get api:me": (
        None,
        None,
        {
            "anonymous": 401,
            "outsider": 200,
            "observer": 200,
            "member": 200,
            "facilitator": 200,
            "coordinator": 200,
            "reader": 200,
        },
    ),
    # The schema is public.
    "get api:schema": (
        None,
        None,
        dict.fromkeys(
            ["anonymous", "outsider", "observer", "member", "facilitator", "coordinator", "reader"],
            200,
        ),
    ),
}
