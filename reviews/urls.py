from django.urls import path

from .views import consensus, expert, office, public

app_name = "reviews"
urlpatterns = [
    # experts
    path("", expert.queue, name="queue"),
    path("profile/", expert.profile, name="profile"),
    path("tasks/<int:pk>/declare/", expert.declare, name="declare"),
    path("tasks/<int:pk>/materials/", expert.materials, name="materials"),
    path("tasks/<int:pk>/sheet/", expert.sheet, name="sheet"),
    path("tasks/<int:pk>/autosave/", expert.autosave, name="autosave"),
    path("panels/<int:panel_pk>/applications/<int:app_pk>/consensus/", consensus.consensus_page, name="consensus"),
    # office
    path("office/experts/", office.expert_pool, name="experts"),
    path("office/panels/", office.panel_list, name="panels"),
    path("office/panels/<int:pk>/", office.panel_detail, name="panel"),
    path("office/panels/<int:pk>/assign/", office.panel_assign, name="panel_assign"),
    path("office/panels/<int:pk>/members/", office.panel_add_member, name="panel_add_member"),
    path("office/panels/<int:pk>/recuse/", office.recuse, name="recuse"),
    path("office/panels/<int:pk>/leader/", office.panel_leader, name="panel_leader"),
    path("office/panels/<int:pk>/applications/<int:app_pk>/advance/", office.advance, name="advance"),
    path("office/cycles/<int:pk>/results/", office.cycle_results, name="results"),
    path("office/applications/<int:app_pk>/survey/", office.survey, name="survey"),
    path("office/comments/<int:publicity_pk>/", office.comments, name="office_comments"),
    # public
    path("comments/", public.comment_periods, name="comment_periods"),
    path("comments/<int:publicity_pk>/", public.comment_form, name="comment_form"),
]

# ranking, committee vote and feedback report (reviews/urls_ranking.py)
from . import urls_ranking  # noqa: E402

urlpatterns += urls_ranking.urlpatterns
