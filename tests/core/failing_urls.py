"""The site's URLs and one page that fails, for the request log's tests."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from maillage.urls import urlpatterns as site


@login_not_required
def fail(request):
    raise ValueError("the page failed")


urlpatterns = [path("echec", fail), *site]
