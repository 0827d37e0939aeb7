"""After a visitor logs in from "log in to subscribe", subscribe them: the log-in POST is the
request that asked for it."""

import re

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from forum.models import Thread
from notifications.services import thread_subscribe

SUBSCRIBE_NEXT = re.compile(r"^/threads/(?P<thread_id>\d{1,12})/subscribe/$")


@receiver(user_logged_in)
def subscribe_after_login(sender, request, user, **kwargs) -> None:
    if request is None or request.method != "POST":
        return
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    match = SUBSCRIBE_NEXT.match(next_url)
    if not match:
        return
    thread = Thread.objects.visible().filter(pk=int(match["thread_id"])).first()
    if thread is not None:
        thread_subscribe(user=user, thread=thread)
