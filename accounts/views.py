from urllib.parse import urlencode

from allauth.account.views import ConfirmEmailView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.static import serve

from accounts.forms import AccountDeleteForm, ProfileForm, TimeZoneAnswerForm, WatchListForm
from accounts.models import User, WatchList, sort_name
from accounts.services import (
    account_delete,
    profile_update,
    time_zone_answer,
    watch_list_save,
)
from forum.cache_keys import member_list_version
from forum.models import Post
from forum.pagination import CachedCountPaginator, page_links, requested_page
from forum.querysets import answered_tags

# The member directory's orders: label and ORDER BY (each has its index, accounts/models.py).
MEMBER_SORTS = {
    "helpful": (_("Most helpful"), ("-helpful_count", "-id")),
    "accepted": (_("Most accepted"), ("-accepted_count", "-id")),
    "active": (_("Most active"), ("-post_count", "-id")),
    "newest": (_("Newest"), ("-date_joined", "-id")),
    "name": (_("Name"), (sort_name().asc(), "id")),
}
MEMBER_QUERY_MAX = 80


def _name_query(request: HttpRequest) -> str:
    """?q= as text to look for: printable characters only, and not too long."""
    raw = request.GET.get("q", "")
    return "".join(ch for ch in raw if ch.isprintable())[:MEMBER_QUERY_MAX].strip()


@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort")
    sort = sort if sort in MEMBER_SORTS else "helpful"
    query = _name_query(request)
    number = requested_page(request)
    members = User.objects.filter(is_active=True)
    if query:
        members = members.filter(Q(display_name__icontains=query) | Q(username__icontains=query))
    paginator = CachedCountPaginator(
        members.order_by(*MEMBER_SORTS[sort][1]),
        settings.FORUM_MEMBERS_PER_PAGE,
        count_key=f"members:{member_list_version()}:{query}",
    )
    if number > paginator.num_pages:
        raise Http404("No such page.")
    # Links carry only what this page reads, never parameters it ignores.
    kept = {"q": query} if query else {}
    sort_links = [
        (value, label, "?" + urlencode({**kept, "sort": value}))
        for value, (label, _) in MEMBER_SORTS.items()
    ]
    if sort != "helpful":
        kept["sort"] = sort
    return render(
        request,
        "accounts/member_list.html",
        {
            "members": list(paginator.page(number).object_list),
            "member_total": paginator.count,
            "query": query,
            "sort": sort,
            "sort_links": sort_links,
            "pagination": page_links(number, paginator.num_pages, kept),
        },
    )


@require_GET
def member_detail(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(User, username=username, is_active=True)
    posts = (
        Post.objects.public()
        .filter(author=member)
        .select_related("thread")
        .order_by("-created_at", "-id")
    )
    paginator = CachedCountPaginator(
        posts, settings.FORUM_POSTS_PER_PAGE, count_key=f"member:{member.pk}"
    )
    number = requested_page(request)
    if number > paginator.num_pages:
        raise Http404("No such page.")
    return render(
        request,
        "accounts/member_detail.html",
        {
            "member": member,
            # The member's standing heads the first page of their posts.
            "best_answers": Post.objects.best_answers(member) if number == 1 else [],
            "answered_tags": answered_tags(member) if number == 1 else [],
            "posts": paginator.page(number).object_list,
            "post_total": paginator.count,
            "pagination": page_links(number, paginator.num_pages),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = ProfileForm(*data, user=request.user)
    if form.is_valid():
        profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved. This is how other members see it."))
        return redirect(request.user.get_absolute_url())
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_POST
def time_zone_answer_view(request: HttpRequest) -> HttpResponse:
    """Yes or No to the zone the browser reported (static/js/time-zone.js); back to the page."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    form = TimeZoneAnswerForm(request.POST)
    if not form.is_valid():
        if "answer" in form.errors:
            return render(request, "400.html", status=400)
        # A zone this server's zone database lacks: the profile lists the ones it has.
        messages.error(
            request, _("We do not know that time zone: please choose yours from the list.")
        )
        return redirect("accounts:profile")
    if form.cleaned_data["answer"] == "yes":
        zone = form.cleaned_data["time_zone"]
        time_zone_answer(user=request.user, time_zone=zone)
        messages.success(
            request,
            _("Times are now shown in %(zone)s. You can change it in your profile.")
            % {"zone": zone},
        )
    else:
        time_zone_answer(user=request.user, time_zone=None)
        messages.info(request, _("Times stay in UTC. You can choose a zone in your profile."))
    return redirect(target)


@never_cache  # the list is private: no browser or proxy keeps a copy of this page
@login_required
@require_http_methods(["GET", "POST"])
def watch_list_edit(request: HttpRequest) -> HttpResponse:
    """The member's private watch list, the one page that shows it (forum/confidentiality.py)."""
    saved = WatchList.objects.filter(user=request.user).values_list("names", flat=True).first()
    form = WatchListForm(
        request.POST if request.method == "POST" else None, initial={"names": saved or ""}
    )
    if form.is_valid():
        names = form.cleaned_data["names"]
        watch_list_save(user=request.user, names=names)
        messages.success(
            request,
            ngettext(
                "Your watch list is saved (%(count)s name).",
                "Your watch list is saved (%(count)s names).",
                len(names),
            )
            % {"count": len(names)},
        )
        return redirect("accounts:watch_list")
    return render(request, "accounts/watch_list.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_confirm(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_staff or user.is_superuser:
        # Staff accounts carry moderation and admin rights: another administrator removes them.
        return render(request, "accounts/account_delete.html", {"staff": True}, status=403)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        account_delete(user=user)
        logout(request)
        messages.success(
            request,
            _(
                "Your account is deleted. Your posts stay in their threads, "
                "shown as by “Deleted member”."
            ),
        )
        return redirect("forum:thread_list")
    return render(request, "accounts/account_delete.html", {"form": form})


class EmailConfirmView(ConfirmEmailView):
    """allauth's confirmation page, with a clear page (not a 404) when a link ran out.

    A link can expire between opening the page and pressing its button; allauth answers that
    POST with a bare 404.
    """

    def post(self, *args, **kwargs) -> HttpResponse:
        try:
            return super().post(*args, **kwargs)
        except Http404:
            self.object = None
            return self.render_to_response(self.get_context_data())


email_confirm = EmailConfirmView.as_view()


def avatar_file(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded avatar (re-encoded on upload); MEDIA_ROOT is read per request."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
