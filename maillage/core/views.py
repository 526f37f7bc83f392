from django.contrib.auth.decorators import login_not_required
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@login_not_required
@require_POST
def set_language(request):
    """Django's language switch, which also keeps the choice on the person's account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(user.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
