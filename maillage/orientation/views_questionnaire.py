"""The public questionnaire: one question per page, then the result; no account.

The answers travel with the page in a signed hidden field (flow_questionnaire): going
through the questionnaire writes nothing to the database and sets no cookie but
Django's CSRF one. Only what the person asks for on the result page is kept: a
hand-over code for a social worker, or one anonymous "does it match" count. An
e-mail of the result is sent at once and its address kept nowhere. The pages load
nothing from elsewhere.

Anyone may use a public collective's questionnaire; a private collective's is for its
members (404 for others, as its other pages). A professional of the collective reads
a handed-over questionnaire by typing its code (``handover``).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from maillage.collectives.access import get_collective
from maillage.collectives.models import Collective
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.core.requests import client_ip
from maillage.eligibility import text

from . import services_questionnaire as services
from .documents_questionnaire import result_document, result_text
from .flow_questionnaire import (
    Flow,
    StateError,
    dump_state,
    empty_state,
    load_state,
    to_initial,
)
from .forms_questionnaire import (
    BACK,
    MISSING,
    CodeForm,
    EmailForm,
    FeedbackForm,
    StateForm,
    StepForm,
    answer_form,
)
from .result_questionnaire import answers_read, build


def _collective(request, slug):
    return get_object_or_404(Collective.objects.visible_to(request.user), slug=slug)


def _start(request, collective, *, state=None, error=""):
    return render(
        request,
        "orientation/questionnaire/start.html",
        {
            "collective": collective,
            "state": dump_state(collective, state) if state else "",
            "resuming": bool(state and state["trail"]),
            "error": error,
        },
    )


def _question(request, flow, question, form=None):
    collective = flow.collective
    language = get_language()
    if form is None:
        form = answer_form(
            question,
            language,
            initial=to_initial(question, flow.answers.get(question.key)),
        )
    position, total = flow.progress(question.key)
    return render(
        request,
        "orientation/questionnaire/question.html",
        {
            "collective": collective,
            "question": question,
            "question_label": question.text(language),
            "form": form,
            "field": form["answer"],
            "state": dump_state(collective, flow.state),
            "position": position,
            "total": total,
            "unit": text(question.unit, language) if question.unit else "",
            "other_languages": [
                (code, name) for code, name in settings.LANGUAGES if code != language
            ],
        },
    )


def _result(request, flow, **extra):
    collective = flow.collective
    language = get_language()
    state = dump_state(collective, flow.state)
    context = {
        "collective": collective,
        "result": build(flow, language),
        "answers": answers_read(flow, language),
        "state": state,
        "email_form": EmailForm(collective=collective, initial={"state": state}),
        "feedback_form": FeedbackForm(collective=collective, initial={"state": state}),
        "days": settings.ORIENTATION_HANDOVER_DAYS,
    }
    context.update(extra)
    return render(request, "orientation/questionnaire/result.html", context)


def _next(request, flow, question):
    return _question(request, flow, question) if question else _result(request, flow)


@login_not_required
@never_cache
def start(request, slug):
    return _start(request, _collective(request, slug))


@login_not_required
@never_cache
def step(request, slug):
    """Every move through the questionnaire: start, answer, skip, back, language."""
    collective = _collective(request, slug)
    if request.method != "POST":
        return redirect("orientation:questionnaire", slug=collective.slug)
    head = StepForm(request.POST, collective=collective)
    if not head.is_valid():
        return _start(request, collective, error=head.errors.get("state", [""])[0])
    state, key, go = head.cleaned_data["state"], head.cleaned_data["q"], head.cleaned_data["go"]
    flow = Flow(collective, state, timezone.localdate())
    if not key:
        # From the start page (again) or the result page ("change my answers").
        if go == BACK and flow.trail:
            return _question(request, flow, flow.question(flow.trail[-1]))
        if flow.trail:
            return _question(request, flow, flow.question(flow.trail[0]))
        pending = flow.pending()
        return _next(request, flow, pending[0] if pending else None)
    question = flow.question(key)
    if question is None:
        return _start(request, collective)
    language = head.cleaned_data["language"]
    form = answer_form(question, get_language(), request.POST, go=BACK if language else go)
    valid = form.is_valid()
    if language or go == BACK:
        if valid and form.value() is not MISSING:
            flow.remember(key, form.value())
        if language:
            return _switch_language(request, flow, question, language)
        previous = flow.before(key)
        if previous is None:
            return _start(request, collective, state=flow.state)
        return _question(request, flow, previous)
    if not valid:
        return _question(request, flow, question, form)
    flow.record(key, form.value())
    return _next(request, flow, flow.after(key))


def _switch_language(request, flow, question, language):
    """The same question in another language, which the person keeps from now on."""
    with translation.override(language):
        response = _question(request, flow, question)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _finished(request, collective, form_class):
    """The bound form of an action of the result page, and the flow it carries (None
    when the answers could not be read back)."""
    form = form_class(request.POST, collective=collective)
    try:
        state = load_state(collective, request.POST.get("state"))
    except StateError:
        return form, None
    return form, Flow(collective, state, timezone.localdate())


@login_not_required
@never_cache
@require_POST
def pdf(request, slug):
    collective = _collective(request, slug)
    form, flow = _finished(request, collective, StateForm)
    if flow is None or not form.is_valid():
        return _start(request, collective, error=form.errors.get("state", [""])[0])
    content = result_document(flow, get_language())
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, "orientation.pdf")},
    )


@login_not_required
@never_cache
@require_POST
def email(request, slug):
    collective = _collective(request, slug)
    form, flow = _finished(request, collective, EmailForm)
    if flow is None:
        return _start(request, collective, error=form.errors.get("state", [""])[0])
    if form.is_valid():
        language = get_language()
        try:
            services.send_result(
                email=form.cleaned_data["email"],
                subject=result_text(flow, language)[0],
                body=result_text(flow, language)[1],
                attachment=("orientation.pdf", result_document(flow, language), "application/pdf"),
                ip=client_ip(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _result(request, flow, email_sent=form.cleaned_data["email"])
    return _result(request, flow, email_form=form)


@login_not_required
@never_cache
@require_POST
def hand_over(request, slug):
    collective = _collective(request, slug)
    form, flow = _finished(request, collective, StateForm)
    if flow is None or not form.is_valid():
        return _start(request, collective, error=form.errors.get("state", [""])[0])
    language = get_language()
    handover = services.hand_over(
        collective=collective,
        answers={"trail": list(flow.trail), "answers": flow.confirmed()},
        result=build(flow, language).summary(),
        language=language,
    )
    return _result(request, flow, handover=handover, code=services.show_code(handover.code))


@login_not_required
@never_cache
@require_POST
def feedback(request, slug):
    collective = _collective(request, slug)
    form, flow = _finished(request, collective, FeedbackForm)
    if flow is None:
        return _start(request, collective, error=form.errors.get("state", [""])[0])
    if not form.is_valid():
        return _result(request, flow, feedback_form=form)
    services.count_feedback(collective=collective, answer=form.cleaned_data["answer"])
    return _result(request, flow, feedback_given=True)


@never_cache
def handover(request, slug):
    """A professional of the collective types a code and reads what the person handed
    over, evaluated as on the day it was handed over."""
    collective = get_collective(request, slug, "orientation.read_handover")
    form = CodeForm(form_data(request))
    context = {"collective": collective, "form": form}
    if form.is_valid():
        try:
            found = services.read_handover(
                actor=request.user, collective=collective, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # The order of the questions is the trail's (a JSON object's keys keep no
            # order in PostgreSQL).
            state = empty_state()
            state["answers"] = dict(found.answers.get("answers") or {})
            state["trail"] = [k for k in found.answers.get("trail") or [] if k in state["answers"]]
            day = timezone.localdate(found.created_at)
            flow = Flow(collective, state, day)
            language = get_language()
            context.update(
                handover=found,
                code=services.show_code(found.code),
                result=build(flow, language),
                answers=answers_read(flow, language),
                form=CodeForm(),
            )
    return render(request, "orientation/questionnaire/handover.html", context)
