"""The signed-in user's own account (namespace "account"): two-step verification and the password pages.

Mounted under accounts/, beside Django's login and logout (portal/urls.py).
"""

from django.urls import path

from . import views

app_name = "account"

urlpatterns = [
    path("security/", views.security, name="home"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/change/done/", views.password_change_done, name="password_change_done"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/complete/", views.password_reset_complete, name="password_reset_complete"),
]
