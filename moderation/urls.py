from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("posts/<int:post_id>/flag/", views.flag_post, name="flag"),
    path("posts/<int:post_id>/hide/", views.post_hide, name="post_hide"),
    path("threads/<int:thread_id>/hide/", views.thread_hide, name="thread_hide"),
    path("threads/<int:thread_id>/lock/", views.thread_lock, name="thread_lock"),
    path("threads/<int:thread_id>/pin/", views.thread_pin, name="thread_pin"),
    path("threads/<int:thread_id>/move/", views.thread_move_view, name="thread_move"),
    path("threads/<int:thread_id>/tags/", views.thread_tags, name="thread_tags"),
    path("members/<str:username>/suspend/", views.member_suspend_view, name="suspend"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/posts/<int:post_id>/resolve/", views.resolve, name="resolve"),
]
