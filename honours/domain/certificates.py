"""Certificates (荣誉证书): issued to a winner with what they say stored, checked in public by a short code.

- `issue` makes the certificate of an awarded application: the winner, the award's name as the rule file gives it
  with the city's name, the year or 届, a number unique in the portal, a short verification code, the issuing
  body (post_award.certificate_issuer), the date of the government's decision and, where the rules set a validity
  (post_award.validity_years), the last day it is valid.
- `status` says what the verification page says: valid, expired, revoked or superseded (换发).
- `reissue` supersedes the live certificate (复评 passed: valid from today for another period; 补发: same validity).
- `mark_revoked` marks the live certificate revoked (after a revocation decision), with the date and article.
- `render` is the PDF (templates/pdf/certificate.html) with a QR code of `verify_url`.
Who may read a certificate: the rows registered below in the permission table (awards.domain.access).
"""

from __future__ import annotations

import datetime
import io
import secrets
import zipfile

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.domain import access
from awards.models import Application, Cycle
from awards.workflow import Status
from core.errors import InvalidInput
from core.i18n import long_date
from core.pdf import render_pdf

from ..models import Certificate, CertificateBatch

VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"
SUPERSEDED = "superseded"
STATUS_LABELS = {
    VALID: gettext_lazy("有效"),
    EXPIRED: gettext_lazy("已过期"),
    REVOKED: gettext_lazy("已撤销"),
    SUPERSEDED: gettext_lazy("已换发"),
}

# Short codes: no 0/O, 1/I/L, so a code read aloud or typed from paper is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
NUMBER_TRIES = 8
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
UNSAFE_IN_NAMES = set('\\/:*?"<>|')


# -- what a certificate says -------------------------------------------------------------------
def award_title(application: Application) -> str:
    """The award as the rule file names it, with the city's name (郴州市市长质量奖, 曲靖市质量贡献奖)."""
    rules = application.rules
    name = rules.award_kind(application.award_kind).name
    return name if name.startswith(rules.name) else f"{rules.name}{name}"


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def validity_of(application: Application, valid_from: datetime.date) -> tuple[datetime.date | None, str]:
    """The last valid day (valid_from + the rules' years − 1 day) and its article; (None, "") without a validity."""
    cited = application.rules.post_award.validity_years
    if not cited.value:
        return None, ""
    return _add_years(valid_from, cited.value) - datetime.timedelta(days=1), cited.citation


def issuer_of(application: Application) -> str:
    post_award = application.rules.post_award
    if post_award.certificate_issuer:
        return post_award.certificate_issuer.value
    return application.rules.bodies.approver.value


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What a person typed, as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _number_prefix(application: Application) -> str:
    return f"{application.cycle.city.code.upper()}-{application.cycle.year}-"


