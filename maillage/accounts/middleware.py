from django.utils import translation


class UserLanguageMiddleware:
    """Serve a logged-in person in the language kept on their account.

    LocaleMiddleware has already chosen from the cookie or the browser; the
    account's choice wins so that it follows the person from one device to another.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
