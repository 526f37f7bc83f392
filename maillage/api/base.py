"""What every endpoint of the API shares.

- ``Open``: API views answer JSON to anonymous requests instead of the login page
  (the site's ``LoginRequiredMiddleware``), and need no CSRF token (no session is read).
- ``CollectiveViewSet``: endpoints under ``/api/v1/collectives/{slug}/…``. ``perms`` maps
  a viewset action ("list", "retrieve", "create", "partial_update", or a custom one) to
  the permission the pages use, checked on the collective (``default`` for the others);
  ``object_perms`` does the same on one object. The queryset is the collective's rows
  only, and ``scope(queryset)`` narrows it to what the person may see.
"""

from functools import cached_property

from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from rest_framework import mixins, viewsets

from . import access

# Where every collective's endpoints live: /api/v1/collectives/{slug}/….
SLUG = r"collectives/(?P<slug>[-a-zA-Z0-9_]+)"


class Open:
    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def dispatch(self, request, *args, **kwargs):
        try:
            response = super().dispatch(request, *args, **kwargs)
            if getattr(request, "language_before", None) is not None:
                response.render()  # in the reader's language, before the language goes back
            return response
        finally:
            before = getattr(request, "language_before", None)
            if before is not None:
                translation.activate(before)


class CollectiveViewSet(Open, viewsets.GenericViewSet):
    perms: dict = {"default": "collectives.view_collective"}
    object_perms: dict = {}
    lookup_value_regex = "[0-9]{1,18}"

    @property
    def fake(self):
        """drf-spectacular builds the schema with views that have no request data."""
        return getattr(self, "swagger_fake_view", False)

    @cached_property
    def collective(self):
        perm = self.perms.get(self.action, self.perms["default"])
        return access.get_collective(self.request, self.kwargs["slug"], perm)

    @property
    def actor(self):
        """The person the rules judge here (anonymous outside the token's collectives)."""
        return access.acting_user(self.request, self.collective)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not self.fake:
            self.collective  # noqa: B018  (404/401/403 before anything is read or parsed)

    def get_queryset(self):
        model = self.queryset.model
        if self.fake:
            return model.objects.none()
        return self.scope(self.queryset.filter(**{self.collective_field: self.collective}))

    collective_field = "collective"

    def scope(self, queryset):
        return queryset

    def get_object(self):
        obj = super().get_object()
        perm = self.object_perms.get(self.action)
        if perm:
            access.check(self.request, perm, obj, self.collective)
        return obj


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, CollectiveViewSet):
    pass
