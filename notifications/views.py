from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from forum.models import Tag, Thread
from forum.pagination import page_links, requested_page
from forum.permissions import suspension_response
from notifications.forms import (
    TAG_LEVEL_CHOICES,
    THREAD_LEVEL_CHOICES,
    PreferencesForm,
    WatchLevelForm,
)
from notifications.menus import (
    tag_level_message,
    tag_watch_menu,
    thread_level_message,
    thread_watch_menu,
)
from notifications.models import (
    EmailFrequency,
    Notification,
    Preferences,
    Subscription,
    TagFollow,
)
from notifications.services import (
    notifications_mark_all_read,
    preferences_for,
    tag_follow,
    tag_unfollow,
    tag_watch_set,
    thread_subscribe,
    thread_unsubscribe,
    thread_watch_set,
)
from notifications.tokens import read_unsubscribe_token


def _back_to(request: HttpRequest, fallback: str) -> str:
    """Where a button should return to: the page it was on, if that page is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _wants_json(request: HttpRequest) -> bool:
    """A script on the thread page (static/js/subscribe.js) asks for the new state as JSON."""
    return "application/json" in request.headers.get("Accept", "")


def _subscription_state(thread: Thread, *, subscribed: bool) -> JsonResponse:
    """What the old subscribe form should show now, and where its button posts next."""
    if subscribed:
        return JsonResponse(
            {
                "subscribed": True,
                "message": _("You are subscribed: new replies appear in your notifications."),
                "button": "Unsubscribe",
                "action": reverse("notifications:unsubscribe_thread", args=[thread.pk]),
            }
        )
    return JsonResponse(
        {
            "subscribed": False,
            "message": _("You are unsubscribed from this thread."),
            "button": "Subscribe",
            "action": reverse("notifications:subscribe", args=[thread.pk]),
        }
    )


def _watch_level_page(
    request: HttpRequest,
    *,
    subject,
    subject_name: str,
    current,
    choices,
    level_set,
    message_for,
    menu_for,
) -> HttpResponse:
    """A thread's or a tag's watching menu: GET shows it on a page of its own, POST sets the
    level (JSON for the page's script, a redirect back otherwise); a bad level gets the menu
    again with its error, as a 400."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refused = suspension_response(request)
    if refused:
        return refused
    form = None
    if request.method == "POST":
        form = WatchLevelForm(request.POST, choices=choices)
        if form.is_valid():
            level = form.cleaned_data["level"]
            level_set(level)
            message = message_for(level)
            if _wants_json(request):
                return JsonResponse({"level": level, "message": message})
            messages.success(request, message)
            return redirect(_back_to(request, subject.get_absolute_url()))
    return render(
        request,
        "notifications/watch.html",
        {
            subject_name: subject,
            "menu": menu_for(current, form),
            "back": subject.get_absolute_url(),
        },
        status=400 if form is not None else 200,
    )


@require_http_methods(["GET", "POST"])
def watch_thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.visible(), pk=thread_id)
    current = (
        Subscription.objects.filter(user=request.user, thread=thread).first()
        if request.user.is_authenticated
        else None
    )
    return _watch_level_page(
        request,
        subject=thread,
        subject_name="thread",
        current=current,
        choices=THREAD_LEVEL_CHOICES,
        level_set=lambda level: thread_watch_set(user=request.user, thread=thread, level=level),
        message_for=thread_level_message,
        menu_for=lambda current, form: thread_watch_menu(thread, current, form),
    )


