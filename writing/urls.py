from django.urls import path

from writing import views

app_name = "writing"

urlpatterns = [
    path("drafts/", views.draft_list, name="draft_list"),
    path("drafts/save/", views.draft_save_view, name="draft_save"),
    path("drafts/<int:draft_id>/discard/", views.draft_discard_view, name="draft_discard"),
    path("help/formatting/", views.formatting_help, name="formatting_help"),
]
