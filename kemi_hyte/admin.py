"""The admin's users and groups under the project's rules (common/admin.py, common/roles.py).

The admin role manages users and their roles; a superuser's account, and who is a superuser,
stay a superuser's own business: otherwise changing a user's password or ticking
"pääkäyttäjä" would make anyone with the right to manage users every role at once.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, User

from common.admin import RoleAdminMixin

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Group)
class GroupAdmin(RoleAdminMixin, DjangoGroupAdmin):
    pass
