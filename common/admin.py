"""What every admin class of the project shares: the admin writes only what the user's role
permits (`common.roles.GROUP_PERMISSIONS`), on every URL.

Django checks the add, change and delete pages itself. Two doors it leaves open are closed here:
- a POST to a model's list page (the bulk actions, `delete_selected`) from a user who may not
  change or delete there, or naming an action the list does not offer, is refused with 403
  rather than answered with the list page;
- django-simple-history's page of an earlier version (`<id>/history/<history_id>/`) checks only
  the view permission, and its POST saves that version back: it is read-only for everyone
  (`SIMPLE_HISTORY_REVERT_DISABLED`) and a POST gets 403.

This module registers nothing.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from common.content import FinnishAndSwedishForm, finnish_columns_excluded, side_by_side
from common.inputs import SafeInputAdmin

READ_ONLY_MESSAGE = gettext_lazy("Sinulla on täällä vain lukuoikeus.")


class RoleAdminMixin(SafeInputAdmin):
    """For any ModelAdmin: bulk actions only as the role permits, and ids, searches and ticked
    rows as `common.inputs` takes them."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            may_write = self.has_change_permission(request) or self.has_delete_permission(request)
            action = request.POST.get("action")
            if not may_write or (action is not None and action not in self.get_actions(request)):
                raise PermissionDenied(gettext(READ_ONLY_MESSAGE))
        return super().changelist_view(request, extra_context)


class RoleAdmin(RoleAdminMixin, admin.ModelAdmin):
    pass


class HistoryAdmin(RoleAdminMixin, SimpleHistoryAdmin):
    """A model's history in the admin: every version can be read, none is written back here."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied(gettext("Aiempaa versiota ei palauteta ylläpidossa."))
        return super().history_form_view(request, object_id, version_id, extra_context)


class FinnishAndSwedishAdmin:
    """For a ModelAdmin or inline of a model with translated texts (`common.content`): the
    Finnish text under the field's own name, required where it always was, and the Swedish
    one beside it, optional. A form of its own must be a `FinnishAndSwedishForm`."""

    form = FinnishAndSwedishForm
    # Inlines' rows are narrow: there the pair follows one after the other.
    pairs_on_one_line = True

    def get_exclude(self, request, obj=None):
        return finnish_columns_excluded(self.model, super().get_exclude(request, obj))

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return side_by_side(self.model, fields) if self.pairs_on_one_line else fields
