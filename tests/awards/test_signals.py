"""awards.signals: what the lifecycle tells the rest of the house, sent only once the change is committed."""

import pytest
from django.db import transaction
from django.utils import timezone

from awards import signals
from awards.domain import lifecycle, objections, publicity
from awards.models import Application, AuditEntry, Objection
from awards.workflow import ObjectionOutcome, Status
from demo.walk import walk_to

from .. import factories
from ..builders.journeys import Cast


@pytest.fixture
def heard():
    """Every transition_done / objection_resolved sent during the test."""
    sent = []

    def on_transition(sender, entry, **kwargs):
        sent.append(("transition", sender, entry))

    def on_objection(sender, objection, **kwargs):
        sent.append(("objection", sender, objection))

    signals.transition_done.connect(on_transition)
    signals.objection_resolved.connect(on_objection)
    yield sent
    signals.transition_done.disconnect(on_transition)
    signals.objection_resolved.disconnect(on_objection)


def _draft(code="wuhan"):
    cast = Cast(code)
    app = factories.application_for(factories.cycle_for(code, published=timezone.localdate()),
                                     recommender=cast.recommender_unit)
    return app, cast


def test_transition_done_is_sent_on_commit_with_the_audit_entry(cities, heard, django_capture_on_commit_callbacks):
    app, _cast = _draft()
    with django_capture_on_commit_callbacks(execute=True):
        entry = lifecycle.perform(app, "submit", factories.member(app.organisation))
        assert heard == []  # nothing before the commit
    assert heard == [("transition", Application, entry)]
    assert isinstance(entry, AuditEntry) and entry.to_state == Status.RECOMMENDATION


def test_no_signal_for_a_change_that_was_rolled_back(cities, heard, django_capture_on_commit_callbacks):
    app, _cast = _draft()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            lifecycle.perform(app, "submit", factories.member(app.organisation))
            raise RuntimeError("rolled back")
    assert heard == []
    assert Application.objects.get(pk=app.pk).status == Status.DRAFT


def test_objection_resolved_is_sent_on_commit(cities, heard, django_capture_on_commit_callbacks):
    app, cast = _draft("jinan")
    walk_to(app, Status.PUBLICITY, cast=cast)
    notice = publicity.publish(cycle=app.cycle, stage=Status.PUBLICITY, applications=[app], actor=cast.office)
    objection = publicity.file_objection(notice.entries.get(), name="张三", contact="13800000000", text="材料不实")
    with django_capture_on_commit_callbacks(execute=True):
        publicity.resolve_objection(objection, sustained=False, resolution="经核实不成立", actor=cast.office)
        assert heard == []  # 济南 第十七条: only a proposal so far; the leading group decides
        objections.record_step(objection, actor=cast.committee, sustain=False, text="批准")
    assert [(kind, sender) for kind, sender, _o in heard] == [("objection", Objection)]
    assert heard[0][2].outcome == ObjectionOutcome.DISMISSED
