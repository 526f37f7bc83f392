"""API matrix entries (tests/api/test_api_permissions.py) for governance texts: a
private collective's texts are for its members (observers included)."""

from .setting import api_in_collective


def collective(w):
    return [w.collective.slug]


def text(w):
    return [w.collective.slug, w.text.pk]


MATRIX = {
    "get api:governance-text-list": (collective, None, api_in_collective(200)),
    "get api:governance-text-detail": (text, None, api_in_collective(200)),
}
