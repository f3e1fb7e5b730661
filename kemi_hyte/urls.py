from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.contrib.auth.decorators import login_required
from django.views.generic import TemplateView

admin.site.site_header = "Kemin hyvinvointisuunnitelma"
admin.site.site_title = "kemi-hyte"
admin.site.index_title = "Ylläpito"

urlpatterns = [
    path("", login_required(TemplateView.as_view(template_name="home.html")), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
]
