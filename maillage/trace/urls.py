from django.urls import path

from . import views

app_name = "trace"

T = "collectifs/<slug:slug>/trace/"

urlpatterns = [
    path(T + "decision/<int:pk>/", views.decision, name="decision"),
    path(T + "action/<int:pk>/", views.action, name="action"),
    path(T + "projet/<int:pk>/", views.project, name="project"),
]
