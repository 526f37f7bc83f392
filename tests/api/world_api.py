"""Real rows for the API's property tests: for the operation under test, its line of the
permission matrix builds what it needs in the test world's collective (the matrix's own
builders), and the path parameters of those rows are kept, so that generated requests
reach real rows, not only 404s."""

import re

from django.urls import resolve, reverse

from maillage.api import urls as api_urls

from .test_api_permissions import MATRIX

GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def template(pattern):
    """``/api/v1/collectives/{slug}/actions/{pk}/`` from a route's regular expression."""
    path = GROUP.sub(r"{\1}", pattern.pattern.regex.pattern)
    return "/api/v1/" + path.strip("^$").replace("\\", "").replace("\\.", ".")


NAMES = {
    template(pattern).replace("{pk}", "{id}"): f"api:{pattern.name}"
    for pattern in api_urls.router.urls
    if pattern.name
}


def real_parameters(world, path):
    """The path parameters of real rows for the schema's ``path``, or {}."""
    name = NAMES.get(path)
    if name is None:
        return {}
    if name.endswith("-list") and name != "api:registration-list":
        # A row the list shows: the one its detail's line builds (the slug is the world's).
        build(world, name.removesuffix("-list") + "-detail")
        return {}
    args = build(world, name)
    if args is None:
        return {}
    kwargs = resolve(reverse(name, args=args)).kwargs
    return {("id" if k == "pk" else k): v for k, v in kwargs.items()}


def build(world, name):
    """What the matrix's line for ``name`` builds, and the route's arguments."""
    for key, (builder, _body, _expected) in MATRIX.items():
        if key.split(" ", 1)[1] == name and builder is not None:
            return builder(world)
    return None
