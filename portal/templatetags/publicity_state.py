"""{{ publicity|publicity_state }}: upcoming, open or ended, decided by the dates (awards.domain.publicity.state)."""

from django import template

from awards.domain import publicity as publicity_domain

register = template.Library()


@register.filter
def publicity_state(publicity) -> str:
    return publicity_domain.state(publicity)
