"""How the changes of shared premises read in the collective's log (audit.history).
Each part of the app registers its actions in its own history_*.py, imported here."""

from . import (  # noqa: F401 - each registers its labels
    history_bookings,
    history_economics,
    history_requests,
    history_sites,
    history_statements,
    history_tenancy,
)
