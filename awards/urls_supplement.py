"""URLs of the supplement round trip (补正): the applicant's answer to the office's request (namespace "supplement").

Also the formal notices (受理/补正/不予受理通知书) of intake decisions, for the applicant and the office.
"""

from django.urls import path

from .views import supplement

app_name = "supplement"

urlpatterns = [
    path("<int:pk>/", supplement.answer, name="answer"),
    path("notices/<int:pk>/pdf/", supplement.formal_notice, name="formal_notice"),
]
