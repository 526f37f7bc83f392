"""API matrix entries (tests/api/test_api_permissions.py) for job cafés and recruitment
operations: their figures are read by the collective's members (observers too), as the
employment and figures pages (``employment.view_figures``)."""

from ..employment.setting import build_cafe
from ..employment.setting_operations import build_operation
from .setting import api_in_collective


def collective(w):
    build_cafe(w, public=False)
    build_operation(w)
    return [w.collective.slug]


def cafe(w):
    return [w.collective.slug, build_cafe(w, public=False).cafe.pk]


def operation(w):
    return [w.collective.slug, build_operation(w).operation.pk]


MATRIX = {
    "get api:cafe-list": (collective, None, api_in_collective(200)),
    "get api:cafe-detail": (cafe, None, api_in_collective(200)),
    "get api:operation-list": (collective, None, api_in_collective(200)),
    "get api:operation-detail": (operation, None, api_in_collective(200)),
}
