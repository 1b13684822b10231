"""URLs of the supplement round trip (补正): the applicant's answer to the office's request (namespace "supplement")."""

app_name = "supplement"

urlpatterns = []
