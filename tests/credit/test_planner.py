"""The 双公示 reads' shared planner setting: JIT off inside the block only, in the caller's transaction or its own."""

import pytest
from django.db import connection, transaction

from gongkai.credit.planner import without_jit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jit_on():
    """The session's JIT switched on, whatever the server's default, so that "off" can only come from the block."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no JIT")
    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET jit")


def _jit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0]


def test_jit_is_off_inside_the_block_and_back_after_it(jit_on):
    with without_jit():
        assert connection.in_atomic_block
        assert _jit() == "off"
    assert _jit() == "on"


def test_inside_a_callers_transaction_the_setting_ends_with_that_transaction(jit_on):
    with transaction.atomic():
        with without_jit():
            assert _jit() == "off"
        assert _jit() == "off"  # SET LOCAL lasts to the end of the transaction, not of a savepoint
    assert _jit() == "on"


def test_on_sqlite_the_block_opens_no_transaction():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with without_jit():
        assert not connection.in_atomic_block


def test_reads_that_stop_early_are_planned_without_parallel_workers(jit_on):
    def workers() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            return cursor.fetchone()[0]

    before = workers()
    assert before != "0"  # the server's default, so that "0" can only come from the block
    with without_jit():
        assert workers() == before
    with without_jit(parallel=False):
        assert _jit() == "off"
        assert workers() == "0"
    assert workers() == before
