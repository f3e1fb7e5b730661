from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from common.city import current_city
from common.roles import can_use_admin
from kemi_hyte import accounts
from kemi_hyte.health import healthz
from publication.urls import public_urlpatterns
from workspace import views as workspace_views

admin.site.site_header = lazy(lambda: current_city().plan_title, str)()
admin.site.site_title = "kemi-hyte"
admin.site.index_title = gettext_lazy("Ylläpito")
# The admin lets in staff users with a role (common/roles.py), not every staff user.
admin.site.has_permission = lambda request: can_use_admin(request.user)

urlpatterns = [
    path("", workspace_views.dashboard, name="home"),
    path("actions/", include("workspace.urls")),
    path("coverage/", workspace_views.coverage, name="coverage"),
    path("focus-areas/", include("workspace.focus_area_urls")),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/", include(accounts.urlpatterns)),
    path("admin/", admin.site.urls),
    path("imports/", include("imports.urls")),
    path("healthz", healthz, name="healthz"),
    # The language switch: Django's set_language, which sets the language cookie.
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/", include("reports.urls")),
    path("julkaisu/", include("publication.urls")),
    path("julkinen/", include(public_urlpatterns)),
]
