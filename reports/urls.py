from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("annual/<int:year>/<slug:division>/", views.annual, name="annual"),
    path("annual/<int:year>/<slug:division>/pdf/", views.annual_pdf, name="annual_pdf"),
    path("annual/<int:year>/<slug:division>/xlsx/", views.annual_xlsx_view, name="annual_xlsx"),
    path("annual/<int:year>/<slug:division>/docx/", views.annual_docx_view, name="annual_docx"),
    path("annual/<int:year>/<slug:division>/close/", views.annual_close, name="annual_close"),
    path(
        "annual/<int:year>/<slug:division>/reopen/<int:closing>/",
        views.annual_reopen,
        name="annual_reopen",
    ),
    path("projects/", views.projects, name="projects"),
    path("projects/pdf/", views.projects_pdf, name="projects_pdf"),
    path("projects/xlsx/", views.projects_xlsx_view, name="projects_xlsx"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/pdf/", views.project_pdf, name="project_pdf"),
    path("overview/<int:year>/", views.overview, name="overview"),
    path("overview/<int:year>/pdf/", views.overview_pdf, name="overview_pdf"),
    path("overview/<int:year>/<slug:chart>.svg", views.overview_chart, name="overview_chart"),
]
