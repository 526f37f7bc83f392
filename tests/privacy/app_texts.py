"""For the tests of each app's ``privacy.py``: where an app still holds a person's name or
address — every text, e-mail, file name and JSON column of every model of the app, read
row by row, compared without regard to case."""

import json

from django.apps import apps
from django.db import models

from maillage.core import personal

TEXT_FIELDS = models.CharField | models.TextField | models.JSONField | models.FileField


def texts_holding(app_label, *values):
    """``[(model, field, pk)]`` of the app's rows whose text holds one of ``values``."""
    values = [value.lower() for value in values if value]
    found = []
    for model in apps.get_app_config(app_label).get_models():
        columns = [f.name for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model._default_manager.values("pk", *columns):
            for column in columns:
                text = row[column]
                if not isinstance(text, str):
                    text = json.dumps(text, ensure_ascii=False)
                if any(value in text.lower() for value in values):
                    found.append((model.__name__, column, row["pk"]))
    return found


def holding(app_label, *values):
    """The same places as ``"Model.field#pk"``."""
    return [f"{model}.{field}#{pk}" for model, field, pk in texts_holding(app_label, *values)]


def exported(app_label, person):
    return personal.EXPORTERS[app_label](person)


def erased(app_label, person):
    return personal.ERASERS[app_label](person)
