"""Suite-wide fixtures, and the database engine printed in pytest's header."""

import pytest
from django.conf import settings


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    name = "postgresql" if engine.endswith("postgresql") else "sqlite" if engine.endswith("sqlite3") else engine
    return f"database engine: {name} (tests use a test database beside {settings.DATABASES['default'].get('NAME')})"


@pytest.fixture
def demo_bureau(db):
    """The demo bureau's agency, units and staff (no bulk demo data)."""
    from gongkai.ops.demo import load_bureau

    return load_bureau()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Demo users get real passwords; PBKDF2's cost is pointless in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