@require_http_methods(["GET", "POST"])
def watch_tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    current = (
        TagFollow.objects.filter(user=request.user, tag=tag).first()
        if request.user.is_authenticated
        else None
    )
    return _watch_level_page(
        request,
        subject=tag,
        subject_name="tag",
        current=current,
        choices=TAG_LEVEL_CHOICES,
        level_set=lambda level: tag_watch_set(user=request.user, tag=tag, level=level),
        message_for=lambda level: tag_level_message(level, tag),
        menu_for=lambda current, form: tag_watch_menu(tag, current, form),
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.visible(), pk=thread_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refused = suspension_response(request)
    if refused:
        return refused
    if request.method == "GET":
        # Reached after logging in from "log in to subscribe"; a GET never subscribes by itself.
        subscribed = Subscription.objects.filter(user=request.user, thread=thread).exists()
        return render(
            request, "notifications/subscribe.html", {"thread": thread, "subscribed": subscribed}
        )
    thread_subscribe(user=request.user, thread=thread)
    if _wants_json(request):
        return _subscription_state(thread, subscribed=True)
    messages.success(request, _("You are subscribed: we will tell you about new replies."))
    return redirect(_back_to(request, thread.get_absolute_url()))


@login_required
@require_POST
def unsubscribe(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    thread_unsubscribe(user_id=request.user.pk, thread_id=thread.pk)
    if _wants_json(request):
        return _subscription_state(thread, subscribed=False)
    messages.success(request, _("You are unsubscribed from this thread."))
    return redirect(_back_to(request, thread.get_absolute_url()))


@require_POST
def follow_tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(tag.get_absolute_url())
    refused = suspension_response(request)
    if refused:
        return refused
    tag_follow(user=request.user, tag=tag)
    messages.success(
        request,
        gettext("You follow %(tag)s: we will tell you about new questions.") % {"tag": tag.name},
    )
    return redirect(_back_to(request, tag.get_absolute_url()))


@login_required
@require_POST
def unfollow_tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    tag_unfollow(user_id=request.user.pk, tag_id=tag.pk)
    messages.success(request, gettext("You no longer follow %(tag)s.") % {"tag": tag.name})
    return redirect(_back_to(request, tag.get_absolute_url()))


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    per_page = settings.FORUM_THREADS_PER_PAGE
    number = requested_page(request)
    start = (number - 1) * per_page
    # One row more than a page tells whether there is a next page, without a COUNT.
    rows = list(
        Notification.objects.filter(recipient=request.user)
        .select_related("post__author", "thread")
        .order_by("-created_at", "-pk")[start : start + per_page + 1]
    )
    if number > 1 and not rows:
        raise Http404("No such page.")
    more = len(rows) > per_page
    return render(
        request,
        "notifications/notification_list.html",
        {
            "notifications": rows[:per_page],
            "pagination": page_links(number, number + 1 if more else number),
        },
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notices are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def subscription_list(request: HttpRequest) -> HttpResponse:
    prefs = preferences_for(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:subscriptions")
    subscriptions = list(
        Subscription.objects.filter(user=request.user, thread__is_hidden=False)
        .select_related("thread")
        .order_by("-thread__last_activity_at")
    )
    for row in subscriptions:
        row.menu = thread_watch_menu(row.thread, row)
    follows = list(
        TagFollow.objects.filter(user=request.user).select_related("tag").order_by("tag__name")
    )
    for follow in follows:
        follow.menu = tag_watch_menu(follow.tag, follow)
    # The member's address refused our mail for good: say so where mail is set up.
    bounce = (
        prefs if prefs.bounced_address and prefs.bounced_address == request.user.email else None
    )
    return render(
        request,
        "notifications/subscription_list.html",
        {"subscriptions": subscriptions, "follows": follows, "form": form, "bounce": bounce},
    )


@csrf_exempt  # RFC 8058: mail clients POST without cookies; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe_by_token(request: HttpRequest, token: str) -> HttpResponse:
    target = read_unsubscribe_token(token)
    if target is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    thread = tag = None
    if target.thread_id is not None:
        thread = Thread.objects.filter(pk=target.thread_id).first()
    elif target.tag_id is not None:
        tag = Tag.objects.filter(pk=target.tag_id).first()
    context = {
        "token": token,
        "thread": thread,
        "tag": tag,
        "all_mail": target.all_mail,
        "mentions": target.mentions,
    }
    if request.method == "GET":
        # A link scanner that follows the link changes nothing.
        return render(request, "notifications/unsubscribe_confirm.html", context)
    if target.thread_id is not None:
        thread_unsubscribe(user_id=target.user_id, thread_id=target.thread_id)
    elif target.tag_id is not None:
        tag_unfollow(user_id=target.user_id, tag_id=target.tag_id)
    elif target.mentions:
        Preferences.objects.update_or_create(
            user_id=target.user_id, defaults={"email_mentions": False}
        )
    else:
        Preferences.objects.update_or_create(
            user_id=target.user_id, defaults={"email_frequency": EmailFrequency.NEVER}
        )
    return render(request, "notifications/unsubscribe_done.html", context)