def _next_number(prefix: str) -> str:
    last = (Certificate.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    serial = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def live(application: Application) -> Certificate | None:
    """The application's certificate not superseded by another (it may be revoked or expired)."""
    return application.certificates.filter(superseded_by__isnull=True).order_by("-pk").first()


def _create(application: Application, **fields) -> Certificate:
    """Save a certificate under the next free number and a fresh code; two at once: the loser takes the next."""
    prefix = _number_prefix(application)
    for _try in range(NUMBER_TRIES):
        try:
            with transaction.atomic():
                return Certificate.objects.create(application=application, number=_next_number(prefix),
                                                  code=new_code(), **fields)
        except IntegrityError:
            continue
    raise InvalidInput(_("证书编号生成冲突，请稍后重试。"))


# -- use cases ---------------------------------------------------------------------------------
def issue(application: Application, *, reason=Certificate.Reason.AWARD, decision=None,
          valid_from: datetime.date | None = None, actor=None) -> Certificate:
    """The certificate of an awarded application. Issued on the decision's date (else `valid_from`, else today);
    valid for the rules' validity_years from then. An application has one live certificate: use `reissue`."""
    if application.status != Status.AWARDED:
        raise InvalidInput(_("只有获奖的申报才能颁发荣誉证书。"))
    current = live(application)
    if current is not None:
        raise InvalidInput(_("该申报已有荣誉证书（%(number)s），如需换发请使用换发。") % {"number": current.number})
    issued_on = decision.decided_on if decision is not None else (valid_from or timezone.localdate())
    start = valid_from or issued_on
    valid_until, validity_article = validity_of(application, start)
    return _create(
        application,
        reason=reason,
        winner_name=application.applicant_name,
        award_title=award_title(application),
        cycle_name=application.cycle.name,
        issuer=issuer_of(application),
        issued_on=issued_on,
        valid_until=valid_until,
        validity_article=validity_article,
        document_number=decision.document_number if decision is not None else "",
        issued_by=actor,
    )


def reissue(application: Application, *, reason=Certificate.Reason.RE_EVALUATION, actor=None) -> Certificate:
    """A new certificate superseding the live one. After 复评 (RE_EVALUATION) it is valid from today for another
    validity period; a replacement (REISSUE, 补发) keeps the old one's dates and document number."""
    with transaction.atomic():
        current = (Certificate.objects.select_for_update().filter(application=application, superseded_by__isnull=True)
                   .order_by("-pk").first())
        if current is None:
            raise InvalidInput(_("该申报尚无荣誉证书，无法换发。"))
        if current.revoked_on is not None:
            raise InvalidInput(_("该荣誉证书已撤销，不能换发。"))
        today = timezone.localdate()
        if reason == Certificate.Reason.REISSUE:
            valid_until, article = current.valid_until, current.validity_article
            document_number = current.document_number
        else:
            valid_until, article = validity_of(application, today)
            document_number = ""
        new = _create(
            application,
            reason=reason,
            winner_name=application.applicant_name,
            award_title=current.award_title,
            cycle_name=current.cycle_name,
            issuer=issuer_of(application),
            issued_on=today,
            valid_until=valid_until,
            validity_article=article,
            document_number=document_number,
            issued_by=actor,
        )
        current.superseded_by = new
        current.save(update_fields=["superseded_by"])
    return new


def mark_revoked(application: Application, *, on: datetime.date, article: str) -> Certificate | None:
    """Mark the live certificate revoked on `on` under `article` (the verification page then says so)."""
    current = live(application)
    if current is None:
        return None
    if current.revoked_on is None:
        current.revoked_on = on
        current.revocation_article = article
        current.save(update_fields=["revoked_on", "revocation_article"])
    return current


def status(certificate: Certificate, today: datetime.date | None = None) -> str:
    """"valid" | "expired" | "revoked" | "superseded" (labels: STATUS_LABELS)."""
    today = today or timezone.localdate()
    if certificate.revoked_on is not None and certificate.revoked_on <= today:
        return REVOKED
    if certificate.superseded_by_id is not None:
        return SUPERSEDED
    if certificate.valid_until is not None and today > certificate.valid_until:
        return EXPIRED
    return VALID


def status_label(certificate: Certificate, today: datetime.date | None = None) -> str:
    return str(STATUS_LABELS[status(certificate, today)])


def find(code: str) -> Certificate | None:
    """The certificate with this short code (as typed: case and spaces do not matter), or None."""
    code = normalise_code(code)
    if not code or len(code) > Certificate._meta.get_field("code").max_length:
        return None
    return Certificate.objects.select_related("superseded_by").filter(code=code).first()


# -- the document ------------------------------------------------------------------------------
def verify_url(certificate: Certificate) -> str:
    """The absolute address of the certificate's public verification page (what the QR code holds)."""
    base = getattr(settings, "PORTAL_BASE_URL", "") or DEFAULT_BASE_URL
    return base.rstrip("/") + reverse("public:verify_code", args=[certificate.code])


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as a PNG data URI (WeasyPrint embeds it): one pixel a module, a few hundred bytes to
    decode; pdf/documents.css scales it up with `image-rendering: pixelated`, so the modules stay sharp."""
    return segno.make(url, error="m").png_data_uri(scale=1, border=2)


def render(certificate: Certificate) -> bytes:
    """The certificate as a PDF: landscape A4, in Chinese, with the QR code and the short code under it."""
    url = verify_url(certificate)
    return render_pdf("pdf/certificate.html", {
        "certificate": certificate,
        "issued_on": long_date(certificate.issued_on),
        "valid_until": long_date(certificate.valid_until) if certificate.valid_until else "",
        "verify_url": url,
        "qr": qr_data_uri(url),
    })


def file_name(certificate: Certificate) -> str:
    """The PDF's name in a download or an archive: number and winner."""
    safe = "".join(ch for ch in certificate.winner_name if ch not in UNSAFE_IN_NAMES).strip()
    return f"{certificate.number}-{safe}.pdf"


def pdf_of(certificate: Certificate) -> bytes:
    """The certificate's PDF: the stored file, else rendered now and stored (what it says never changes)."""
    if certificate.pdf:
        try:
            with certificate.pdf.open("rb") as stored:
                return stored.read()
        except FileNotFoundError:
            pass
    data = render(certificate)
    certificate.pdf.save(file_name(certificate), ContentFile(data), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return data


# -- the batch of a cycle ----------------------------------------------------------------------
BATCH_STALE_AFTER = datetime.timedelta(minutes=30)  # a batch queued or running longer than this is given up

def printable(cycle: Cycle):
    """The cycle's certificates to print: live (not superseded) and not revoked, by number."""
    return (Certificate.objects.filter(application__cycle=cycle, superseded_by__isnull=True, revoked_on__isnull=True)
            .order_by("number"))


def start_batch(cycle: Cycle, *, actor) -> tuple[CertificateBatch, bool]:
    """A batch making every printable certificate of the cycle: the one still running, else a new one queued.
    Returns (batch, created)."""
    running = cycle.certificate_batches.filter(
        state__in=[CertificateBatch.State.QUEUED, CertificateBatch.State.RUNNING]).first()
    if running is not None and timezone.now() - running.created_at < BATCH_STALE_AFTER:
        return running, False
    if running is not None:  # the worker died or never got it: say so, and start again
        CertificateBatch.objects.filter(pk=running.pk).update(
            state=CertificateBatch.State.FAILED, finished_at=timezone.now(),
            error=str(_("任务超时未完成（后台任务可能中断），已重新发起。")))
    total = printable(cycle).count()
    if not total:
        raise InvalidInput(_("该周期尚无可生成的荣誉证书。"))
    return CertificateBatch.objects.create(cycle=cycle, requested_by=actor, total=total), True


def run_batch(batch: CertificateBatch) -> CertificateBatch:
    """Render each printable certificate not yet rendered (batch.done counts them as it goes), then write the
    archive. Safe to run twice: done certificates are skipped, a finished batch is left as it is."""
    if batch.state == CertificateBatch.State.DONE and batch.archive:
        return batch
    items = list(printable(batch.cycle))
    CertificateBatch.objects.filter(pk=batch.pk).update(state=CertificateBatch.State.RUNNING, total=len(items),
                                                        done=0, error="")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, certificate in enumerate(items, start=1):
            archive.writestr(file_name(certificate), pdf_of(certificate))
            CertificateBatch.objects.filter(pk=batch.pk).update(done=done)
    batch.refresh_from_db()
    cycle = batch.cycle
    batch.archive.save(f"{cycle.city.code}-{cycle.year}-certificates.zip", ContentFile(buffer.getvalue()),
                       save=False)
    batch.state = CertificateBatch.State.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["archive", "state", "finished_at"])
    return batch


def fail_batch(batch_id: int, error: Exception) -> None:
    CertificateBatch.objects.filter(pk=batch_id).update(
        state=CertificateBatch.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000],
        finished_at=timezone.now())


