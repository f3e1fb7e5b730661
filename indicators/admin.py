"""The indicators in the admin, read only for every role: Sotkanet's rows are written by
`manage.py sotkanet_fetch`, the focus areas' links and targets on the focus area's page in the
app (`indicators.services` in both cases)."""

from django.contrib import admin

from common.admin import RoleAdmin
from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region


class ReadOnlyAdmin(RoleAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["sotkanet_id", "title_fi", "producer", "data_updated", "sample"]
    list_filter = ["sample"]
    search_fields = ["title_fi", "=sotkanet_id"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["title_fi", "role", "category", "code", "sotkanet_id"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "region", "year", "gender", "value", "absolute_value"]
    list_filter = ["region", "year"]
    list_select_related = ["indicator", "region"]


@admin.register(FocusAreaIndicator)
class FocusAreaIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["focus_area", "indicator", "direction", "target_value", "target_year"]
    list_select_related = ["focus_area", "indicator"]
