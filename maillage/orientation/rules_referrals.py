"""Permissions of referrals (filled by the referrals part of issue 18); imported at the
bottom of rules.py."""
