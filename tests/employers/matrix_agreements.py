"""Entries of the permission matrix (tests/test_permissions.py) for staff lending,
skills sponsorship and the feasibility report (tests/employers/setting_agreements.py).

- The lending agreements' list and proposing one: coordinators, and the world's member,
  who acts for a member employer; the facilitator and the observer represent nobody (403).
- An agreement the member's organisation is party to: the member and the coordinators;
  changing it (a draft): the same. Another members' agreement: 403 for the member.
- Signing and ending: the coordinators.
- The sponsorship offers: every member of the collective reads them; adding, changing,
  giving and closing one: the coordinators.
- The report and its downloads: the coordinators.
- Outsiders never learn the group exists (404).
"""

from ..permission_helpers import in_collective
from .setting_agreements import build_agreements

COORDINATORS = in_collective(200, minimum="coordinator")
PARTIES = {**COORDINATORS, "member": 200}
MEMBERS = in_collective(200)


def collective(w):
    build_agreements(w)
    return [w.collective.slug]


def ours(w):
    return [w.collective.slug, build_agreements(w).ours.pk]


def offer(w):
    return [w.collective.slug, build_agreements(w).offer.pk]


MATRIX = {
    "employers:lendings": ("get", collective, None, PARTIES),
    "employers:lending_add": ("get", collective, None, PARTIES),
    "employers:lending": ("get", ours, None, PARTIES),
    "employers:lending_edit": ("get", ours, None, PARTIES),
    "employers:lending_sign": ("get", ours, None, COORDINATORS),
    "employers:lending_end": ("get", ours, None, COORDINATORS),
    "employers:sponsorships": ("get", collective, None, MEMBERS),
    "employers:sponsorship_add": ("get", collective, None, COORDINATORS),
    "employers:sponsorship_edit": ("get", offer, None, COORDINATORS),
    "employers:sponsorship_assign": (
        "post",
        offer,
        {"beneficiary": ""},
        {
            **in_collective(403, minimum="coordinator"),
            "coordinator": 302,
        },
    ),
    "employers:sponsorship_close": ("get", offer, None, COORDINATORS),
    "employers:report": ("get", collective, None, COORDINATORS),
    "employers:report_docx": ("get", collective, None, COORDINATORS),
    "employers:report_pdf": ("get", collective, None, COORDINATORS),
}

PUBLIC_MATRIX = {
    "employers:lendings": ("get", collective, None, {**PARTIES, "outsider": 403}),
    "employers:sponsorships": ("get", collective, None, in_collective(200, outsider=403)),
    "employers:report": ("get", collective, None, {**COORDINATORS, "outsider": 403}),
}
