"""The text that governs a cycle, for the public pages (the call, the rules page, publicities): its title and,
where it is a draft or not in force on the day the call was published, that it is, with the article."""

from django import template

from awards.domain.cycles import governing_text

register = template.Library()


@register.filter
def governing(cycle) -> dict:
    return governing_text(cycle)
