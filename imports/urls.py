from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/export.<slug:file_format>", views.export, name="export"),
    path("<slug:kind>/<int:batch_id>/", views.preview, name="preview"),
    path("<slug:kind>/<int:batch_id>/confirm/", views.confirm, name="confirm"),
]
