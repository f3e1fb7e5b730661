from django.urls import path

from imports import document_views, views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    # Before "<slug:kind>/": the plan's own annual table is not a spreadsheet kind.
    path("document/", document_views.document_upload, name="document_upload"),
    path("document/<int:batch_id>/", document_views.document_preview, name="document_preview"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/export.<slug:file_format>", views.export, name="export"),
    path("<slug:kind>/<int:batch_id>/", views.preview, name="preview"),
    path("<slug:kind>/<int:batch_id>/confirm/", views.confirm, name="confirm"),
]
