"""Nobody in: lockout after failed logins (django-axes), two-step verification (django-otp TOTP: required for staff,
offered to applicants and experts), password reset by e-mail and change with the policy shown, staff idle timeout.

Logins go through the real login form; the OTP requirement (off for the rest of the suite, settings_test.py) is
switched on here with OTP_ENFORCED=True."""

import base64
import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cities.schema import Role
from config import settings as production
from tests.factories import UserFactory, city_user

PASSWORD = "Portal-Pass-2026"
LOGIN = "/accounts/login/"


@pytest.fixture
def enforced(settings):
    settings.OTP_ENFORCED = True
    return settings


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def code(device, drift=0):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + drift):06d}"


# -- lockout ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_five_failed_logins_lock_that_username_from_that_address(client, settings):
    user = UserFactory(username="locked-office")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, user.username, "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    response = sign_in(client, user.username, "wrong-password")
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂停" in page and "5次登录失败" in page
    # now even the right password is refused from this address, and nobody is signed in
    response = sign_in(client, user.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=user.username, ip_address="127.0.0.1").exists()
    # the same username from another address, and another username from this one, still sign in
    other = Client()
    assert sign_in(other, user.username, REMOTE_ADDR="10.9.8.7").status_code == 302
    assert sign_in(Client(), UserFactory(username="bystander").username).status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, settings):
    user = UserFactory(username="cooled")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(1))
    assert sign_in(client, user.username).status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(client, settings):
    user = UserFactory(username="forgetful")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, user.username, "wrong").status_code == 200


