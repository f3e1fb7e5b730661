"""Signing in is Django's; these are the pages around it: a user changes their own password,
and one who has forgotten it (or whom an admin sends a link) chooses a new one by e-mail.

The reset pages answer the same whether or not the address belongs to anyone, and the link
works once, for PASSWORD_RESET_TIMEOUT (Django's default, three days).

Signing in with the city's account is kemi_hyte/city_sign_in.py. Once it is in use,
`HYTE_PASSWORD_USERS` names the few who may still sign in with the app's own password (the
break-glass admin); `PasswordBackend` refuses everyone else's password, as a wrong one, so
django-axes' lockout counts it too.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect
from django.urls import path

from kemi_hyte import city_sign_in


class PasswordBackend(ModelBackend):
    """Django's password sign-in, for everyone or for the users `HYTE_PASSWORD_USERS` names."""

    def user_can_authenticate(self, user) -> bool:
        allowed = settings.PASSWORD_USERS
        if allowed and user.get_username() not in allowed:
            return False
        return super().user_can_authenticate(user)


class LoginView(auth_views.LoginView):
    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response._csp_config = city_sign_in.csp_with_provider()
        return response

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "city_sign_in": city_sign_in.enabled(),
            # Only the listed users have a password here: the form is then for them alone.
            "passwords_for_few": bool(settings.PASSWORD_USERS),
        }


class LogoutView(auth_views.LogoutView):
    """Django's sign-out; after a sign-in with the city's account, a page that offers the
    provider's sign-out as well (its session stays open in the browser otherwise)."""

    def post(self, request, *args, **kwargs):
        with_city_account = bool(request.session.get(city_sign_in.SESSION_KEY))
        response = super().post(request, *args, **kwargs)
        if with_city_account and city_sign_in.enabled():
            return redirect("city_signed_out")
        return response


def reset_email_context() -> dict:
    """What the reset e-mail says besides the link: how many days it works."""
    return {"timeout_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)}


class ResetForm(PasswordResetForm):
    """Django's reset form, for the users who may sign in with a password at all: a link
    would set a password nobody could sign in with."""

    def get_users(self, email):
        allowed = settings.PASSWORD_USERS
        for user in super().get_users(email):
            if not allowed or user.get_username() in allowed:
                yield user


class ResetView(auth_views.PasswordResetView):
    form_class = ResetForm

    def form_valid(self, form):
        self.extra_email_context = reset_email_context()
        return super().form_valid(form)


class OneUserResetForm(ResetForm):
    """The reset e-mail to one chosen user, not to everyone who shares the address."""

    def __init__(self, user):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        return [each for each in super().get_users(email) if each.pk == self.user.pk]


def send_reset_link(request, user) -> bool:
    """Send `user` the reset e-mail, as the reset page would; False if it cannot be sent: no
    valid address, or an account whose password cannot be reset (inactive, or without a
    usable password)."""
    form = OneUserResetForm(user)
    if not user.email or not form.is_valid() or not form.get_users(user.email):
        return False
    form.save(
        request=request,
        use_https=request.is_secure(),
        extra_email_context=reset_email_context(),
    )
    return True


urlpatterns = [
    path("city/login/", city_sign_in.begin, name="city_sign_in"),
    path("city/complete/", city_sign_in.complete, name="city_sign_in_complete"),
    path("city/signed-out/", city_sign_in.signed_out, name="city_signed_out"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", ResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
