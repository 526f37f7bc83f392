"""Who may do what in orientation (the catalogue's rules are written by its part; each
part's module is imported here so that its permissions are registered)."""

from . import rules_referrals  # noqa: E402, F401 - the referrals' permissions
