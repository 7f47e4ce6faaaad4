"""Letters to applicants and third parties: their words, both formats, who may download them, the audit trail."""

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import include, path, reverse

from gongkai.core import clock
from gongkai.core.decision_rules import REMEDIES, SITUATIONS_BY_KEY
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests import services
from gongkai.inforequests.letters import KIND_TITLES, KINDS, build_letter
from gongkai.inforequests.letters.content import (
    amount_in_capitals,
    chinese_date,
    letter_number,
    third_party_name,
)
from gongkai.inforequests.models import FeeNotice, InfoRequest
from gongkai.org import roles
from gongkai.org.models import AuditEntry, StaffProfile
from tests.system import require_program

# The project's URL map gains the letters' include separately; the tests mount it themselves.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("requests/", include("gongkai.inforequests.urls")),
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

D = dt.date
PERSON = {"name": "陈明", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800001111",
          "address": "示范市幸福路1号"}
THIRD_PARTY = "示范物流有限公司"
WITHHELD = SITUATIONS_BY_KEY["third_party"]

# What each letter must say: its legal basis and one sentence that only it carries.
EXPECTED = {
    "reply": ("第十五条、第三十六条第（三）项", WITHHELD.letter_text),
    "correction": ("第三十条", "现一次性告知您对以下事项作出补正"),
    "extension": ("第三十三条第二款", "经本机关政府信息公开工作机构负责人同意"),
    "third_party": ("第三十二条", "15个工作日内"),
    "fee": ("国办函〔2020〕109号", "合计200.00元"),
}
# Dates the letters must state (issue 15): the consultation the answer followed, and the third party's
# last day: 15 working days after the letter went out on 3月11日 (3/12 … 3/31, 4/1) is 2026年4月1日.
DATES = {
    "reply": "本机关于2026年3月11日至2026年3月25日征求第三方意见（条例第三十二条），根据",
    "third_party": "贵方应当自收到征求意见书之日起15个工作日内提出意见。本征求意见书于2026年3月11日发出，请贵方于2026年4月1日前",
}


def office():
    return User.objects.get(username="gongkaiban")


@pytest.fixture
def handled(demo_bureau):
    """A request taken through every step that has a letter: correction, consultation, extension, fee, refusal."""
    user = office()
    request, _ = services.register_request(
        demo_bureau, channel="in_person", submitted_on=D(2026, 3, 2), confirmed_on=None, applicant_kind="自然人",
        applicant=PERSON, description="2025年城区道路交通事故统计数据及某物流公司车辆违法记录", user=user)
    services.record_event(request, user, "correction_requested", D(2026, 3, 4), deadline=D(2026, 3, 20),
                          note="请写明所需信息的时间范围；请写明事故发生的路段")
    services.record_event(request, user, "correction_received", D(2026, 3, 10))
    services.record_event(request, user, "consultation_started", D(2026, 3, 11),
                          note=f"第三方：{THIRD_PARTY}；涉及商业秘密")
    services.record_event(request, user, "consultation_ended", D(2026, 3, 25))
    services.record_event(request, user, "extension_granted", D(2026, 3, 30), workdays=20, approved_by="王局长",
                          note="所申请信息数量较多，需要逐条核对")
    services.record_event(request, user, "fee_notice_sent", D(2026, 3, 31))
    services.record_event(request, user, "fee_paid", D(2026, 4, 2))
    FeeNotice.objects.create(request=request, basis=FeeNotice.Basis.PER_REQUEST, nth_request_in_month=31,
                             amount=Decimal("200.00"), sent_on=D(2026, 3, 31))
    services.decide(request, user, situation="third_party", decided_on=D(2026, 4, 20),
                    reasons="第三方不同意公开，且所涉信息属于其商业秘密。", withheld_information="该公司车辆违法记录",
                    approved_by="王局长")
    return InfoRequest.objects.get(pk=request.pk)


def url(request, kind, fmt):
    return reverse("inforequests:letter", args=[request.pk, kind, fmt])


def compact(text: str) -> str:
    return "".join(text.split())


