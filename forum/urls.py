from django.urls import path

from forum import views

app_name = "forum"

urlpatterns = [
    path("", views.thread_list, name="thread_list"),
    path("forums/<slug:slug>/", views.forum_detail, name="forum_detail"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("threads/<int:thread_id>/<str:slug>/", views.thread_detail, name="thread_detail"),
    path("search/", views.search, name="search"),
    path("content/<int:post_id>/", views.content_redirect, name="content"),
]
