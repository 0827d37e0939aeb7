"""The answer a script's endpoint gives when a member has used up a limit."""

from __future__ import annotations

from django.http import JsonResponse

from limits.counters import LimitReached, Rates, limits_take


def json_limit_refusal(key: str, rates: Rates, problem: str) -> JsonResponse | None:
    """Take a hit under `key`; when there is no room, the 429 answer saying `problem`, with
    the seconds to wait in Retry-After. None when the request may go on."""
    try:
        limits_take((key, rates))
    except LimitReached as refused:
        response = JsonResponse({"problem": problem}, status=429)
        response["Retry-After"] = str(refused.wait)
        return response
    return None
