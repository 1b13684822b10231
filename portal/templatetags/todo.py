"""{% todo_list "office" %}: the to-do list of one home (awards.domain.todo, sorted by deadline) and the links to the
user's other homes (portal.shared.homes). Rendered by templates/_todo_list.html, whose markup browser journeys use:
<ol class="todo-list"> of <li class="todo" data-deadline="YYYY-MM-DD or empty"> each with <a class="todo-link">."""

from django import template

from awards.domain import todo

from ..shared import homes

register = template.Library()


@register.inclusion_tag("_todo_list.html", takes_context=True)
def todo_list(context, home_key: str):
    user = context["request"].user
    home = homes.BY_KEY[home_key]
    return {
        "todos": todo.for_user(user, home.roles),
        "other_homes": [h for h in homes.homes_of(user) if h.key != home_key],
    }
