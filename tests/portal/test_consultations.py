"""Drafts for public comment: open period, comment form, rate limit, moderation, feedback summary."""

import datetime as dt
import logging
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import gongkai.catalog.admin_consultations  # noqa: F401  (registers the admin until catalog/admin.py imports it)
from gongkai.catalog import consultations as services
from gongkai.catalog.models import Comment, Consultation
from gongkai.org.models import AuditEntry, Unit
from gongkai.portal import ratelimit

PLANTED_NAME = "张三丰测试单位"
PLANTED_CONTACT = "13912345678 planted@example.com"
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def empty_cache():
    """The default cache outlives a test; the rate-limit counters (database cache) roll back with it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def unit(demo_bureau):
    return Unit.objects.get(agency=demo_bureau, name="交警支队")


@pytest.fixture
def make(unit, today):
    def make_consultation(title, opens_in=-5, closes_in=5, published=True, **extra):
        return Consultation.objects.create(
            agency=unit.agency, unit=unit, title=title, draft_text=f"{title}的正文\n第一条　……",
            opens_on=today + opens_in * DAY, closes_on=today + closes_in * DAY, is_published=published, **extra)

    return make_consultation


@pytest.fixture
def open_one(make):
    return make("关于机动车停放管理的规定（征求意见稿）")


@pytest.fixture
def closed_one(make):
    return make("关于户籍窗口服务的办法（征求意见稿）", opens_in=-40, closes_in=-1)


def user(name):
    return User.objects.get(username=name)


def detail(consultation):
    return reverse("consultations:detail", args=[consultation.pk])


def post_comment(client, consultation, body="建议增加夜间临时停车位。", remote="10.0.0.1", forwarded_for=None, **fields):
    data = {"name": "", "contact": "", "body": body, "website": ""} | fields
    meta = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(detail(consultation), data, REMOTE_ADDR=remote, **meta)


def comment_on(consultation, body="一条意见", status=Comment.Status.PENDING, **extra):
    return Comment.objects.create(consultation=consultation, body=body, client_hash="x" * 64, status=status, **extra)


# Public pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_open_first_with_period_and_closed_with_summary_link(client, make, today):
    closed = make("已截止的办法", opens_in=-60, closes_in=-30, feedback_summary="共采纳3条。",
                  summary_published_on=today - 20 * DAY)
    closed_no_summary = make("已截止待反馈的办法", opens_in=-40, closes_in=-2)
    opened = make("正在征求的规定", opens_in=-1, closes_in=20)
    make("尚未发布的草稿", published=False)
    page = client.get(reverse("consultations:list")).content.decode()
    assert page.index(opened.title) < page.index(closed.title)
    assert f"{opened.opens_on.year}年{opened.opens_on.month}月{opened.opens_on.day}日" in page
    assert "已截止" in page
    assert f'{detail(closed)}#feedback' in page and "查看意见反馈情况" in page
    assert closed_no_summary.title in page and "意见反馈情况待发布" in page
    assert "尚未发布的草稿" not in page


@pytest.mark.django_db
def test_open_detail_shows_draft_period_and_form(client, open_one):
    page = client.get(detail(open_one)).content.decode()
    assert open_one.title in page and "第一条" in page and "正在征求意见" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="body"' in page and 'maxlength="5000"' in page
    assert 'name="website"' in page and 'class="hp-field" aria-hidden="true"' in page
    assert "不会在网站上公开" in page


@pytest.mark.django_db
def test_unpublished_consultation_is_not_found_and_refuses_comments(client, make):
    draft = make("内部草稿", published=False)
    assert client.get(detail(draft)).status_code == 404
    assert post_comment(client, draft).status_code == 404
    assert client.get(reverse("consultations:thanks", args=[draft.pk])).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_comment_is_saved_pending_with_a_client_hash_then_thanks_page(client, open_one):
    response = post_comment(client, open_one, name=PLANTED_NAME, contact=PLANTED_CONTACT, remote="203.0.113.7")
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:thanks", args=[open_one.pk])
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.moderated_by is None
    assert comment.name == PLANTED_NAME and comment.contact == PLANTED_CONTACT
    assert re.fullmatch(r"[0-9a-f]{64}", comment.client_hash) and "203.0.113.7" not in comment.client_hash
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "意见已提交" in thanks.content.decode()


@pytest.mark.django_db
def test_closed_and_upcoming_consultations_refuse_comments(client, closed_one, make):
    response = post_comment(client, closed_one)
    assert response.status_code == 403
    page = response.content.decode()
    assert "您的意见未提交" in page and 'name="body"' not in page
    upcoming = make("下月开始的规定", opens_in=3, closes_in=33)
    assert 'name="body"' not in client.get(detail(upcoming)).content.decode()
    assert post_comment(client, upcoming).status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_service_refuses_a_comment_after_close(closed_one):
    with pytest.raises(services.ConsultationNotOpen):
        services.submit_comment(closed_one, name="", contact="", body="迟到的意见", client_hash="a" * 64)
    assert not Comment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fields, field_in_error", [
    ({"body": ""}, "body"),
    ({"body": "   "}, "body"),
    ({"body": "长" * 5001}, "body"),
    ({"name": "名" * 61}, "name"),
    ({"contact": "1" * 101}, "contact"),
])
def test_malformed_input_marks_the_field_and_keeps_what_was_typed(client, open_one, fields, field_in_error):
    typed = {"name": "李四", "contact": "010-12345678", "body": "我的意见"} | fields
    response = post_comment(client, open_one, **typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field_in_error}_error"' in page
    assert re.search(f'aria-describedby="[^"]*id_{field_in_error}_error', page)  # the control points to it
    assert "提交的内容有误" in page
    for name, value in typed.items():
        if value.strip():
            assert value in page, name
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_body_of_exactly_5000_characters_is_accepted(client, open_one):
    assert post_comment(client, open_one, body="字" * 5000).status_code == 302
    assert len(Comment.objects.get().body) == 5000


@pytest.mark.django_db
def test_honeypot_pretends_success_but_saves_nothing(client, open_one):
    response = post_comment(client, open_one, website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_csrf_is_enforced(open_one):
    client = Client(enforce_csrf_checks=True)
    data = {"body": "没有令牌的意见", "name": "", "contact": "", "website": ""}
    assert client.post(detail(open_one), data).status_code == 403
    assert not Comment.objects.exists()
    page = client.get(detail(open_one)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(detail(open_one), data | {"csrfmiddlewaretoken": token}).status_code == 302
    assert Comment.objects.count() == 1


# Rate limiting --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rate_limit_gives_429_after_the_limit_and_spares_other_clients(client, open_one, make):
    other_consultation = make("另一份征求意见稿")
    for n in range(5):
        target = open_one if n % 2 else other_consultation  # the limit is per client, across drafts
        assert post_comment(client, target, body=f"第{n}条意见", remote="198.51.100.1").status_code == 302
    response = post_comment(client, open_one, body="第六条意见", remote="198.51.100.1")
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode() and response["Retry-After"] == "3600"
    assert Comment.objects.count() == 5
    assert post_comment(client, open_one, body="别人的意见", remote="198.51.100.2").status_code == 302
    assert Comment.objects.count() == 6


@pytest.mark.django_db
def test_invalid_submissions_do_not_use_up_the_limit(client, open_one):
    for _ in range(8):
        assert post_comment(client, open_one, body="", remote="198.51.100.3").status_code == 400
    assert post_comment(client, open_one, remote="198.51.100.3").status_code == 302


@pytest.mark.django_db
def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(client, open_one, settings):
    for n in range(5):
        post_comment(client, open_one, body=f"意见{n}", remote="10.0.0.9", forwarded_for=f"192.0.2.{n}")
    assert post_comment(client, open_one, remote="10.0.0.9", forwarded_for="192.0.2.99").status_code == 429

    settings.TRUSTED_PROXIES = ["10.0.0.9"]
    response = post_comment(client, open_one, remote="10.0.0.9", forwarded_for="192.0.2.99")
    assert response.status_code == 302


def test_client_address_rules(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert ratelimit.client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    forwarded = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert ratelimit.client_address(forwarded) == "1.2.3.4"
    a = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    b = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    c = rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert ratelimit.client_hash(a) == ratelimit.client_hash(b) != ratelimit.client_hash(c)
    assert "10.0.0.1" not in ratelimit.client_hash(request)


@pytest.mark.django_db
def test_decorator_counts_every_request_in_its_methods(rf):
    caches["ratelimit"].clear()
    calls = []

    @ratelimit.rate_limited("test-decorator", limit=2, period=60)
    def view(request):
        calls.append(request.method)
        from django.http import HttpResponse

        return HttpResponse("ok")

    responses = [view(rf.post("/", REMOTE_ADDR="10.1.1.1")).status_code for _ in range(3)]
    assert responses == [200, 200, 429]
    assert view(rf.get("/", REMOTE_ADDR="10.1.1.1")).status_code == 200  # GET is not counted
    assert view(rf.post("/", REMOTE_ADDR="10.1.1.2")).status_code == 200


# Privacy --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_and_name_never_appear_on_public_pages(client, open_one, closed_one, today):
    assert post_comment(client, open_one, name=PLANTED_NAME, contact=PLANTED_CONTACT).status_code == 302
    comment_on(closed_one, body="已展示的意见", status=Comment.Status.APPROVED, name=PLANTED_NAME,
               contact=PLANTED_CONTACT)
    Comment.objects.filter(consultation=open_one).update(status=Comment.Status.APPROVED)
    Consultation.objects.filter(pk=closed_one.pk).update(feedback_summary="采纳情况如下。", summary_published_on=today)
    pages = [
        reverse("consultations:list"),
        detail(open_one), detail(closed_one),
        reverse("consultations:thanks", args=[open_one.pk]), reverse("consultations:thanks", args=[closed_one.pk]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert PLANTED_CONTACT not in page and "13912345678" not in page and "planted@" not in page, url
        assert PLANTED_NAME not in page, url
    assert "已展示的意见" in client.get(detail(closed_one)).content.decode()


@pytest.mark.django_db
def test_logs_never_carry_the_body_or_the_contact(client, open_one, demo_bureau, caplog):
    caplog.set_level(logging.DEBUG)
    post_comment(client, open_one, name=PLANTED_NAME, contact=PLANTED_CONTACT, body="不应出现在日志里的正文")
    services.moderate_comment(Comment.objects.get(), user("gongkaiban"), approve=True)
    text = caplog.text + "".join(str(entry.__dict__) for entry in AuditEntry.objects.all())
    assert "comment received" in caplog.text
    for secret in ("不应出现在日志里的正文", "13912345678", "planted@", PLANTED_NAME):
        assert secret not in text


# Moderation -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_moderation_in_the_admin_changes_what_the_public_sees(client, open_one):
    approved = comment_on(open_one, body="应当展示的意见", contact=PLANTED_CONTACT)
    rejected = comment_on(open_one, body="不宜展示的意见")
    public = Client()
    page = public.get(detail(open_one)).content.decode()
    assert "应当展示的意见" not in page and "不宜展示的意见" not in page

    client.force_login(user("gongkaiban"))
    changelist = reverse("admin:catalog_comment_changelist")
    pending = client.get(changelist, {"consultation__id__exact": open_one.pk, "status__exact": "pending"})
    assert "应当展示的意见" in pending.content.decode() and "不宜展示的意见" in pending.content.decode()
    assert PLANTED_CONTACT in client.get(reverse("admin:catalog_comment_change", args=[approved.pk])).content.decode()
    client.post(changelist, {"action": "approve_selected", "_selected_action": [approved.pk]})
    client.post(changelist, {"action": "reject_selected", "_selected_action": [rejected.pk]})

    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert approved.status == Comment.Status.APPROVED and approved.moderated_by == user("gongkaiban")
    assert rejected.status == Comment.Status.REJECTED and rejected.moderated_by == user("gongkaiban")
    page = public.get(detail(open_one)).content.decode()
    assert "应当展示的意见" in page and "不宜展示的意见" not in page
    entries = AuditEntry.objects.filter(action="review")
    assert set(entries.values_list("object_id", flat=True)) == {str(approved.pk), str(rejected.pk)}
    assert all(entry.actor == user("gongkaiban") and entry.agency_id == open_one.agency_id for entry in entries)


@pytest.mark.django_db
def test_moderation_needs_the_permission_and_the_scope(open_one, demo_bureau):
    comment = comment_on(open_one)
    with pytest.raises(PermissionDenied):  # an officer may read, not moderate
        services.moderate_comment(comment, user("xxy-jiaojing"), approve=True)
    assert not AuditEntry.objects.filter(action="review").exists()


@pytest.mark.django_db
def test_admin_is_scoped_to_the_unit(client, open_one, make):
    zhian = Unit.objects.get(agency=open_one.agency, name="治安支队")
    other = Consultation.objects.create(agency=open_one.agency, unit=zhian, title="治安支队的征求意见稿",
                                        draft_text="正文", opens_on=open_one.opens_on, closes_on=open_one.closes_on,
                                        is_published=True)
    comment_on(open_one, body="交警的意见")
    comment_on(other, body="治安的意见")
    client.force_login(user("xxy-jiaojing"))
    consultations = client.get(reverse("admin:catalog_consultation_changelist")).content.decode()
    assert open_one.title in consultations and other.title not in consultations
    comments = client.get(reverse("admin:catalog_comment_changelist")).content.decode()
    assert "交警的意见" in comments and "治安的意见" not in comments
    assert client.get(reverse("admin:catalog_consultation_change", args=[other.pk])).status_code in (302, 403, 404)


# Feedback summary -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_summary_is_refused_before_close_and_published_after(open_one, closed_one, today):
    office = user("gongkaiban")
    with pytest.raises(ValidationError):
        services.publish_summary(open_one, office, "过早的反馈")
    with pytest.raises(ValidationError):  # the closing day itself still takes comments
        services.publish_summary(open_one, office, "过早的反馈", today=open_one.closes_on)
    with pytest.raises(PermissionDenied):
        services.publish_summary(closed_one, user("xxy-jiaojing"), "无权发布")
    open_one.refresh_from_db()
    assert open_one.feedback_summary == "" and open_one.summary_published_on is None

    published = services.publish_summary(closed_one, office, "共收到意见2条，采纳1条。")
    assert published.summary_published_on == today
    entry = AuditEntry.objects.get(action="publish", object_id=str(closed_one.pk))
    assert entry.actor == office and entry.after["feedback_summary"] == "共收到意见2条，采纳1条。"


@pytest.mark.django_db
def test_closed_detail_shows_count_and_summary_only_once_published(client, closed_one):
    comment_on(closed_one)
    comment_on(closed_one, status=Comment.Status.REJECTED)
    page = client.get(detail(closed_one)).content.decode()
    assert "共收到意见2条" in page and "意见反馈情况正在整理" in page and 'name="body"' not in page
    services.publish_summary(closed_one, user("gongkaiban"), "经研究，采纳了关于延长办理时间的建议。")
    page = client.get(detail(closed_one)).content.decode()
    assert "经研究，采纳了关于延长办理时间的建议。" in page and 'id="feedback"' in page


def admin_form_data(consultation, **changes):
    data = {
        "unit": consultation.unit_id, "title": consultation.title, "description": consultation.description,
        "draft_text": consultation.draft_text, "opens_on": consultation.opens_on.isoformat(),
        "closes_on": consultation.closes_on.isoformat(), "is_published": "on" if consultation.is_published else "",
        "resulting_item": "", "feedback_summary": consultation.feedback_summary,
    }
    return {key: value for key, value in (data | changes).items() if value != ""} | {
        key: value for key, value in changes.items() if value == ""}


@pytest.mark.django_db
def test_admin_publishes_the_summary_only_after_close_and_audits_it(client, open_one, closed_one, today):
    client.force_login(user("gongkaiban"))
    url = reverse("admin:catalog_consultation_change", args=[open_one.pk])
    response = client.post(url, admin_form_data(open_one, feedback_summary="过早的反馈"))
    assert response.status_code == 200 and "征求意见截止后方可发布反馈情况" in response.content.decode()
    open_one.refresh_from_db()
    assert open_one.feedback_summary == ""

    url = reverse("admin:catalog_consultation_change", args=[closed_one.pk])
    response = client.post(url, admin_form_data(closed_one, feedback_summary="采纳意见3条。"))
    assert response.status_code == 302
    closed_one.refresh_from_db()
    assert closed_one.feedback_summary == "采纳意见3条。" and closed_one.summary_published_on == today
    assert AuditEntry.objects.filter(action="publish", object_id=str(closed_one.pk), actor=user("gongkaiban")).exists()


@pytest.mark.django_db
def test_admin_audits_putting_a_draft_out_for_comment(client, make):
    draft = make("待发布的征求意见稿", published=False)
    client.force_login(user("gongkaiban"))
    response = client.post(reverse("admin:catalog_consultation_change", args=[draft.pk]),
                           admin_form_data(draft, is_published="on"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert AuditEntry.objects.filter(action="publish", object_id=str(draft.pk)).exists()


@pytest.mark.django_db
def test_close_ends_the_period_early_with_a_reason(client, open_one, today):
    office = user("gongkaiban")
    with pytest.raises(ValidationError):
        services.close(open_one, office, "")
    services.close(open_one, office, "上位法修订，暂停制定")
    open_one.refresh_from_db()
    assert open_one.closes_on == today - DAY
    assert post_comment(client, open_one).status_code == 403
    entry = AuditEntry.objects.get(action="update", object_id=str(open_one.pk))
    assert "上位法修订" in entry.summary
