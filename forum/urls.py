from django.urls import path

from forum import image_views, mention_views, outcome_views, posting_views, preview_views, views
from search import views as search_views

app_name = "forum"

urlpatterns = [
    path("", views.thread_list, name="thread_list"),
    path("forums/", views.forum_list, name="forum_list"),
    path("forums/<slug:slug>/", views.forum_detail, name="forum_detail"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("threads/new/", posting_views.thread_new, name="thread_new"),
    # Before the thread page, whose slug would otherwise swallow "reply".
    path("threads/<int:thread_id>/reply/", posting_views.thread_reply, name="thread_reply"),
    path("threads/<int:thread_id>/outcome/", outcome_views.thread_outcome, name="thread_outcome"),
    path(
        "threads/<int:thread_id>/outcome/decline/",
        outcome_views.outcome_decline,
        name="outcome_decline",
    ),
    path("threads/<int:thread_id>/<str:slug>/", views.thread_detail, name="thread_detail"),
    path("posts/<int:post_id>/edit/", posting_views.post_edit_view, name="post_edit"),
    path("posts/<int:post_id>/delete/", posting_views.post_delete_view, name="post_delete"),
    path("posts/<int:post_id>/history/", posting_views.post_history, name="post_history"),
    path("posts/<int:post_id>/helpful/", posting_views.post_helpful, name="post_helpful"),
    path("posts/<int:post_id>/accept/", posting_views.post_accept, name="post_accept"),
    path("content/<int:post_id>/", views.content_redirect, name="content"),
    path("preview/", preview_views.preview, name="preview"),
    path("mentions/suggest/", mention_views.mention_suggestions, name="mention_suggestions"),
    path("posts/images/", image_views.image_upload, name="image_upload"),
    # The search page lives in the search app; it keeps this name, which templates link to.
    path("search/", search_views.search, name="search"),
]
