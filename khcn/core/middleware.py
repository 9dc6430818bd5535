from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the user picked another language with the switcher.

    LocaleMiddleware would otherwise follow the browser's Accept-Language header, and an
    officer whose browser happens to be in English would get an English system. The choice
    made in the header's language switch (a cookie) still wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
