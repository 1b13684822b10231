"""reviews.models: recusals, pledges and public comments are append-only, in Python and in the database."""

import pytest

from reviews.domain import panels
from reviews.models import Pledge, PublicComment, Recusal


def test_recusal_pledge_and_public_comment_are_append_only(half_declared):
    review, app, assignments = half_declared
    recusal = panels.record_recusal(app, assignments[2].expert, review.cast.office, reason="近亲属在申报单位任职")
    pledge = Pledge.objects.get(expert=review.leader)
    for model, row in ((Recusal, recusal), (Pledge, pledge)):
        with pytest.raises(PermissionError):
            model.objects.filter(pk=row.pk).update(article="x" if model is Recusal else None)
        with pytest.raises(PermissionError):
            model.objects.filter(pk=row.pk).delete()
        with pytest.raises(PermissionError):
            row.save()
        with pytest.raises(PermissionError):
            row.delete()
    with pytest.raises(PermissionError):
        PublicComment.objects.all().update(text="改")
    with pytest.raises(PermissionError):
        PublicComment.objects.all().delete()
    assert Recusal.objects.filter(pk=recusal.pk, reason="近亲属在申报单位任职").exists()


@pytest.mark.postgres
def test_the_database_refuses_to_change_recusals_and_pledges(half_declared):
    from django.db import DatabaseError, connection, transaction

    review, app, assignments = half_declared
    panels.record_recusal(app, assignments[2].expert, review.cast.office, reason="近亲属在申报单位任职")
    for sql in ("UPDATE reviews_recusal SET reason = 'x'", "DELETE FROM reviews_pledge"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert Recusal.objects.get().reason == "近亲属在申报单位任职" and Pledge.objects.count() == 1
