"""honours.tasks: a cycle's certificates in one job (progress, the zip archive, safe to run again), and the daily
duties task."""

import datetime
import io
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage

from core.errors import InvalidInput
from honours import tasks
from honours.domain import certificates
from honours.models import CertificateBatch

from ..builders.certified import Winners
from ..builders.journeys import travel
from ..builders.pdftext import pdf_text, squeeze

TODAY = datetime.date(2026, 9, 14)


@pytest.fixture
def three_winners(cities):
    with travel(TODAY):
        chenzhou = Winners("chenzhou")
        made = [chenzhou.award() for _i in range(3)]
    return chenzhou, made


def zip_names(batch):
    batch.refresh_from_db()
    with batch.archive.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_batch_renders_every_live_certificate_then_zips_them(three_winners):
    chenzhou, made = three_winners
    with travel(TODAY):
        certificates.mark_revoked(made[2][0], on=TODAY, article="第二十五条")  # not printed any more
        batch, created = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
        assert created and (batch.state, batch.total, batch.done) == (CertificateBatch.State.QUEUED, 2, 0)
        assert tasks.make_certificate_batch(batch.pk) == "done"
    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.total, batch.error) == (CertificateBatch.State.DONE, 2, 2, "")
    assert batch.finished_at is not None
    files = zip_names(batch)
    expected = {certificates.file_name(c): (a, c) for a, c in made[:2]}
    assert set(files) == set(expected)
    for name, (application, certificate) in expected.items():
        assert name == f"{certificate.number}-{application.organisation.name}.pdf"
        text = squeeze(pdf_text(files[name]))
        assert certificate.number in text and application.organisation.name in text
        certificate.refresh_from_db()
        assert certificate.pdf.name  # each certificate keeps its rendered PDF


def test_running_again_skips_what_is_done_and_a_finished_batch_stays(three_winners):
    chenzhou, made = three_winners
    with travel(TODAY):
        first = certificates.pdf_of(made[0][1])  # rendered earlier (e.g. downloaded by the winner)
        batch, _created = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
        tasks.make_certificate_batch(batch.pk)
        batch.refresh_from_db()
        archive_name = batch.archive.name
        assert tasks.make_certificate_batch(batch.pk) == "done"
    batch.refresh_from_db()
    assert batch.archive.name == archive_name
    made[0][1].refresh_from_db()
    assert zip_names(batch)[certificates.file_name(made[0][1])] == first


def test_one_batch_at_a_time_per_cycle(three_winners):
    chenzhou, _made = three_winners
    batch, created = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
    again, created_again = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
    assert created and not created_again and again == batch


def test_a_batch_the_worker_never_finished_is_given_up_and_started_again(three_winners):
    chenzhou, _made = three_winners
    with travel(TODAY):
        stuck, _created = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
    with travel(TODAY + datetime.timedelta(days=1)):
        fresh, created = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
    stuck.refresh_from_db()
    assert created and fresh != stuck
    assert stuck.state == CertificateBatch.State.FAILED and "任务超时" in stuck.error


def test_a_cycle_without_certificates_has_no_batch(cities):
    with travel(TODAY):
        empty = Winners("ordos")
    with pytest.raises(InvalidInput, match="尚无可生成"):
        certificates.start_batch(empty.cycle, actor=empty.cast.office)


def test_a_failure_is_kept_on_the_batch_and_a_rerun_resumes(three_winners, monkeypatch):
    chenzhou, made = three_winners
    with travel(TODAY):
        batch, _created = certificates.start_batch(chenzhou.cycle, actor=chenzhou.cast.office)
        real_save = FileSystemStorage.save

        def disk_full(storage, name, content, max_length=None):
            if "certificatebatch" in name:
                raise OSError("No space left on device")
            return real_save(storage, name, content, max_length=max_length)

        monkeypatch.setattr(FileSystemStorage, "save", disk_full)
        assert tasks.make_certificate_batch(batch.pk) == "failed"
        batch.refresh_from_db()
        assert batch.state == CertificateBatch.State.FAILED and "No space left on device" in batch.error
        assert batch.done == 3  # every PDF was made before the archive failed
        monkeypatch.undo()
        assert tasks.make_certificate_batch(batch.pk) == "done"
    batch.refresh_from_db()
    assert batch.state == CertificateBatch.State.DONE and batch.error == ""
    assert len(zip_names(batch)) == 3


def test_a_missing_batch_is_nothing_to_do(db):
    assert tasks.make_certificate_batch(987654) == "missing"


def test_duties_daily_runs_the_three_duties(cities):
    with travel(TODAY):
        assert tasks.duties_daily() == {"due_reminders": 0, "expiry_reminders": 0, "overdue": 0}