def archive_name(batch: CertificateBatch) -> str:
    cycle = batch.cycle
    return f"{cycle.city.code}-{cycle.year}-{_('荣誉证书')}.zip"


# -- who may read ------------------------------------------------------------------------------
def office_certificate(user, certificate) -> access.Verdict:
    """The office of the certificate's city."""
    if certificate is None or not access.is_office(user, certificate.application.cycle.city_id):
        return access.hide(_("没有这份荣誉证书。"))
    return access.ALLOWED


def own_certificate(user, certificate) -> access.Verdict:
    """The winner's own users, and the office of the city."""
    if certificate is not None and access.is_signed_in(user):
        application = certificate.application
        if access.is_applicant_of(user, application) or access.is_office(user, application.cycle.city_id):
            return access.ALLOWED
    return access.hide(_("没有这份荣誉证书。"))


def own_award(user, application) -> access.Verdict:
    """The applicants of the application (its certificates list); the office reads through its own pages."""
    if application is not None and access.is_signed_in(user) and access.is_applicant_of(user, application):
        return access.ALLOWED
    return access.hide(_("没有这份申报。"))


def office_cycle(user, cycle) -> access.Verdict:
    """A cycle's certificates and batches: the office of its city."""
    if cycle is None or not access.is_office(user, cycle.city_id):
        return access.hide(_("没有这个评选周期。"))
    return access.ALLOWED


def office_batch(user, batch) -> access.Verdict:
    if batch is None or not access.is_office(user, batch.cycle.city_id):
        return access.hide(_("没有这项证书生成任务。"))
    return access.ALLOWED


access.register("office.certificate", office_certificate)
access.register("office.certificate_cycle", office_cycle)
access.register("office.certificate_batch", office_batch)
access.register("applicant.certificate", own_certificate)
access.register("applicant.certificates", own_award)
