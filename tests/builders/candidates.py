"""Plain-data ranking candidates for the pure scoring and quota tests: the five cities' rules, a method per
award, seats per quota, candidates with stage scores (no database)."""

from datetime import datetime
from decimal import Decimal as D

from cities.loader import load_all
from reviews.domain.ranking.quotas import Seats
from reviews.domain.ranking.scores import Candidate, Method, combine

RULES = load_all()
T0 = datetime(2026, 4, 1, 9, 0)


def method(rules, kind="mayor_org", full=1000, stage_full=None, **override):
    award = rules.award_kind(kind)
    weights = {k.value: D(str(w)) for k, w in rules.ranking.weights[award.applicant_kind].value.items()}
    return Method(
        weights=override.get("weights", weights),
        stage_full_marks=stage_full or {s: (100 if s in ("hearing", "satisfaction_survey") else full) for s in weights},
        full_marks=D(full),
        threshold=D(str(award.threshold.value)) if award.threshold else None,
    )


def seats_of(rules, key, used=0, sme_used=0):
    q = next(q for q in rules.quotas if q.key == key)
    return Seats(key, tuple(q.award_kinds), q.maximum.value, used,
                 q.reserved_for_sme.value if q.reserved_for_sme else 0, sme_used, q.may_stay_empty.value, q.exact)


def cand(i, kind="mayor_org", minute=0, ref=None, **scores_and_flags):
    flags = {k: scores_and_flags.pop(k) for k in ("is_sme", "repeat_winner") if k in scores_and_flags}
    return Candidate(id=i, award_kind=kind, reference=ref or f"R-{i:03d}", submitted_at=T0.replace(minute=minute),
                     stage_scores={k: D(str(v)) for k, v in scores_and_flags.items()}, **flags)


# -- the five cities' quotas ------------------------------------------------------------------------------
def ranked_orgs(rules, scores, kind="mayor_org", **flags_by_id):
    m = method(rules, kind)
    stages = list(m.stages)
    return [combine(cand(i, kind, **{s: sc for s in stages}, **flags_by_id.get(f"c{i}", {})), m)
            for i, sc in enumerate(scores, start=1)]


# -- every quota key of the five cities ---------------------------------------------------------------------------
def ranked_people_or_orgs(rules, kind, count, first=1, **flags_by_id):
    """`count` complete candidates of `kind`, best first, all above any score line."""
    award = rules.award_kind(kind)
    if award.applicant_kind == "individual":
        weights = rules.ranking.weights["individual"].value
        m = method(rules, kind, full=100, stage_full={k.value: 100 for k in weights})
        scores = [D("99") - D("0.5") * i for i in range(count)]
    else:
        m = method(rules, kind)
        scores = [D("990") - 5 * i for i in range(count)]
    return [combine(cand(first + i, kind, **{s: sc for s in m.stages}, **flags_by_id.get(f"c{first + i}", {})), m)
            for i, sc in enumerate(scores)]


# -- repeat winners outside the quota, per award kind -------------------------------------------------------------
def repeat_flags(rules):
    return {k.key: rules.repeat_outside(k.key).value for k in rules.award_kinds}
