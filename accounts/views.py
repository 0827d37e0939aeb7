from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.models import User
from forum.models import Post
from forum.pagination import CachedCountPaginator, page_links, requested_page


@require_GET
def member_detail(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(User, username=username, is_active=True)
    posts = (
        Post.objects.filter(author=member, is_hidden=False, is_deleted=False)
        .filter(thread__is_hidden=False)
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
            "posts": paginator.page(number).object_list,
            "post_total": paginator.count,
            "pagination": page_links(request, number, paginator.num_pages),
        },
    )
