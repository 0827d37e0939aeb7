"""The server-error page, and a 503 instead when the database cannot be reached.

Django calls `server_error` (config/urls.py: handler500) for any exception a view or a
middleware did not handle. A lost or refused database connection is not a bug in the page
but an outage: the answer is 503 with Retry-After, so load balancers and crawlers come back
later. Neither page touches the database or the request's context.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
