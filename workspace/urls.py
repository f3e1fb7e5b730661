from django.urls import path

from workspace import views

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("projects.json", views.project_suggestions, name="project_suggestions"),
    path("new/", views.action_create, name="new"),
    path("carry-forward/", views.action_carry_forward, name="carry_forward"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views.action_edit, name="edit"),
    path("<int:pk>/delete/", views.action_delete, name="delete"),
    path("<int:pk>/history/<int:history_id>/restore/", views.action_restore, name="restore"),
]
