"""The shared scene of the security tests (tests/security/scene.py), built once per module in a transaction that is
rolled back at the end; each test's requests run inside a savepoint rolled back after each request."""

from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings

from . import scene as scene_module


@pytest.fixture(scope="module")
def _scene_settings(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"),
                           EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                           PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], OTP_ENFORCED=False):
        yield


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, _scene_settings):
    """Both sides, built once for the module; rolled back after its last test."""
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"not a test database: {name}"
        block = transaction.atomic()
        block.__enter__()
        try:
            yield scene_module.build()
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(scene, django_db_blocker):
    """One signed-in test client per role (the anonymous one signed in as nobody)."""
    made = {}
    with django_db_blocker.unblock():
        for role, user in scene.roles().items():
            client = Client(raise_request_exception=True)
            if user is not None:
                client.force_login(user)
            made[role] = client
    return made


@contextmanager
def undone():
    """Run one request and roll back whatever it wrote."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def open_db(scene, db):
    """A test of the module: the scene, inside the test's own savepoint."""
    return scene
