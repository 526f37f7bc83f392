"""Entries of the permission matrix (tests/test_permissions.py) for the open data.

The page, the ZIP and the data·inclusion file of a public collective are for
everyone, anonymous visitors included; a private collective's answer 404 to
everyone, its members too, as its other public pages do.
"""

from ..permission_helpers import everyone


def collective(w):
    return [w.collective.slug]


MATRIX = {
    "opendata:page": ("get", collective, None, everyone(404)),
    "opendata:zip": ("get", collective, None, everyone(404)),
    "opendata:datainclusion": ("get", collective, None, everyone(404)),
}

PUBLIC_MATRIX = {
    "opendata:page": ("get", collective, None, everyone(200)),
    "opendata:zip": ("get", collective, None, everyone(200)),
    "opendata:datainclusion": ("get", collective, None, everyone(200)),
}