# -- two-step verification ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_office_staff_must_set_up_and_then_verify_a_code(cities, client, enforced):
    office = city_user("chenzhou", Role.OFFICE, username="office-2fa")
    assert sign_in(client, office.username).status_code == 302
    response = client.get(reverse("office:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account:otp_setup"))
    assert "next=%2Foffice%2F" in response["Location"]

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "启用两步验证" in html
    device = TOTPDevice.objects.get(user=office, confirmed=False)
    secret = re.search(r'class="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert secret.replace(" ", "") in base64.b32encode(device.bin_key).decode()

    wrong = client.post(reverse("account:otp_setup"), {"token": "000000", "next": "/office/"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    too_soon = client.post(reverse("account:otp_setup"), {"token": code(device), "next": "/office/"})
    assert "尝试次数过多" in too_soon.content.decode()  # django-otp's throttle: a wait after each wrong code
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    done = client.post(reverse("account:otp_setup"), {"token": code(device), "next": "/office/"})
    assert done.status_code == 302 and done["Location"] == "/office/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("account:home")).status_code == 200

    # next login: the password alone is not enough
    again = Client()
    sign_in(again, office.username)
    response = again.get(reverse("office:home"))
    assert response["Location"].startswith(reverse("account:otp_verify"))
    # with a password alone nobody adds a second authenticator
    assert again.get(reverse("account:otp_setup"))["Location"].startswith(reverse("account:otp_verify"))
    for bad in ("12345", "１２３４５６", "²²²²²²", "x" * 5000, "{{ 7*7 }}"):  # NUL: refused before any view
        answer = again.post(reverse("account:otp_verify"), {"token": bad})
        assert answer.status_code == 200 and "6位数字" in answer.content.decode()
    assert again.get(reverse("office:home")).status_code == 302
    ok = again.post(reverse("account:otp_verify"), {"token": code(device, drift=1), "next": "/office/"})
    assert ok.status_code == 302 and ok["Location"] == "/office/"
    assert again.get(reverse("account:home")).status_code == 200
    assert TOTPDevice.objects.filter(user=office).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COMMITTEE, Role.SUPERVISOR])
def test_committee_and_supervisors_must_verify(cities, client, enforced, role):
    user = city_user("wuhan", role)
    client.force_login(user)
    response = client.get(reverse("public:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account:otp_setup"))


@pytest.mark.django_db
def test_superusers_must_verify_even_for_the_admin(client, enforced):
    admin = UserFactory(username="root-2fa", is_superuser=True, is_staff=True)
    sign_in(client, admin.username)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account:otp_setup"))


@pytest.mark.django_db
def test_an_unverified_user_may_still_sign_out(cities, client, enforced):
    client.force_login(city_user("chenzhou", Role.OFFICE))
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_applicants_and_experts_are_offered_two_step_verification(cities, client, enforced):
    applicant = UserFactory(username="applicant-2fa")
    assert sign_in(client, applicant.username).status_code == 302
    assert client.get(reverse("public:home")).status_code == 200  # not required
    page = client.get(reverse("account:home")).content.decode()
    assert "未启用" in page and reverse("account:otp_setup") in page
    client.get(reverse("account:otp_setup"))
    device = TOTPDevice.objects.get(user=applicant)
    assert client.post(reverse("account:otp_setup"), {"token": code(device)}).status_code == 302
    assert "已启用" in client.get(reverse("account:home")).content.decode()
    # once set up, it is asked at every login
    again = Client()
    sign_in(again, applicant.username)
    assert again.get(reverse("public:home"))["Location"].startswith(reverse("account:otp_verify"))

    expert = city_user("chenzhou", Role.EXPERT)
    other = Client()
    other.force_login(expert)
    assert other.get(reverse("public:home")).status_code == 200


@pytest.mark.django_db
def test_without_the_flag_force_login_is_not_asked(cities, client):
    client.force_login(city_user("chenzhou", Role.OFFICE))
    assert client.get(reverse("account:home")).status_code == 200


# -- passwords -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = UserFactory(username="resetter", email="resetter@example.gov.cn")
    page = client.get(reverse("account:password_reset"))
    assert page.status_code == 200 and "找回密码" in page.content.decode()
    response = client.post(reverse("account:password_reset"), {"email": "RESETTER@example.gov.cn"})
    assert response.status_code == 302 and response["Location"] == reverse("account:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["resetter@example.gov.cn"] and "重设密码" in message.subject
    assert "resetter" in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "设置新密码" in form.content.decode()
    assert "你的密码不能全都是数字" in form.content.decode()  # the policy, in Chinese
    target = form.redirect_chain[-1][0] if form.redirect_chain else link
    short = client.post(target, {"new_password1": "123", "new_password2": "123"})
    assert short.status_code == 200 and "密码" in short.content.decode()
    done = client.post(target, {"new_password1": "Neues-Passwort-2027", "new_password2": "Neues-Passwort-2027"})
    assert done.status_code == 302 and done["Location"] == reverse("account:password_reset_complete")
    assert User.objects.get(pk=user.pk).check_password("Neues-Passwort-2027")
    # the link is spent
    assert "链接无效" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post(reverse("account:password_reset"), {"email": "nobody@example.gov.cn"})
    assert response.status_code == 302 and response["Location"] == reverse("account:password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change_shows_the_policy_and_changes(client):
    user = UserFactory(username="changer")
    client.force_login(user)
    page = client.get(reverse("account:password_change")).content.decode()
    assert "修改密码" in page and "你的密码不能是一个常见密码" in page
    bad = client.post(reverse("account:password_change"),
                      {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert bad.status_code == 200
    new = "Anders-Pass-2027"
    good = client.post(reverse("account:password_change"),
                       {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert good.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("Anders-Pass-2027")


def test_password_pages_need_a_signed_in_user(client, db):
    assert client.get(reverse("account:password_change"))["Location"].startswith(LOGIN)
    assert client.get(reverse("account:otp_setup"))["Location"].startswith(LOGIN)


# -- idle timeout ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_staff_sessions_end_after_thirty_idle_minutes(cities, client, settings):
    assert production.STAFF_IDLE_SECONDS == 1800
    settings.STAFF_IDLE_SECONDS = production.STAFF_IDLE_SECONDS
    client.force_login(city_user("chenzhou", Role.OFFICE))
    response = client.get(reverse("account:home"))
    assert response.status_code == 200
    assert client.session.get_expiry_age() == 1800
    assert response.cookies["sessionid"]["max-age"] == 1800
    session = Session.objects.get(pk=client.session.session_key)
    assert session.expire_date <= timezone.now() + datetime.timedelta(seconds=1801)
    # 31 minutes without a request: the session has expired and the next page asks for the login
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("office:home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_applicant_sessions_keep_the_ordinary_age(client, settings):
    settings.STAFF_IDLE_SECONDS = 1800
    client.force_login(UserFactory(username="patient-applicant"))
    client.get(reverse("public:home"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_a_huge_username_is_refused_without_a_server_error(db, client):
    response = client.post("/accounts/login/", {"username": "x" * 100_000, "password": "wrong"})
    assert response.status_code in (200, 429)


@pytest.mark.django_db
def test_the_admin_never_shows_a_users_totp_secret(client):
    """Each user enrols their own device; the admin's config and QR pages answer 403, for a missing device too."""
    root = User.objects.create_superuser("root-otp", "root@example.gov.cn", PASSWORD)
    device = TOTPDevice.objects.create(user=UserFactory(), name="手机", confirmed=True)
    client.force_login(root)
    for pk in (device.pk, device.pk + 1000):
        for page in ("config", "qrcode"):
            response = client.get(f"/admin/otp_totp/totpdevice/{pk}/{page}/")
            assert response.status_code == 403, (pk, page)
            assert device.key not in response.content.decode()


@pytest.mark.django_db
def test_the_signed_in_user_loads_with_its_answers_and_nobody_from_a_bad_id(cities):
    """portal.security.SignInBackend runs the user query the ORM wrote once per process: each load asks the rows as
    they are now (an authenticator confirmed since shows at the next load); a session id that is no id, or an
    unknown or inactive user, loads nobody."""
    from portal.security import CITY_STAFF, HAS_DEVICE, SignInBackend

    office = city_user("chenzhou", Role.OFFICE)
    loaded = SignInBackend().get_user(str(office.pk))  # sessions keep the id as text
    assert loaded.pk == office.pk and loaded.username == office.username
    assert bool(getattr(loaded, CITY_STAFF)) and not bool(getattr(loaded, HAS_DEVICE))
    TOTPDevice.objects.create(user=office, name="手机", confirmed=True)
    assert bool(getattr(SignInBackend().get_user(office.pk), HAS_DEVICE))
    assert not bool(getattr(SignInBackend().get_user(UserFactory().pk), CITY_STAFF))
    for bad in ("not-a-number", "1; DROP TABLE auth_user", 987_654_321):
        assert SignInBackend().get_user(bad) is None
    office.is_active = False
    office.save()
    assert SignInBackend().get_user(office.pk) is None
