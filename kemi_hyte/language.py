"""The interface language: Finnish, or Swedish when a person chooses it.

The choice is a cookie set by Django's `set_language` view (the switch in the page frame and
on the sign-in page posts to it), so every URL stays as it is and the switch works without
JavaScript. Unlike Django's LocaleMiddleware, the browser's preferred language is not asked:
a city's staff share computers, and the plan is Finnish first.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code in dict(settings.LANGUAGES):
        return code
    return settings.LANGUAGE_CODE


class LanguageCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
