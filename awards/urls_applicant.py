"""URLs of the applicant area (namespace "applicant")."""

app_name = "applicant"

urlpatterns = []
