"""Page matrix entries (tests/test_permissions.py) for a person's API tokens: their owner
only; a token of someone else is not found."""

from maillage.api import services

from ..permission_helpers import logged_in


def own_token(w):
    token, _ = services.create_token(w.coordinator, name="site", collectives=[w.collective])
    return [token.pk]


MATRIX = {
    "api_tokens:list": ("get", None, None, logged_in(200)),
    # Only the coordinator owns it: for everyone else it does not exist.
    "api_tokens:revoke": (
        "post",
        own_token,
        {},
        {**logged_in(404), "coordinator": 302},
    ),
}
PUBLIC_MATRIX = {}
