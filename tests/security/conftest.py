"""Shared fixtures for the attack suite: staff of every role, in a unit or agency-wide, and a second agency."""

from __future__ import annotations

import itertools

import pytest

_numbers = itertools.count(1)


@pytest.fixture
def make_staff(demo_bureau):
    """make_staff(role, agency=None, unit=None) -> a new active user with that one role and a staff profile."""
    from django.contrib.auth.models import Group, User

    from gongkai.org.models import StaffProfile

    def make(role: str, agency=None, unit=None, *, superuser: bool = False):
        number = next(_numbers)
        user = User.objects.create_user(f"attack-{number}", password="x", is_staff=True, is_superuser=superuser)
        user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.create(user=user, agency=agency or demo_bureau, unit=unit, full_name=f"测试{number}")
        return user

    return make


@pytest.fixture
def units(demo_bureau):
    """Two units of the demo bureau: the staff's own and another one."""
    from gongkai.org.models import Unit

    return Unit.objects.get(agency=demo_bureau, name="交警支队"), Unit.objects.get(agency=demo_bureau, name="治安支队")
