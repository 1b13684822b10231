"""Django's makemessages, also extracting the portal's own gettext aliases.

Some modules import gettext_lazy as _lazy and gettext_noop as N_; xgettext only knows Django's own names, so
without these keywords their strings would silently stay out of locale/*/django.po.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy", "--keyword=N_"]
