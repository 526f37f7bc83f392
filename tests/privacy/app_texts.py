"""Where an app still holds a person's name or address: every text column (and JSON) of
every model of the app, read row by row, compared without regard to case."""

import json

from django.apps import apps
from django.db import models


def texts_holding(app_label, *values):
    """``[(model, field, pk)]`` of the app's rows whose text holds one of ``values``."""
    values = [value.lower() for value in values if value]
    found = []
    for model in apps.get_app_config(app_label).get_models():
        columns = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values("pk", *columns):
            for column in columns:
                text = row[column]
                if not isinstance(text, str):
                    text = json.dumps(text, ensure_ascii=False)
                if any(value in text.lower() for value in values):
                    found.append((model.__name__, column, row["pk"]))
    return found
