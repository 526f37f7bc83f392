"""What a token allows before the rules of the collective are asked."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions


class TokenScope(permissions.BasePermission):
    """Reading needs nothing more (the rules decide, public content is open); a change
    needs a token that may change data."""

    message = _("This token may only read: create a token that may change data.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if request.auth is None:
            self.message = _("Authentication credentials were not provided.")
            return False
        return bool(request.auth.can_write)
