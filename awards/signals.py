"""What the lifecycle tells the rest of the house, once the change is committed (pretalx's submission signals).

The awards app never imports its listeners: awards.tasks queues notices and e-mails on these; other apps may
listen too. All but applications_updated are sent from `transaction.on_commit`, so a listener never sees a change
that was rolled back.
"""

from django.dispatch import Signal

# An application changed status. Sent with `entry`: the AuditEntry that lifecycle.perform wrote (who, in which
# role, from, to, why, the article). Sender: awards.models.Application.
transition_done = Signal()

# The outcome of an objection to a publicity was recorded. Sent with `objection`. Sender: awards.models.Objection.
objection_resolved = Signal()

# A complaint about the process was answered (awards.domain.complaints). Sent with `complaint` and `notice_ids` (the
# inbox notices still to e-mail). Sender: awards.models.Complaint.
complaint_answered = Signal()

# Inbox notices were written outside a transition (e.g. an objection waiting for another body's step). Sent with
# `notice_ids`: those still to e-mail; awards.tasks queues them.
notices_written = Signal()

# Application rows were written by QuerySet.update (post_save is not sent for those). Sent at once, inside the
# writer's transaction, with no arguments; a listener that keeps copies bumps them (and again on commit).
# Sender: awards.models.Application.
applications_updated = Signal()
