"""Account pages: two-step verification (TOTP, django-otp) and password change/reset (Django's views, our pages).

- `otp_verify`: after the password, a user who must (portal.security.otp_required) types the 6-digit code.
- `otp_setup`: a user without an authenticator scans the QR code (or types the secret) and confirms with a code;
  staff are sent here on their first login, experts and applicants may come here from their security page.
- password change (signed in) and reset by e-mail (anyone: the page never says whether an address is known).
"""

from __future__ import annotations

import base64
import re
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..decorators import public, requires
from ..security import is_staff_member, otp_required
from .policy import password_policy

TOKEN = re.compile(r"[0-9]{6}")
DEVICE_NAME = "authenticator"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_lazy("动态验证码"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
        help_text=_lazy("打开手机上的身份验证器应用（如 Microsoft Authenticator、Google 身份验证器、"
                        "腾讯身份验证器），输入显示的6位数字。"),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not TOKEN.fullmatch(token):
            raise forms.ValidationError(_("请输入6位数字验证码。"))
        return token


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


@requires()
def security(request):
    """The user's account security: password, two-step verification (required or optional)."""
    user = request.user
    return render(request, "account/security.html", {
        "has_device": user_has_device(user, confirmed=True),
        "required": is_staff_member(user),
        "verified": user.is_verified(),
    })


@requires()
def otp_verify(request):
    """The code page after the password."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect(_with_next("account:otp_setup", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("验证码不正确或已过期，请输入身份验证器上当前显示的6位数字。"))
    return render(request, "account/otp_verify.html", {"form": form, "next": _next(request)})


def _pending_device(user) -> TOTPDevice:
    """The user's not yet confirmed authenticator (the same secret between showing the QR code and confirming)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@requires()
def otp_setup(request):
    """Set up an authenticator: the QR code (otpauth URL) and its secret; a first code confirms it."""
    user = request.user
    if user_has_device(user, confirmed=True):
        if not user.is_verified():  # a password alone never adds a second authenticator
            return redirect(_with_next("account:otp_verify", request))
        messages.info(request, _("您已启用两步验证。"))
        return redirect("account:home")
    device = _pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("尝试次数过多，请稍等片刻后再输入验证码。"))
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("两步验证已启用。以后每次登录都需要输入身份验证器上的验证码。"))
            return redirect(_next(request))
        else:
            form.add_error("token", _("验证码不正确，请确认手机时间准确后，输入身份验证器上当前显示的6位数字。"))
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(request, "account/otp_setup.html", {
        "form": form,
        "next": _next(request),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("两步验证二维码")),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "required": otp_required(user),
    })


class PolicyPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_policy


class PolicySetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_policy


password_change = requires()(auth_views.PasswordChangeView.as_view(
    template_name="account/password_change.html",
    form_class=PolicyPasswordChangeForm,
    success_url=reverse_lazy("account:password_change_done"),
))
password_change_done = requires()(auth_views.PasswordChangeDoneView.as_view(
    template_name="account/password_change_done.html",
))
password_reset = public(auth_views.PasswordResetView.as_view(
    template_name="account/password_reset.html",
    form_class=PasswordResetForm,
    email_template_name="account/password_reset_email.txt",
    subject_template_name="account/password_reset_subject.txt",
    success_url=reverse_lazy("account:password_reset_done"),
    extra_email_context={"base_url": settings.PORTAL_BASE_URL},  # never the request's Host header
))
password_reset_done = public(auth_views.PasswordResetDoneView.as_view(
    template_name="account/password_reset_done.html",
))
password_reset_confirm = public(auth_views.PasswordResetConfirmView.as_view(
    template_name="account/password_reset_confirm.html",
    form_class=PolicySetPasswordForm,
    success_url=reverse_lazy("account:password_reset_complete"),
))
password_reset_complete = public(auth_views.PasswordResetCompleteView.as_view(
    template_name="account/password_reset_complete.html",
))
