"""Users, roles and sign-in records in the admin, in Finnish and under the project's rules
(common/admin.py, common/roles.py, common/inputs.py).

- The admin role manages users and their roles; a superuser's account, and who is a
  superuser, stay a superuser's own business: otherwise changing a user's password or ticking
  "pääkäyttäjä" would make anyone with the right to manage users every role at once.
- Django names permissions in English in the database ("Can change hanke"); the pickers here
  name them from the model's Finnish name instead, so the names follow the translation
  catalogue.
- The sign-in dates are read-only: nobody types them, and a browser's round trip of Django's
  split date and time inputs would drop their microseconds.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from social_django.models import Association, Nonce, UserSocialAuth

from common.admin import RoleAdminMixin
from kemi_hyte.accounts import send_reset_link

PERMISSION_VERBS = {
    "view": _lazy("saa nähdä"),
    "add": _lazy("saa lisätä"),
    "change": _lazy("saa muuttaa"),
    "delete": _lazy("saa poistaa"),
}


def permission_label(permission: Permission) -> str:
    """`Hanke: saa muuttaa`, from the model's verbose name and the permission's verb."""
    verb = PERMISSION_VERBS.get(permission.codename.split("_", 1)[0])
    model = permission.content_type.model_class()
    if verb is None or model is None:
        return permission.name
    return f"{str(model._meta.verbose_name).capitalize()}: {verb}"


class FinnishPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in {"permissions", "user_permissions"}:
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field


admin.site.unregister(User)
admin.site.unregister(Group)
# python-social-auth's records of the sign-in with the city's account are its own bookkeeping
# (nonces, the link between a user and a city account); the user's page shows the link.
for model in (UserSocialAuth, Nonce, Association):
    admin.site.unregister(model)


@admin.register(User)
class FinnishUserAdmin(RoleAdminMixin, FinnishPermissionsMixin, UserAdmin):
    actions = ["send_password_reset_links"]

    @admin.action(description=_lazy("Lähetä salasanan vaihtolinkki"), permissions=["change"])
    def send_password_reset_links(self, request, queryset):
        """The reset e-mail to each chosen user; those it cannot reach are named."""
        sent, without_email, missed = [], [], []
        for user in queryset.order_by("username"):
            if not user.email:
                without_email.append(user.get_username())
            elif send_reset_link(request, user):
                sent.append(user.get_username())
            else:
                missed.append(user.get_username())
        if sent:
            self.message_user(
                request,
                _("Salasanan vaihtolinkki lähetettiin: %(users)s.") % {"users": ", ".join(sent)},
                messages.SUCCESS,
            )
        if without_email:
            self.message_user(
                request,
                _(
                    "Linkkiä ei lähetetty, koska käyttäjällä ei ole sähköpostiosoitetta: "
                    "%(users)s. Lisää osoite käyttäjän tietoihin."
                )
                % {"users": ", ".join(without_email)},
                messages.WARNING,
            )
        if missed:
            self.message_user(
                request,
                _(
                    "Linkkiä ei lähetetty, koska tunnus ei ole käytössä tai sille ei voi "
                    "asettaa salasanaa: %(users)s."
                )
                % {"users": ", ".join(missed)},
                messages.WARNING,
            )

    @admin.display(description=_lazy("Kaupungin tunnus (oid)"))
    def city_account(self, user):
        """The object id of the city account the user signs in with; its roles come from there."""
        ids = [link.uid for link in user.social_auth.all()]
        return ", ".join(ids) or _("ei käytössä")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_lazy("Kirjautuminen"), {"fields": ["city_account"]})]

    def get_readonly_fields(self, request, obj=None):
        fields = [
            *super().get_readonly_fields(request, obj),
            "last_login",
            "date_joined",
            "city_account",
        ]
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
class FinnishGroupAdmin(RoleAdminMixin, FinnishPermissionsMixin, GroupAdmin):
    pass


# django-axes' records, read-only. axes stores "<unknown>" where a request had no user agent or path (a
# session opened without a request); the admin says "ei tiedossa" instead. The sign-in path is
# the same on every row, so it is no filter.
AXES_UNKNOWN = "<unknown>"


def known_or_not(field_name: str, description):
    @admin.display(description=description, ordering=field_name)
    def column(record):
        value = getattr(record, field_name)
        return _lazy("ei tiedossa") if value in {None, "", AXES_UNKNOWN} else value

    column.__name__ = f"{field_name}_column"
    return column


for model, model_admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    columns = {
        name: known_or_not(name, model._meta.get_field(name).verbose_name)
        for name in ["user_agent", "path_info"]
    }
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            model_admin.__name__,
            (RoleAdminMixin, model_admin),
            {
                "list_display": [
                    f"{name}_column" if name in columns else name
                    for name in model_admin.list_display
                ],
                "list_filter": [name for name in model_admin.list_filter if name != "path_info"],
                # Sign-in records are evidence: nobody adds or edits them. Deleting an attempt
                # is how an admin lifts a lockout before it ends.
                "has_add_permission": lambda self, request: False,
                "has_change_permission": lambda self, request, obj=None: False,
                **{f"{name}_column": staticmethod(column) for name, column in columns.items()},
                "__module__": __name__,
            },
        ),
    )
