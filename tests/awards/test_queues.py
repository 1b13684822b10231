"""awards.domain.queues: one office queue per stage the rules give the office."""

from awards.domain import queues


def test_office_stages_follow_the_city_rules(ordos):
    stages = [s.status for s in queues.office_stages(ordos.cycle.rules)]
    assert stages == ["eligibility", "supplement_requested", "document_review", "site_review", "ranking",
                      "committee_decision", "government_approval"]
    assert queues.office_stages(ordos.cycle.rules)[0].label == "资格初审"  # Ordos' own wording
