from django.urls import include, path

from .views import inbox, public

urlpatterns = [
    path("", public.home, name="home"),
    path("publicity/", public.publicity_list, name="publicity_list"),
    path("publicity/<int:pk>/", public.publicity_detail, name="publicity_detail"),
    path("winners/", public.winners, name="winners"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbox.notice_detail, name="notice_detail"),
    path("inbox/read-all/", inbox.mark_all_read, name="inbox_read_all"),
    # Each area keeps its own url module (namespaced), so work on one does not touch the others.
    path("apply/", include("awards.urls_applicant")),
    path("recommend/", include("awards.urls_recommender")),
    path("office/", include("awards.urls_office")),
    path("supplement/", include("awards.urls_supplement")),
]
