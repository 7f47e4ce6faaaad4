"""Finding 4: every staff action goes through one kernel that checks permission and scope (agency and unit).

The walk covers every registered transition (org/transitions.py) with a user of each of the five roles:
allowed or refused exactly as the role table says, written out here once more by hand so a change to the
roles or a new transition has to be looked at; and refused out of scope (another agency; another unit for
unit-bound staff). Then the services that never checked scope before (requests, fees, appeals) are driven
for real by another agency's office.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from gongkai.org import roles
from gongkai.org.roles import ALL_ROLES, ADMINISTRATOR, LEADER, OFFICE, OFFICER, REVIEWER
from gongkai.org.transitions import NotPermitted, OutOfScope, registered

pytestmark = pytest.mark.django_db

# Who may run each transition, by role (scope aside). Reviewed by hand against org/roles.py.
EXPECTED: dict[str, set[str]] = {
    "appeals.close_case": {OFFICE},
    "appeals.record_case": {OFFICE},
    "catalog.change": {REVIEWER, OFFICE},
    "catalog.publish": {REVIEWER, OFFICE},
    "catalog.repeal": {REVIEWER, OFFICE},
    "catalog.return": {REVIEWER, OFFICE},
    "catalog.submit": {OFFICER, OFFICE},
    "catalog.withdraw": {REVIEWER, OFFICE},
    "credit.apply_for_repair": {OFFICE},
    "credit.approve_repair": {OFFICE},
    "credit.push": {OFFICE},
    "credit.reject_repair": {OFFICE},
    "credit.set_severity": {OFFICE},
    "credit.withdraw_license": {OFFICE},
    "credit.withdraw_penalty": {OFFICE},
    "enforcement.edit_spans": {REVIEWER, OFFICE},
    "enforcement.exclude": {REVIEWER, OFFICE},
    "enforcement.lift_exclusion": {REVIEWER, OFFICE},
    "enforcement.publish": {REVIEWER, OFFICE},
    "enforcement.report_change": {REVIEWER, OFFICE},
    "enforcement.withdraw": {REVIEWER, OFFICE},
    "inforequests.confirm_receipt": {OFFICE},
    "inforequests.decide": {OFFICE},
    "inforequests.issue_fee_notice": {OFFICE},
    "inforequests.record_delivery": {OFFICE},
    "inforequests.record_event": {OFFICE},
    "inforequests.record_fee_payment": {OFFICE},
    "inforequests.register": {OFFICE},
    "org.change_roles": {ADMINISTRATOR},
    "reports.publish": {REVIEWER, OFFICE},
    "reports.sign_off": {OFFICE, LEADER},
}
UNIT_BOUND_ROLES = (OFFICER, REVIEWER)  # in a unit they reach only its records; the others reach the agency


def target(transition, agency, unit):
    """An unsaved record of the transition's model in `agency` (and `unit`, when the model has units)."""
    obj = transition.model_class()()
    setattr(obj, f"{transition.agency_field}_id", agency.pk)
    if transition.unit_field is not None:
        setattr(obj, f"{transition.unit_field}_id", unit.pk)
    return obj


def test_every_transition_has_a_reviewed_row():
    """A new transition fails here until its row is written above (a row may precede its transition)."""
    names = {t.name for t in registered()}
    assert not names - set(EXPECTED), f"no reviewed row for {sorted(names - set(EXPECTED))}"
    assert {name for name in EXPECTED if not name.startswith("enforcement.lift")} <= names


