"""Reading a home's to-do list (templates/_todo_list.html) as a person reads it: its lines in order."""

import re

TODO = re.compile(r'<li class="todo" data-deadline="([0-9-]*)"><a class="todo-link" href="([^"]+)">([^<]+)</a>')


def todos(html: str) -> list[tuple[str, str, str]]:
    """(deadline, href, what) of each line of the page's to-do list."""
    return [(d, h.replace("&amp;", "&"), w) for d, h, w in TODO.findall(html)]
