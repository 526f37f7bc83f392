"""The pooling pages: runs, proposals kept or excluded, jobs kept, a member's shares
(views_pooling.py, views_jobs.py)."""

from django.urls import path

from . import views_jobs, views_pooling

BASE = "collectifs/<slug:slug>/groupement/"
RUNS = f"{BASE}mutualisation/"
RUN = f"{RUNS}<int:pk>/"
JOBS = f"{BASE}postes/"
JOB = f"{JOBS}<int:pk>/"

urlpatterns = [
    path(RUNS, views_pooling.runs, name="runs"),
    path(f"{RUNS}exclusions/", views_pooling.exclusions, name="exclusions"),
    path(
        f"{RUNS}exclusions/<int:pk>/retirer/",
        views_pooling.exclusion_remove,
        name="exclusion_remove",
    ),
    path(RUN, views_pooling.run, name="run"),
    path(f"{RUN}etat/", views_pooling.run_status, name="run_status"),
    path(f"{RUN}propositions/<int:job>/garder/", views_pooling.keep, name="keep"),
    path(f"{RUN}propositions/<int:job>/exclure/", views_pooling.exclude, name="exclude"),
    path(JOBS, views_jobs.jobs, name="jobs"),
    path(JOB, views_jobs.job, name="job"),
    path(f"{JOB}modifier/", views_jobs.job_edit, name="job_edit"),
    path(f"{JOB}fin/", views_jobs.job_end, name="job_end"),
    path(f"{BASE}membres/<int:pk>/parts/", views_jobs.employer_shares, name="employer_shares"),
]