def pdf_text(payload: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it (deploy/system-packages.sh installs poppler-utils)."""
    pdftotext = require_program("pdftotext", "poppler-utils")
    return subprocess.run([pdftotext, "-enc", "UTF-8", "-", "-"], input=payload, capture_output=True,
                          check=True).stdout.decode()


# The words -----------------------------------------------------------------------------------


def test_dates_numbers_and_amounts_are_written_the_official_way(demo_bureau):
    assert chinese_date(D(2026, 3, 5)) == "2026年3月5日"
    assert letter_number(demo_bureau, "00591782X-2026-00012", "reply") == "示公信〔2026〕第00012号"
    assert letter_number(demo_bureau, "00591782X-2026-00012", "correction") == "示公信补〔2026〕第00012号"
    assert letter_number(demo_bureau, "旧台账-7", "fee") == "示公信费〔旧台账-7〕号"
    assert amount_in_capitals(Decimal("200")) == "贰佰元整"
    assert amount_in_capitals(Decimal("1005.5")) == "壹仟零伍元伍角整"
    assert amount_in_capitals(Decimal("10200.07")) == "壹万零贰佰元零柒分"
    assert third_party_name("第三方：示范物流有限公司；涉及商业秘密") == "示范物流有限公司"
    assert third_party_name("张三，涉及个人隐私") == "张三"
    assert third_party_name("") == ""


def test_refusal_reply_says_what_was_asked_why_on_which_basis_and_the_remedies(handled):
    letter = build_letter(handled, "reply")
    text = letter.plain_text()
    assert letter.addressee == "陈明：" and letter.date == D(2026, 4, 20) and letter.number == "示公信〔2026〕第00001号"
    assert "2026年3月2日，本机关收到您提出的政府信息公开申请" in text and handled.description in text
    assert WITHHELD.letter_text in text and "第三方不同意公开" in text and WITHHELD.article in text
    assert REMEDIES in text and "六十日" in text and "六个月" in text
    assert "示范市人民路88号" in text and "0371-12345678" in text
    assert PERSON["id_number"] not in text and PERSON["phone"] not in text  # the addressee's name is enough


def test_the_other_letters_carry_their_article_and_deadline(handled):
    correction = build_letter(handled, "correction").plain_text()
    assert "1. 请写明所需信息的时间范围" in correction and "2026年3月20日前" in correction and "视为放弃申请" in correction
    extension = build_letter(handled, "extension").plain_text()
    # The new due date as it stood on the day of the extension (the later fee pause and answer aside).
    up_to_extension = [e.to_clock_event() for e in handled.events.all() if e.on <= D(2026, 3, 30)]
    due = clock.compute_deadline(handled.received_on, up_to_extension, calendar=current_calendar()).due
    assert "延长20个工作日" in extension and "所申请信息数量较多" in extension
    assert f"本机关将于{chinese_date(due)}前作出答复" in extension
    third = build_letter(handled, "third_party")
    assert third.addressee == f"{THIRD_PARTY}："
    assert PERSON["name"] not in third.plain_text()  # the third party is not told who asked
    assert "不同意公开且有合理理由的，本机关不予公开" in third.plain_text()
    fee = build_letter(handled, "fee").plain_text()
    assert "第31—31件" not in fee and "第31件，共1件，每件200元，计200.00元" in fee
    assert "人民币200.00元（大写：贰佰元整）" in fee and "20个工作日内缴纳" in fee and REMEDIES in fee


def test_the_answer_states_the_consultation_dates_and_the_third_party_letter_its_last_day(handled, demo_bureau):
    """Issue 15: the 答复书 says from when to when the clock stood still for a consultation (条例第三十三条
    第三款), the 征求意见书 the 15 working days (第三十二条) and the day they end."""
    reply = build_letter(handled, "reply").plain_text()
    assert DATES["reply"] in reply and "该期间不计算在答复期限内" in reply
    assert "信息处理费" not in reply  # the fee wait is not a consultation
    third = build_letter(handled, "third_party").plain_text()
    assert DATES["third_party"] in third
    assert current_calendar().add_workdays(D(2026, 3, 11), 15) == D(2026, 4, 1)
    # No reply: the span ends on the last day of the 15, and the letter says the party did not answer.
    user = office()
    request, _ = services.register_request(
        demo_bureau, channel="in_person", submitted_on=D(2026, 3, 2), confirmed_on=None, applicant_kind="自然人",
        applicant=PERSON, description="某单位的行政处罚决定书", user=user)
    services.record_event(request, user, "consultation_started", D(2026, 3, 4), note=f"第三方：{THIRD_PARTY}")
    services.decide(request, user, situation="disclose", decided_on=D(2026, 4, 10))
    lapsed = build_letter(InfoRequest.objects.get(pk=request.pk), "reply").plain_text()
    assert "本机关于2026年3月4日至2026年3月25日征求第三方意见（条例第三十二条），被征求意见方逾期未提出意见" in lapsed
    # A request answered without consultation says nothing of one.
    plain, _ = services.register_request(
        demo_bureau, channel="in_person", submitted_on=D(2026, 3, 2), confirmed_on=None, applicant_kind="自然人",
        applicant=PERSON, description="本局2025年工作总结", user=user)
    services.decide(plain, user, situation="disclose", decided_on=D(2026, 3, 10))
    assert "征求" not in build_letter(InfoRequest.objects.get(pk=plain.pk), "reply").plain_text()


# Both formats ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_letter_renders_as_docx_with_east_asian_fonts(client, handled, kind):
    from docx import Document
    from docx.oxml.ns import qn

    client.force_login(office())
    response = client.get(url(handled, kind, "docx"))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    basis, sentence = EXPECTED[kind]
    assert KIND_TITLES[kind] in text and basis in text and sentence in text and "示范市公安局" in text
    assert DATES.get(kind, "") in text
    if kind in ("reply", "fee"):
        assert REMEDIES in text
    runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert runs and all(run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs)
    fonts = {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs}
    assert fonts == {"方正小标宋简体", "仿宋_GB2312"}
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28 and round(section.right_margin.mm) == 26


@pytest.mark.parametrize("kind", KINDS)
def test_every_letter_renders_as_pdf_with_its_title_and_operative_sentence(client, handled, kind):
    client.force_login(office())
    response = client.get(url(handled, kind, "pdf"))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = compact(pdf_text(response.content))
    basis, sentence = EXPECTED[kind]
    assert compact(KIND_TITLES[kind]) in text and compact(sentence) in text and compact(basis) in text
    assert compact(DATES.get(kind, "")) in text


def test_pdf_embeds_at_most_two_font_faces(handled, tmp_path):
    from gongkai.inforequests.letters import render

    pdffonts = require_program("pdffonts", "poppler-utils")
    path = tmp_path / "reply.pdf"  # a file, not stdin: not every pdffonts reads a PDF from a pipe
    path.write_bytes(render(build_letter(handled, "reply"), "pdf"))
    listing = subprocess.run([pdffonts, str(path)], capture_output=True, check=True, text=True).stdout
    faces = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}
    assert 1 <= len(faces) <= 2, faces


# Who may download them ---------------------------------------------------------------------------


def test_the_audit_entry_names_the_letter_and_request_but_no_applicant_detail(client, handled):
    client.force_login(office())
    before = AuditEntry.objects.filter(action="export").count()
    assert client.get(url(handled, "reply", "pdf")).status_code == 200
    assert client.get(url(handled, "third_party", "docx")).status_code == 200
    entries = list(AuditEntry.objects.filter(action="export").order_by("id"))[before:]
    assert [e.summary for e in entries] == [f"生成{KIND_TITLES['reply']}（PDF）", f"生成{KIND_TITLES['third_party']}（DOCX）"]
    for entry in entries:
        assert entry.object_id == str(handled.pk) and entry.object_repr == handled.number
        assert entry.agency_id == handled.agency_id and entry.actor.username == "gongkaiban"
        recorded = f"{entry.summary} {entry.object_repr} {entry.before} {entry.after}"
        for detail in (PERSON["name"], PERSON["id_number"], PERSON["phone"], PERSON["address"], THIRD_PARTY):
            assert detail not in recorded


def test_staff_of_another_agency_get_404_and_staff_without_permission_403(client, handled, demo_bureau):
    other = type(demo_bureau).objects.create(
        code="other", name="另一机关", uscc="91350100M000100Y43", division_code="350100", office_name="办公室",
        office_address="某路1号", office_phone="0591-1", office_hours="工作日")
    outsider = User.objects.create_user("other-office", is_staff=True)
    outsider.groups.add(Group.objects.get(name=roles.OFFICE))
    StaffProfile.objects.create(user=outsider, agency=other, full_name="外机关公开办")
    client.force_login(outsider)
    assert client.get(url(handled, "reply", "pdf")).status_code == 404
    client.force_login(User.objects.get(username="xxy-jiaojing"))  # a unit officer: no request permissions
    assert client.get(url(handled, "reply", "docx")).status_code == 403
    client.force_login(User.objects.get(username="lingdao"))  # sees requests, not applicants: letters name them
    assert client.get(url(handled, "reply", "docx")).status_code == 403
    client.logout()
    assert client.get(url(handled, "reply", "docx")).status_code == 302
    assert not AuditEntry.objects.filter(action="export").exists()


def test_letters_the_records_do_not_support_are_refused_with_the_reason(client, demo_bureau):
    request, _ = services.register_request(
        demo_bureau, channel="in_person", submitted_on=D(2026, 3, 2), confirmed_on=None, applicant_kind="自然人",
        applicant=PERSON, description="户籍管理办事指南", user=office())
    client.force_login(office())
    response = client.get(url(request, "reply", "pdf"))
    assert response.status_code == 409 and "尚未作出答复" in response.content.decode()
    assert client.get(url(request, "correction", "docx")).status_code == 409
    assert client.get(url(request, "memo", "pdf")).status_code == 404
    assert client.get(url(request, "reply", "odt")).status_code == 404
    assert client.get(url(request, "reply", "pdf") + "?event=x").status_code == 404


def test_a_fee_record_that_disagrees_with_the_scale_is_not_printed(client, handled):
    FeeNotice.objects.filter(request=handled).update(amount=Decimal("150.00"))
    client.force_login(office())
    response = client.get(url(handled, "fee", "docx"))
    assert response.status_code == 409 and "不一致" in response.content.decode()


def test_an_earlier_event_can_be_chosen(client, handled):
    user = office()
    first = handled.events.get(kind="consultation_started")
    request, _ = services.register_request(
        handled.agency, channel="in_person", submitted_on=D(2026, 3, 2), confirmed_on=None, applicant_kind="自然人",
        applicant=PERSON, description="另一件", user=user)
    client.force_login(user)
    # An event of another request is not this request's letter.
    assert client.get(url(request, "third_party", "docx") + f"?event={first.pk}").status_code == 409
    assert client.get(url(handled, "third_party", "docx") + f"?event={first.pk}").status_code == 200
