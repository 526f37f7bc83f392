"""How the changes of shared premises read in the collective's log (audit.history).
Each part of the app registers its actions in its own history_*.py, imported here."""

from . import history_bookings  # noqa: E402, F401
