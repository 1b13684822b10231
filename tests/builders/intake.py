"""Builders for intake: complete drafts, files of every kind, uploads, submitted applications, and applications
walked to a stage of the office (Ordos, eligibility within 10 working days, 第十六条; Wuhan) or into Wuhan's local
publicity (第十七条)."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.domain import documents, forms_data, publicity, recommendation
from awards.models import Document
from awards.workflow import Status
from demo.walk import walk_to

from .. import factories
from .journeys import Cast, travel

TODAY = datetime.date(2026, 9, 14)
PUBLISHED = datetime.date(2026, 9, 1)
SUBMIT_DAY = datetime.date(2026, 9, 14)  # a Monday; Ordos' eligibility deadline is then Thursday 9-24
LOCAL_PUBLICITY_ENDED = datetime.date(2026, 9, 21)  # a local publicity published on 9-14 ends 9-18 (5 working days)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def office_zip(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/document.xml", "<x/>")
    return buffer.getvalue()


def upload_file(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def complete_values(application) -> dict:
    """Every required field of the form filled, every declaration confirmed."""
    spec = forms_data.spec_for(application)
    initial = forms_data.initial_values(application)
    values = {}
    for f in spec.fields:
        values[f.key] = {"number": "12", "date": "2008-05-01", "email": "q@example.cn",
                         "phone": "0731-2345678", "checkbox": initial.get(f.key, "")}.get(f.type, "示例内容")
    for item in spec.declaration:
        values[item.key] = "on"
    values["decl_truthful"] = "on"
    return values


def signatures(application) -> dict:
    """Every box of the submit page ticked: the city's declarations (申报承诺) and the pledge."""
    return {item.key: "on" for item in forms_data.spec_for(application).statements}


def applicant_of(application):
    if application.organisation_id:
        return factories.member(application.organisation)
    return application.individual.user


def complete_draft(application, *, secret=""):
    """Fill the form, choose the recommender, upload a PDF self-assessment report."""
    user = applicant_of(application)
    values = complete_values(application)
    values["recommender"] = str(application.recommender_id or "")
    forms_data.save_draft(application, values, user)
    documents.store_upload(application, upload_file("自评报告.pdf", PDF), Document.Kind.SELF_ASSESSMENT, secret, user)
    return user


def submitted_application(code="chenzhou", *, secret="", cast=None, award_kind=None):
    """A complete application submitted in an open cycle of the city (the cycle opens 2026-09-01)."""
    with travel(TODAY):
        cycle = factories.cycle_for(code, published=PUBLISHED)
        cast = cast or Cast(code)
        application = factories.application_for(cycle, recommender=cast.recommender_unit, award_kind=award_kind)
        user = complete_draft(application, secret=secret)
        forms_data.submit(application, user)
    return application, cast, user


def to_eligibility(application, cast):
    """Recommended on TODAY (demo.walk.walk_to): the application is at eligibility."""
    with travel(TODAY):
        walk_to(application, Status.ELIGIBILITY, cast=cast, reason="同意推荐")


def drive_to(application, cast, status):
    """Fill in and submit the form, then walk the city's own route to `status`, as the people named in the
    rules would."""
    user = applicant_of(application)
    values = {**complete_values(application), **application.form_data,
              "recommender": str(application.recommender_id or "")}
    forms_data.save_draft(application, values, user)
    documents.store_upload(application, upload_file("自评报告.pdf", PDF), Document.Kind.SELF_ASSESSMENT, "", user)
    forms_data.submit(application, user)
    walk_to(application, status, cast=cast, since=SUBMIT_DAY - datetime.timedelta(days=90))
    return application


class World:
    """One city's open cycle (published 2026-09-01) and its cast; applications driven to an office stage."""

    def __init__(self, code):
        self.code = code
        self.cycle = factories.cycle_for(code, published=datetime.date(2026, 9, 1))
        self.cast = Cast(code)

    def application(self, status=Status.ELIGIBILITY, **kwargs):
        app = factories.application_for(self.cycle, recommender=kwargs.pop("recommender", self.cast.recommender_unit),
                                        **kwargs)
        return drive_to(app, self.cast, status)


def in_local_publicity(with_objection=True):
    """A Wuhan application recommended on TODAY into its recommender unit's local publicity (第十七条), with one
    objection filed unless told otherwise."""
    app, cast, user = submitted_application("wuhan")
    with travel(TODAY):
        recommendation.recommend(app, cast.recommender, opinion="审核通过")
        notice = recommendation.start_local_publicity(cast.recommender_unit, [app], cast.recommender)
        objection = publicity.file_objection(notice.entries.get(), name="王某", contact="wang@example.cn",
                                             text="该单位上年度发生质量事故") if with_objection else None
    app.refresh_from_db()
    return app, cast, user, notice, objection


def chenzhou_draft():
    """A Chenzhou draft of the open call (published 9-1), made on TODAY."""
    with travel(TODAY):
        return factories.application_for(factories.cycle_for("chenzhou", published=PUBLISHED))


def chenzhou_draft_and_cast():
    """A Chenzhou draft sent to no recommender yet, and the city's cast, made on TODAY."""
    with travel(TODAY):
        cycle = factories.cycle_for("chenzhou", published=PUBLISHED)
        cast = Cast("chenzhou")
        return factories.application_for(cycle, recommender=None), cast
