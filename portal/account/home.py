"""/home/ (URL name "home"): where a signed-in user lands after login (settings.LOGIN_REDIRECT_URL), sent on to
the home of their first role in a fixed order (portal.shared.homes); anonymous users go to the login page."""

from django.shortcuts import redirect

from ..decorators import requires
from ..shared import homes


@requires()
def dispatch(request):
    """Any signed-in user: a redirect to the home of their role (the applicant's home for a user without one)."""
    return redirect(homes.home_of(request.user).url)