def test_the_expected_rows_are_what_the_role_table_grants():
    available = [f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")]
    for transition in registered():
        assert transition.permission in available, transition.name
        granted = {role for role in ALL_ROLES if transition.permission in roles.permission_strings(role, available)}
        assert granted == EXPECTED[transition.name], transition.name


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_transition_with_every_role_in_and_out_of_scope(role, demo_bureau, other_agency, units, make_staff):
    own_unit, other_unit = units
    user = make_staff(role, unit=own_unit)
    foreign_unit = other_agency.units.get()
    for transition in registered():
        mine = target(transition, demo_bureau, own_unit)
        if role not in EXPECTED[transition.name]:
            with pytest.raises(NotPermitted):
                transition.check(user, mine)
            continue
        transition.check(user, mine)  # allowed
        with pytest.raises(OutOfScope):
            transition.check(user, target(transition, other_agency, foreign_unit))
        neighbour = target(transition, demo_bureau, other_unit)
        if transition.unit_field is not None and role in UNIT_BOUND_ROLES:
            with pytest.raises(OutOfScope):
                transition.check(user, neighbour)
        else:
            transition.check(user, neighbour)


def test_staff_without_the_role_and_anonymous_callers_are_refused(demo_bureau, units, make_staff):
    from django.contrib.auth.models import AnonymousUser

    for transition in registered():
        obj = target(transition, demo_bureau, units[0])
        with pytest.raises(PermissionDenied):
            transition.check(AnonymousUser(), obj)
        if not transition.system_may_run:
            with pytest.raises(NotPermitted):
                transition.check(None, obj)


def test_an_administrator_runs_no_disclosure_transition(demo_bureau, units, make_staff):
    """系统管理员 manages accounts; publishing, deciding, signing off and pushing are not theirs."""
    user = make_staff(ADMINISTRATOR)
    allowed = [t.name for t in registered() if t.allows(user, target(t, demo_bureau, units[0]))]
    assert all(name.startswith("org.") for name in allowed), allowed


# -- the services that never applied scope (finding 4), driven for real ------------------------------------

PERSON = {"name": "张三", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800000000"}


@pytest.fixture
def request_in_demo_bureau(demo_bureau):
    from django.contrib.auth.models import User

    from gongkai.inforequests import services

    office = User.objects.get(username="gongkaiban")
    request, _ = services.register_request(
        demo_bureau, channel="in_person", submitted_on=dt.date(2025, 3, 3), confirmed_on=None, applicant_kind="自然人",
        applicant=PERSON, description="2025年交通事故统计数据", user=office)
    return request


def test_another_agencys_office_cannot_act_on_a_request(request_in_demo_bureau, other_agency, make_staff):
    from gongkai.inforequests import fees, services
    from gongkai.inforequests.models import InfoRequest

    stranger = make_staff(OFFICE, agency=other_agency)
    request = request_in_demo_bureau
    with pytest.raises(PermissionDenied):
        services.record_event(request, stranger, "consultation_started", dt.date(2025, 3, 5))
    with pytest.raises(PermissionDenied):
        services.decide(request, stranger, situation="disclose", decided_on=dt.date(2025, 3, 10))
    with pytest.raises(PermissionDenied):
        fees.issue_fee_notice(request, stranger, basis="per_page", sent_on=dt.date(2025, 3, 4), pages=50)
    with pytest.raises(PermissionDenied):
        services.register_request(request.agency, channel="in_person", submitted_on=dt.date(2025, 3, 3),
                                  confirmed_on=None, applicant_kind="自然人", applicant=PERSON, description="x",
                                  user=stranger)
    assert InfoRequest.objects.get(pk=request.pk).state == InfoRequest.State.IN_PROGRESS
    assert not request.events.exists()


def test_another_agencys_office_cannot_record_or_close_a_case(demo_bureau, other_agency, make_staff):
    from django.contrib.auth.models import User

    from gongkai.appeals.models import AppealCase
    from gongkai.appeals.services import close_case, record_case

    stranger = make_staff(OFFICE, agency=other_agency)
    with pytest.raises(PermissionDenied):
        record_case(demo_bureau, kind="review", filed_on=dt.date(2025, 3, 1), user=stranger)
    case = record_case(demo_bureau, kind="review", filed_on=dt.date(2025, 3, 1),
                       user=User.objects.get(username="gongkaiban"))
    with pytest.raises(PermissionDenied):
        close_case(case, outcome="upheld", closed_on=dt.date(2025, 4, 1), user=stranger)
    assert AppealCase.objects.get(pk=case.pk).outcome == AppealCase.Outcome.PENDING


def test_every_state_change_writes_its_audit_entry_in_the_same_transaction(request_in_demo_bureau):
    """A service that changed a row and forgot its entry is refused by the kernel, and nothing is kept."""
    from django.contrib.auth.models import User

    from gongkai.inforequests.models import InfoRequest
    from gongkai.inforequests.services import RECORD_EVENT

    office = User.objects.get(username="gongkaiban")
    with pytest.raises(RuntimeError, match="audit"):
        with RECORD_EVENT.run(request_in_demo_bureau, office) as step:
            step.obj.description = "未经审计的修改"
            step.obj.save()
    assert InfoRequest.objects.get(pk=request_in_demo_bureau.pk).description != "未经审计的修改"


def test_the_transitions_command_prints_the_table_from_the_code(capsys):
    from django.core.management import call_command

    call_command("transitions", "--format", "markdown")
    table = capsys.readouterr().out
    for transition in registered():
        assert f"`{transition.name}`" in table
    row = next(line for line in table.splitlines() if "`reports.sign_off`" in line)
    assert row.rstrip(" |").split(" | ")[-5:] == ["✗", "✗", "✓", "✓", "✗"]


# -- the push to the credit platform through the kernel -----------------------------------------------------

def queue_penalties(tmp_path, agency, count, seed):
    from gongkai.core.identifiers import check_uscc, orgcode_check_char, uscc_check_char
    from gongkai.credit.importing import import_file
    from gongkai.credit.samples import RowFactory, rows, write_csv

    if not check_uscc(agency.uscc).valid:  # the second bureau's code is only a placeholder: give it a valid one
        body = "11410200" + "00591783" + orgcode_check_char("00591783")
        agency.uscc = body + uscc_check_char(body)
        agency.save(update_fields=["uscc"])
    factory = RowFactory(agency.name, agency.uscc, seed=seed)
    import_file(write_csv(tmp_path / f"{agency.code}.csv", "penalty", list(rows(factory, "penalty", count))),
                agency=agency, kind="penalty")


def test_the_push_runs_through_the_kernel_with_its_permission_scope_lock_and_audit(tmp_path, demo_bureau, other_agency,
                                                                                 make_staff):
    """credit.push: the system and 公开办 push; 公开办 only their own agency's records; each batch's audit
    entry is written with the claim, before anything is sent; a refused actor queues and sends nothing."""
    from django.core.management import call_command

    from gongkai.credit.models import PushEntry
    from gongkai.credit.push import PushConfig, push_once
    from gongkai.org.models import AuditEntry

    queue_penalties(tmp_path, demo_bureau, 3, seed=1)
    queue_penalties(tmp_path, other_agency, 2, seed=2)
    sent: list[dict] = []

    def receiver(batch):
        # the claim is settled before a byte leaves: attempt counted and the batch audited
        keys = {record["idempotency_key"] for record in batch["records"]}
        assert set(PushEntry.objects.filter(idempotency_key__in=keys).values_list("attempts", flat=True)) == {1}
        assert AuditEntry.objects.filter(summary__contains=batch["batch_id"][:12]).exists()
        sent.append(batch)
        return keys

    config = PushConfig(drop_dir=str(tmp_path / "unused"), batch_size=10)
    for role in (OFFICER, REVIEWER, LEADER, ADMINISTRATOR):
        with pytest.raises(NotPermitted):
            push_once(config, user=make_staff(role), transport=receiver)
    assert not PushEntry.objects.exists() and not sent

    office = make_staff(OFFICE)
    result = push_once(config, user=office, transport=receiver)
    assert (result.enqueued, result.delivered) == (3, 3)
    assert {entry.agency_id for entry in PushEntry.objects.filter(state=PushEntry.State.DELIVERED)} == {demo_bureau.pk}
    assert not PushEntry.objects.filter(agency=other_agency).exists()  # another agency's outbox is not theirs
    entry = AuditEntry.objects.get(object_repr="信用平台报送批次")
    assert entry.actor == office and entry.agency == demo_bureau and entry.action == "export"
    assert entry.after["records"] == {"penalty": 3} and entry.after["batch_id"] == sent[0]["batch_id"]

    call_command("push_credit", "--drop-dir", str(tmp_path / "system"))  # the command runs as the system: all agencies
    assert not PushEntry.objects.exclude(state=PushEntry.State.DELIVERED).exists()
    system_entry = AuditEntry.objects.filter(object_repr="信用平台报送批次").exclude(pk=entry.pk).get()
    assert system_entry.actor is None and system_entry.agency == other_agency


def test_the_push_command_refuses_a_named_user_without_the_permission(tmp_path, demo_bureau, make_staff, capsys):
    from django.core.management import call_command

    from gongkai.credit.models import PushEntry

    queue_penalties(tmp_path, demo_bureau, 2, seed=3)
    reviewer = make_staff(REVIEWER)
    with pytest.raises(SystemExit) as refused:
        call_command("push_credit", "--drop-dir", str(tmp_path / "drop"), "--user", reviewer.username)
    assert refused.value.code == 3 and "报送信用平台" in capsys.readouterr().err
    assert not PushEntry.objects.exists() and not (tmp_path / "drop").exists()
    office = make_staff(OFFICE)
    call_command("push_credit", "--drop-dir", str(tmp_path / "drop"), "--user", office.username)
    assert PushEntry.objects.filter(state=PushEntry.State.DELIVERED).count() == 2


def test_a_batch_takes_only_pending_entries_in_reach(tmp_path, demo_bureau, other_agency, make_staff):
    """run_batch: rows outside the source states or the actor's scope are never locked or handed over."""
    from django.utils import timezone

    from gongkai.credit.models import PushEntry
    from gongkai.credit.push import PUSH, enqueue

    queue_penalties(tmp_path, demo_bureau, 2, seed=4)
    queue_penalties(tmp_path, other_agency, 2, seed=5)
    enqueue()
    first = PushEntry.objects.filter(agency=demo_bureau).order_by("id").first()
    PushEntry.objects.filter(pk=first.pk).update(state=PushEntry.State.SUPERSEDED)
    due = PushEntry.objects.filter(next_attempt_at__lte=timezone.now())
    with PUSH.run_batch(due, make_staff(OFFICE)) as step:
        assert [(e.agency_id, e.state) for e in step.objs] == [(demo_bureau.pk, PushEntry.State.PENDING)]
        step.nothing_changed()
    with PUSH.run_batch(due, None, limit=2) as step:
        assert len(step.objs) == 2
        step.nothing_changed()
