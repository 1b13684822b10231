"""Admin for the ranking and committee records: read-only, since every row records something done
(weights set, a list confirmed, a vote, a count) and is append-only. Imported by reviews.admin."""

from django.contrib import admin

from .admin import ReadOnly, ReadOnlyInline
from .models_ranking import (
    CommitteeSitting,
    CommitteeTally,
    CommitteeVote,
    RankingWeights,
    Shortlist,
    ShortlistEntry,
)


@admin.register(RankingWeights)
class RankingWeightsAdmin(ReadOnly):
    list_display = ["cycle", "award_kind", "weights", "changed_by", "changed_at", "reason"]
    list_filter = ["cycle__city"]


class ShortlistEntryInline(ReadOnlyInline):
    model = ShortlistEntry
    fields = ["position", "application", "score", "proposed", "selected", "outside_quota", "note"]
    readonly_fields = fields


@admin.register(Shortlist)
class ShortlistAdmin(ReadOnly):
    list_display = ["cycle", "stage", "quota_key", "confirmed_by", "confirmed_at", "article"]
    list_filter = ["cycle__city", "stage"]
    inlines = [ShortlistEntryInline]


@admin.register(ShortlistEntry)
class ShortlistEntryAdmin(ReadOnly):
    list_display = ["shortlist", "position", "application", "score", "proposed", "selected", "outside_quota"]


class CommitteeTallyInline(ReadOnlyInline):
    model = CommitteeTally
    fields = ["application", "present", "votes_for", "votes_against", "abstentions", "not_voted", "passed"]
    readonly_fields = fields


@admin.register(CommitteeSitting)
class CommitteeSittingAdmin(ReadOnly):
    list_display = ["cycle", "members_total", "opened_by", "opened_at", "closed_by", "closed_at"]
    list_filter = ["cycle__city"]
    inlines = [CommitteeTallyInline]


@admin.register(CommitteeVote)
class CommitteeVoteAdmin(ReadOnly):
    list_display = ["sitting", "application", "member", "choice", "cast_at"]
    list_filter = ["sitting__cycle__city", "choice"]


@admin.register(CommitteeTally)
class CommitteeTallyAdmin(ReadOnly):
    list_display = ["sitting", "application", "present", "votes_for", "votes_against", "abstentions", "passed"]
