"""What the public questionnaire keeps, and only when the person asks for it.

- ``HandoverCode``: the answers (``{"trail": [question, ...], "answers": {question:
  answer}}``) and the result (each offer or benefit with its outcome), handed to a
  social worker under a short code the person reads out or writes down; erased once
  expired (a periodic job).
- ``FeedbackCount``: "does this match your situation?", counted per collective, day and
  answer, with no link to any answer or person.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FeedbackAnswer", "FeedbackCount", "HandoverCode"]


class HandoverCode(models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.CASCADE, related_name="handover_codes"
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    answers = models.JSONField(_("answers"), default=dict)
    result = models.JSONField(_("result"), default=list)
    language = models.CharField(max_length=10, default="fr")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("hand-over code")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        # Never the code itself: this text may be kept in the log after the code is gone.
        return str(_("Questionnaire handed over"))

    def is_expired(self, now):
        return self.expires_at <= now


class FeedbackAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class FeedbackCount(models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.CASCADE, related_name="questionnaire_feedback"
    )
    day = models.DateField()
    answer = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "day", "answer"], name="feedback_one_counter_a_day"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.answer}: {self.count}"
