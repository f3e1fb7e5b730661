from django.urls import path

from publication import views

# The citizens' pages, under /julkinen/: no sign-in.
public_urlpatterns = (
    [
        path("", views.index, name="index"),
        path("saavutettavuusseloste/", views.accessibility, name="accessibility"),
        path("suunnitelma/<int:start_year>-<int:end_year>/", views.plan_page, name="plan"),
        path("<int:year>/<slug:division>/", views.year_page, name="year"),
        path("<int:year>/<slug:division>/aineisto.json", views.data_json, name="data_json"),
        path("<int:year>/<slug:division>/<slug:dataset>.csv", views.data_csv, name="data_csv"),
    ],
    "public",
)

# Publishing and withdrawing: the coordinator's and the admin's.
app_name = "publication"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("julkaise/", views.publish, name="publish"),
    path("<int:pk>/peru/", views.withdraw_view, name="withdraw"),
]
