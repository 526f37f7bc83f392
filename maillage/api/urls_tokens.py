from django.urls import path

from . import views_tokens

app_name = "api_tokens"
urlpatterns = [
    path("comptes/jetons/", views_tokens.tokens, name="list"),
    path("comptes/jetons/<int:pk>/revoquer/", views_tokens.revoke, name="revoke"),
]
