"""Experts see their deadlines: each line of the queue shows the stage's deadline (the application's stage_deadline,
from the rule file's period of the stage), and the to-do list above it the same date."""

from django.utils import formats

from ...builders.review import Review


def test_queue_line_shows_the_scoring_deadline(client, cities):
    rv = Review("wuhan")
    app = rv.application()
    assert app.stage_deadline is not None  # Wuhan's document review is bounded by its review window
    (assignment, *_others) = rv.assign(app)
    client.force_login(assignment.expert.user)
    html = client.get("/reviews/").content.decode()
    table = html.split("<table")[1]
    cell = table.split('class="deadline"')[1].split("</td>")[0]
    assert f'data-deadline="{app.stage_deadline.isoformat()}"' in cell
    assert formats.date_format(app.stage_deadline, "DATE_FORMAT") in cell
    todo_list = html.split('<ol class="todo-list">')[1].split("</ol>")[0]
    assert f'data-deadline="{app.stage_deadline.isoformat()}"' in todo_list
