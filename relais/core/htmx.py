"""A few lines of htmx support: detect htmx requests and redirect after a POST either way."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def redirect_after_post(request: HttpRequest, to, *args, **kwargs) -> HttpResponse:
    """303 to `to` for a normal form, `HX-Redirect` for an htmx one."""
    url = resolve_url(to, *args, **kwargs)
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return _see_other(url)


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def _see_other(url: str) -> HttpResponse:
    return HttpResponseSeeOther(url)
