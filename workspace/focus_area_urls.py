from django.urls import path

from workspace import focus_areas

app_name = "focus_areas"

urlpatterns = [
    path("<int:pk>/", focus_areas.focus_area_detail, name="detail"),
    path("<int:pk>/indicators/", focus_areas.focus_area_indicators, name="indicators"),
    path("<int:pk>/indicators/<int:link>/", focus_areas.focus_area_target, name="target"),
    path("<int:pk>/indicators/<int:link>/delete/", focus_areas.focus_area_unlink, name="unlink"),
]
