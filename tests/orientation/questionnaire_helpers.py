"""Walking through the public questionnaire with Django's test client, as a person would."""

import html
import re

from django.apps import apps
from django.urls import reverse

STATE = re.compile(r'name="state" value="([^"]*)"')
QUESTION = re.compile(r'name="q" value="([^"]*)"')


def row_counts():
    """The number of rows of every table of the project."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


class Walker:
    """An anonymous person going through a collective's questionnaire."""

    def __init__(self, client, collective):
        self.client = client
        self.slug = collective.slug
        self.response = None

    def url(self, name):
        return reverse(f"orientation:{name}", args=[self.slug])

    @property
    def content(self):
        return self.response.content.decode()

    @property
    def state(self):
        return html.unescape(STATE.search(self.content).group(1))

    @property
    def question(self):
        """The key of the question on the page, or None on the result page."""
        found = QUESTION.search(self.content)
        return found.group(1) if found else None

    def start(self):
        self.response = self.client.get(self.url("questionnaire"))
        assert self.response.status_code == 200
        self.post("questionnaire_step", {})
        return self

    def post(self, name, data):
        self.response = self.client.post(self.url(name), {"state": self.state, **data})
        assert self.response.status_code == 200, self.response.status_code
        return self.response

    def answer(self, value, go="next"):
        data = {"q": self.question, "go": go}
        if value is not None:
            data["answer"] = value
        return self.post("questionnaire_step", data)

    def back(self, value=None):
        return self.answer(value, go="back")

    def skip(self):
        return self.answer(None, go="skip")

    def run(self, answers):
        """Answer each question asked from ``answers`` (fact -> raw value) until the
        result; the facts asked, in order."""
        asked = []
        while self.question:
            fact = self.question.removeprefix("fact:")
            asked.append(fact)
            assert fact in answers, f"unexpected question {fact}"
            self.answer(answers[fact])
        return asked


CHOICE = re.compile(r'type="(?:radio|checkbox)" name="answer" value="([^"]+)"')
PREFERRED = ("NON", "DEPUIS_NAISSANCE", "OUI")


def run_auto(walker, script):
    """Go to the result answering ``script[key]`` (POST data) where given, else the
    first of NON / since birth / OUI offered, else the first choice, else 50. The keys
    of the questions asked, in order."""
    asked = []
    while walker.question:
        key = walker.question
        assert key not in asked[-1:], f"{key} asked again: {errors(walker)}"
        asked.append(key)
        if key in script:
            data = script[key]
        else:
            values = CHOICE.findall(walker.content)
            preferred = [value for value in PREFERRED if value in values]
            data = {"answer": (preferred or values or ["50"])[0]}
        walker.post("questionnaire_step", {"q": key, "go": "next", **data})
    return asked


def errors(walker):
    return re.findall(r'class="error"[^>]*>([^<]*)<', walker.content)
