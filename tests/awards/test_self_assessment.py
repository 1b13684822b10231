"""awards.domain.self_assessment: the count, saving with versions (a stale save kept, not applied), the limit and
what the intake check asks of the online report."""

import pytest

from awards.domain import self_assessment as report
from awards.models import SelfAssessmentRevision, SelfAssessmentSection
from core.errors import InvalidInput

from .. import factories
from ..builders.intake import PUBLISHED, TODAY, applicant_of
from ..builders.journeys import travel

OUTLINE = [report.OutlineItem("A1", "质量理念", 50, "A 素质"), report.OutlineItem("B1", "成果", 50, "B 业绩")]


@pytest.fixture
def draft(cities):
    with travel(TODAY):
        return factories.application_for(factories.cycle_for("chenzhou", published=PUBLISHED))


def test_count_ignores_white_space():
    assert report.count("质量 管理\n体系\t") == 6 and report.count("") == 0


def test_versions_keep_a_stale_text_without_applying_it(draft):
    user = applicant_of(draft)
    rows = report.ensure_sections(draft, OUTLINE)
    assert [r.item_key for r in rows] == ["A1", "B1"] and report.ensure_sections(draft, OUTLINE)[0].pk == rows[0].pk
    assert report.save(draft, {"A1": ("第一稿", 0)}, user).versions == {"A1": 1}
    stale = report.save(draft, {"A1": ("另一页面", 0)}, user)
    assert stale.versions == {} and stale.conflicts[0].theirs == "第一稿" and stale.conflicts[0].yours == "另一页面"
    assert SelfAssessmentSection.objects.get(application=draft, item_key="A1").text == "第一稿"
    assert SelfAssessmentRevision.objects.filter(stale=True).get().text == "另一页面"
    assert report.save(draft, {"A1": ("第一稿", 0)}, user).conflicts == []  # the same text is no conflict
    with pytest.raises(InvalidInput):
        report.save(draft, {"Z1": ("x", 0)}, user)


def test_missing_asks_for_every_section_within_the_limit(draft):
    user = applicant_of(draft)
    assert "也未在线填写" in report.missing(draft)[0]
    report.ensure_sections(draft, OUTLINE)
    report.save(draft, {"A1": ("好" * 10, 0)}, user)
    assert "B1 成果" in report.missing(draft)[0]
    report.save(draft, {"B1": ("好" * 10, 0)}, user)
    assert report.missing(draft) == []
    draft.cycle.self_assessment_max_chars = 15
    assert "超过规定的15字" in report.missing(draft)[0]
    saved = report.save(draft, {"B1": ("好" * 11, 1)}, user)
    assert saved.over_limit and saved.total == 21  # kept all the same
