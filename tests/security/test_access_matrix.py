"""The access matrix: every URL pattern of Django's resolver × every role × GET and POST, with its path parameters
filled with rows of this city / this applicant and of another city / another applicant (tests/security/scene.py).

EXPECT says, per URL name, which roles reach the page (200, or a redirect other than to the login page) on this
side's rows and on the other side's rows. Every other role must be sent to the login page (anonymous), refused (403),
told the row does not exist (404) or told the method is not allowed (405); nobody ever gets a 500.
A URL name missing from EXPECT fails the test: add its row.
"""

from __future__ import annotations

import copy
import traceback

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import undone

ROLES = ("anonymous", "applicant", "applicant_other", "individual", "recommender", "recommender_other", "office",
         "office_other", "expert", "expert_other", "leader", "committee", "supervisor", "superuser")


def patterns(resolvers, prefix="", namespace=""):
    """(url name, route, converters) of every pattern the root URLconf resolves."""
    for p in resolvers:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from patterns(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name or route}", route, dict(p.pattern.converters)


URLS = sorted({name: (route, conv) for name, route, conv in patterns(get_resolver().url_patterns)}.items())
AB = "APpIRrOoEeLCSU"  # one letter per role, in the order of ROLES: A anonymous, P applicant of this organisation …


@pytest.fixture(autouse=True)
def _media_and_mail():
    """Replaces tests/conftest.py's per-test media folder in this module: the scene's files live in the module's
    (tests/security/conftest.py, _scene_settings)."""
    yield


# -- the expected answers ----------------------------------------------------------------------------------------------
# Per URL name: the roles (letters of AB; "*" everyone, "+" everyone signed in, "-" nobody) that reach the page on this
# side's rows, then — for a URL with path parameters — on the other side's rows. "Reach": 200, a redirect other than
# to the login page, or 400 (an allowed user's empty form refused). Everyone else: login page, 401, 403, 404 or 405.
# Django's admin: only the superuser reaches any page but its login and logout (ADMIN_OPEN).
EXPECT = {
    "account:home": "+",
    "account:otp_setup": "+",
    "account:otp_verify": "+",
    "account:password_change": "+",
    "account:password_change_done": "+",
    "account:password_reset": "*",
    "account:password_reset_complete": "*",
    "account:password_reset_confirm": "* *",
    "account:password_reset_done": "*",
    "applicant:autosave": "P p",
    "applicant:certificate_pdf": "PO po",
    "applicant:certificates": "P p",
    "applicant:check": "P p",
    "applicant:decide_join": "P p",
    "applicant:organisation": "P p",
    # the application's readers: its applicants, recommender, the city's office, committee and supervisors; not the
    # superuser, who holds no role in the city (awards/domain/documents.granted)
    "applicant:document": "PROCS pro",
    "applicant:duties": "P p",
    "applicant:edit": "P p",
    "applicant:feedback_list": "+",
    "applicant:feedback_pdf": "O o",  # scored, agreed, not yet decided: the office only
    "applicant:formal_notice": "IO o",
    "applicant:home": "+",
    "applicant:re_evaluation_request": "P p",
    "applicant:remove_document": "P p",
    "applicant:report_upload": "P p",
    "applicant:signup": "*",
    "applicant:signup_individual": "*",
    "applicant:signup_organisation": "*",
    "applicant:start": "PI p",
    "applicant:status": "P p",
    "applicant:self_assessment": "P p",
    "applicant:self_assessment_autosave": "P p",
    "applicant:self_assessment_upload": "P p",
    # the online 自评报告's PDF: its applicants and whoever may view the application (as for its documents)
    "applicant:self_assessment_pdf": "PROCS pro",
    "applicant:rate_reviewers": "- -",  # neither side's city rates its reviewers (Wuhan, Qujing)
    "applicant:submit": "P p",
    "applicant:supplement": "I -",
    "applicant:upload": "P p",
    "applicant:withdraw": "P p",
    "committee:count": "O o",
    "committee:index": "OoCS",
    "committee:open": "O o",
    "committee:re_evaluation": "C -",
    "committee:revocation_case": "C -",
    "committee:objections": "C",
    "committee:decide_objection": "C -",
    "committee:revocations": "C",
    "committee:sitting": "OCS o",
    "committee:vote": "C -",
    # a candidate's review report: the committee once it is before them; the scene's reviewed one is not yet
    "committee:candidate_report": "O o",
    "experts:autosave": "E e",
    "experts:consensus": "O o",
    "experts:declare": "E e",
    "experts:materials": "E e",
    "experts:profile": "EeL",
    "experts:queue": "+",
    "experts:sheet": "E e",
    "experts:rate": "- -",  # neither side's city has its reviewers rate the applicant
    "inbox:detail": "P p",
    "inbox:list": "+",
    "inbox:read_all": "+",
    "home": "+",  # /home/: a redirect to the home of the user's role (portal/account/home.py)
    "login": "*",
    "logout": "*",
    "office:accept": "O o",
    "office:advance": "O o",
    "office:application": "O o",
    "office:approval": "O o",
    "office:approval_record": "O o",
    "office:certificate_archive": "O o",
    "office:certificate_batch": "O o",
    "office:certificate_batch_start": "O o",
    "office:certificate_pdf": "O o",
    "office:certificates": "O o",
    # neither city of the scene has a satisfaction survey (Chenzhou) or a public comment period (Ordos): refused
    # to everyone here; their readers reach them in tests/portal/office/test_panels.py and
    # tests/portal/public/test_comments.py
    "office:comments": "- -",
    "office:decision_file": "O o",
    "office:document_access": "O o",
    "office:duties": "O o",
    "office:experts": "Oo",
    "office:expert": "OS o",
    "office:expert_disqualify": "O o",
    "office:expert_review": "OS o",
    "office:export": "O o",
    "office:failed_emails": "O o",
    "office:cycles": "O o",
    "office:self_assessment_limit": "O o",  # POST only: the cycle's own office
    "office:home": "Oo",
    "office:ledger": "O o",
    "office:objections": "O o",
    "office:complaints": "OS o",  # the receiving body (the office) and the city's supervisors, read-only
    "office:complaint": "O o",
    "office:panel": "O o",
    "office:panel_add_member": "O o",
    "office:panel_assign": "O o",
    "office:panel_leader": "O o",
    "office:panels": "Oo",
    "office:publish_comments": "O o",
    "office:queue": "O o",
    "office:ranking_board": "OS o",
    "office:ranking_confirm": "O o",
    "office:ranking_export": "OS o",
    "office:ranking_set_aside": "O o",
    "office:ranking_bring_back": "O o",
    "office:ranking_index": "OoS",
    "office:ranking_weights": "O o",
    "office:ranking_application": "OS o",
    "office:re_evaluation": "O -",
    "office:recuse": "O o",
    "office:refuse": "O o",
    "office:report_consequence": "O o",
    "office:report_file": "OP op",
    "office:request_supplement": "O o",
    "office:resend": "O o",
    "office:resolve_objection": "O o",
    "office:results": "O o",
    "office:revisit": "O o",
    "office:revisit_plan": "O o",
    "office:revocation_case": "O o",
    "office:revocation_evidence": "OC o",
    "office:revocation_open": "O o",
    "office:revocations": "O o",
    "office:save_check": "O o",
    "office:survey": "- -",  # no satisfaction survey in this scene (see office:comments)
    # the 届's supervisory group: neither city of the scene has one (Jinan's; Qujing's 监察部门 has no group), so 404 to
    # its office too; reached in tests/portal/office/test_supervision.py
    "office:supervision": "- -",
    "office:supervision_dissolve": "- -",
    "office:survey_advance": "O o",
    "health": "*",  # the proxy's probe (portal/public/health.py)
    # the open-data API (portal/api): read-only and public; its root lists nothing (404), the docs page links the JSON
    "api:api-root": "-", "api:docs": "*", "api:openapi-json": "*", "api:cities": "*", "api:city_rules": "* *",
    "api:calls": "*", "api:publicity_list": "*", "api:publicity_detail": "* *", "api:publicity_download": "* *",
    "api:winners": "*", "api:winners_download": "*", "api:certificate": "* *",
    "public:announcement": "* *",
    "public:announcements": "*",
    "public:reviewer_notices": "*",
    "public:city_list": "*",
    "public:city_rules": "* *",
    "public:comment_form": "- -",  # no public comment period in this scene (see office:comments)
    "public:comment_periods": "*",
    "public:complaints": "*",
    "public:complaint_status": "*",
    "public:objection_status": "*",
    "public:home": "*",
    "public:publicity_detail": "* *",
    "public:objection_form": "* *",  # the objection form on its own page (the publicity page is cached)
    "public:language": "* *",  # the language switch, a plain link
    "public:publicity_list": "*",
    "public:verify": "*",
    "public:verify_code": "* *",
    "public:winners": "*",
    "public:workflow_svg": "* *",
    "recommender:act": "R r",
    "recommender:detail": "R r",
    "recommender:publish": "Rr",
    "recommender:queue": "Rr",
    "recommender:resolve_objection": "R -",
    # the supervisors' pages: this side's supervisor is Wuhan's, whose measure names no supervising body (404), and may
    # not read Qujing's (403); reached in tests/portal/supervisor/test_views.py. No opinion in the scene (pk 0).
    "supervisor:index": "S",
    "supervisor:cycle": "- -",
    "supervisor:opinion": "- -",
    "supervisor:opinion_file": "- -",
}
ADMIN_OPEN = {"admin:login", "admin:logout"}

# -- how each path parameter is filled, from a side's rows (tests/security/scene.py) ----------------------------------
# "kwarg=row" takes the row's pk; "kwarg=row.attr" an attribute; "kwarg=:text" the text itself.
PARAMS = {
    "public:publicity_detail": "pk=publicity", "public:objection_form": "pk=publicity",
    "public:language": "code=:en", "public:city_rules": "code=city.code",
    "public:workflow_svg": "code=city.code", "public:comment_form": "publicity_pk=publicity",
    "public:announcement": "pk=announcement", "public:verify_code": "code=certificate.code",
    "api:city_rules": "code=city.code", "api:publicity_detail": "pk=publicity",
    "api:publicity_download": "pk=publicity", "api:certificate": "code=certificate.code",
    "inbox:detail": "pk=notice", "account:password_reset_confirm": "uidb64=:MQ token=:set-password",
    "applicant:decide_join": "pk=join", "applicant:organisation": "pk=draft.organisation_id",
    "applicant:start": "cycle_pk=cycle", "applicant:edit": "pk=draft",
    "applicant:autosave": "pk=draft", "applicant:upload": "pk=draft",
    "applicant:remove_document": "pk=draft doc_pk=draft_doc", "applicant:check": "pk=draft",
    "applicant:submit": "pk=draft", "applicant:status": "pk=winner", "applicant:withdraw": "pk=at_check",
    "applicant:document": "doc_pk=check_doc", "applicant:supplement": "pk=personal",
    "applicant:formal_notice": "pk=formal_notice", "applicant:feedback_pdf": "app_pk=scored",
    "applicant:certificates": "pk=winner", "applicant:certificate_pdf": "pk=certificate",
    "applicant:duties": "pk=winner", "applicant:report_upload": "pk=report",
    "applicant:re_evaluation_request": "pk=winner",
    "applicant:self_assessment": "pk=draft", "applicant:self_assessment_autosave": "pk=draft",
    "applicant:self_assessment_upload": "pk=draft key=:4.1.1", "applicant:self_assessment_pdf": "pk=winner",
    "office:self_assessment_limit": "pk=cycle",
    "recommender:detail": "pk=at_check", "recommender:act": "pk=at_check",
    "recommender:resolve_objection": "pk=winner objection_pk=local_objection",
    "office:queue": "city=city.code status=:eligibility", "office:export": "city=city.code status=:eligibility",
    "office:failed_emails": "city=city.code", "office:cycles": "city=city.code",
    "office:document_access": "city=city.code", "office:application": "pk=at_check",
    "office:save_check": "pk=at_check", "office:accept": "pk=at_check", "office:request_supplement": "pk=at_check",
    "office:refuse": "pk=at_check", "office:resend": "pk=notice", "office:objections": "city=city.code",
    "office:resolve_objection": "pk=objection", "office:panel": "pk=panel", "office:panel_assign": "pk=panel",
    "office:panel_add_member": "pk=panel", "office:recuse": "pk=panel", "office:panel_leader": "pk=panel",
    "office:advance": "pk=panel app_pk=reviewed", "office:results": "pk=cycle", "office:survey": "app_pk=reviewed",
    "office:survey_advance": "app_pk=reviewed", "office:publish_comments": "pk=cycle",
    "office:comments": "publicity_pk=publicity", "office:ranking_board": "cycle_pk=cycle",
    "office:ranking_confirm": "cycle_pk=cycle", "office:ranking_export": "cycle_pk=cycle",
    "office:ranking_set_aside": "cycle_pk=cycle",
    "office:ranking_bring_back": "cycle_pk=cycle", "office:ranking_weights": "cycle_pk=cycle award_kind=:award_kind",
    "office:ranking_application": "cycle_pk=cycle app_pk=reviewed",
    "office:approval": "city=city.code", "office:approval_record": "city=city.code",
    "office:decision_file": "pk=decision",
    "office:certificates": "city=city.code", "office:certificate_batch_start": "cycle_pk=cycle",
    "office:certificate_batch": "pk=batch", "office:certificate_archive": "pk=done_batch",
    "office:certificate_pdf": "pk=certificate", "office:ledger": "city=city.code", "office:duties": "city=city.code",
    "office:report_consequence": "pk=report", "office:report_file": "pk=handed_in", "office:revisit_plan": "pk=winner",
    "office:revisit": "pk=revisit", "office:re_evaluation": "pk=re_evaluation", "office:revocations": "city=city.code",
    "office:revocation_open": "pk=winner", "office:revocation_case": "pk=case", "office:revocation_evidence": "pk=step",
    "experts:declare": "pk=assignment", "experts:materials": "pk=assignment", "experts:sheet": "pk=assignment",
    "experts:autosave": "pk=assignment", "experts:consensus": "panel_pk=panel app_pk=reviewed",
    "experts:rate": "pk=assignment", "applicant:rate_reviewers": "pk=winner",
    "office:expert": "pk=pool_expert", "office:expert_disqualify": "pk=pool_expert",
    "office:expert_review": "city=city.code year=:2026",
    "committee:sitting": "cycle_pk=cycle", "committee:open": "cycle_pk=cycle",
    "committee:vote": "cycle_pk=cycle app_pk=reviewed", "committee:candidate_report": "cycle_pk=cycle app_pk=reviewed",
    "committee:count": "cycle_pk=cycle",
    "committee:revocation_case": "pk=case", "committee:re_evaluation": "pk=re_evaluation",
    "committee:decide_objection": "pk=city_objection",
    "office:complaints": "city=city.code", "office:complaint": "pk=complaint",
    "office:supervision": "cycle_pk=cycle", "office:supervision_dissolve": "cycle_pk=cycle",
    "supervisor:cycle": "cycle_pk=cycle", "supervisor:opinion": "cycle_pk=cycle", "supervisor:opinion_file": "pk=:0",
}


def fill(route: str, spec: str, side) -> str:
    """The route with its parameters filled from the side's rows."""
    values = {}
    for part in spec.split():
        key, source = part.split("=", 1)
        if source.startswith(":"):
            source = source[1:]
            values[key] = side.rows.get(source, source)
            continue
        row_name, _, attr = source.partition(".")
        row = side.rows[row_name]
        values[key] = 0 if row is None else getattr(row, attr) if attr else row.pk
    path = route
    for key, value in values.items():
        path = _replace(path, key, str(value))
    return "/" + path


def _replace(route: str, key: str, value: str) -> str:
    start = route.index("<")
    while True:
        end = route.index(">", start)
        if route[start + 1:end].split(":")[-1] == key:
            return route[:start] + value + route[end + 1:]
        start = route.index("<", end)


def admin_path(name: str) -> str:
    """An admin URL: a row's page takes the model's first row (or pk 0), the app list the awards app."""
    short = name.split(":", 1)[1]
    if "(?P<url>" in short:  # the catch-all: a page that does not exist
        return "/admin/no-such-page/"
    if "<" in short:  # a row's bare URL (it redirects to the row's change page)
        return "/admin/" + short.replace("<path:object_id>", "1")
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if short.startswith(prefix):
            if short[len(prefix):] in ("changelist", "add"):
                return reverse(name)
            row = model._default_manager.order_by("pk").first()
            return reverse(name, args=[row.pk if row else 0])
    if short == "app_list":
        return reverse(name, kwargs={"app_label": "awards"})
    if short == "view_on_site":
        return reverse(name, args=[1, 1])
    return reverse(name)


def answer(client, method: str, path: str) -> str:
    """What one request got, in the matrix's words: ok, login, 403, 404, 405, 400, or 500 with the traceback's
    last line of ours."""
    cookies = copy.deepcopy(client.cookies)  # a POST to the logout page must not sign the role out for good
    try:
        with undone():
            response = client.get(path) if method == "GET" else client.post(path, {})
    except Exception as exc:  # noqa: BLE001 -- a server error is what the matrix looks for
        ours = [f for f in traceback.extract_tb(exc.__traceback__) if "/.venv/" not in f.filename]
        where = f"{ours[-1].filename}:{ours[-1].lineno}" if ours else "?"
        return f"500 {type(exc).__name__}: {str(exc)[:120]} at {where}"
    finally:
        client.cookies = cookies
    status = response.status_code
    if status in (301, 302, 303):
        target = response.headers.get("Location", "")
        return "login" if "/login/" in target else "ok"
    if status == 200:
        return "ok"
    return str(status)


def requests_for(name, route, scene):
    """(side, path) pairs of one URL name: this side's rows, and the other side's when it takes parameters."""
    if name.startswith("admin:"):
        return [("this", admin_path(name))]
    if "<" not in route:
        return [("this", "/" + route)]
    spec = PARAMS.get(name)
    assert spec is not None, f"{name}: add how its path parameters are filled to PARAMS"
    return [("this", fill(route, spec, scene.this)), ("other", fill(route, spec, scene.other))]


def observe(scene, clients, name, route, roles=ROLES):
    """{side: {role: {method: answer}}} for one URL name."""
    seen = {}
    for side, path in requests_for(name, route, scene):
        seen[side] = {role: {m: answer(clients[role], m, path) for m in ("GET", "POST")} for role in roles}
    return seen


def roles_of(code: str) -> set[str]:
    if code == "*":
        return set(ROLES)
    if code == "+":
        return set(ROLES) - {"anonymous"}
    if code == "-":
        return set()
    return {ROLES[AB.index(letter)] for letter in code}


REACHED = {"ok", "400"}
REFUSED = {"login", "401", "403", "404", "405"}


def check_url(scene, clients, name, route) -> list[str]:
    """The differences between what each role got and EXPECT, for one URL name."""
    problems = []
    if name.startswith("admin:"):
        for _side, path in requests_for(name, route, scene):
            for role in ROLES:
                # GET only: the admin's own check (is_staff) is the same for every method; the superuser's
                # POSTs to the add forms are tests/security/test_fuzz.py's
                for method in ("GET",):
                    got = answer(clients[role], method, path)
                    if got.startswith("500"):
                        problems.append(f"{method} {path} as {role}: {got}")
                    elif got in REACHED and role != "superuser" and name not in ADMIN_OPEN:
                        problems.append(f"{method} {path} as {role}: reached an admin page ({got})")
        return problems
    assert name in EXPECT, f"{name} ({route}) has no row in EXPECT (tests/security/test_access_matrix.py): add it"
    codes = EXPECT[name].split()
    for (side, path), code in zip(requests_for(name, route, scene), codes, strict=True):
        allowed = roles_of(code)
        for role in ROLES:
            answers = {m: answer(clients[role], m, path) for m in ("GET", "POST")}
            for method, got in answers.items():
                if got.startswith("500"):
                    problems.append(f"{method} {path} ({side}) as {role}: {got}")
                elif role not in allowed and got not in REFUSED:
                    problems.append(f"{method} {path} ({side}) as {role}: got {got}, expected a refusal")
            if role in allowed and not REACHED & set(answers.values()):
                problems.append(f"{path} ({side}) as {role}: expected to reach the page, got {answers}")
    return problems


@pytest.mark.parametrize("name, route", [(n, r) for n, (r, _c) in URLS], ids=[n for n, _r in URLS])
def test_every_url_answers_every_role_as_expected(open_db, clients, name, route):
    problems = check_url(open_db, clients, name, route)
    assert not problems, "\n".join(problems)


def test_the_table_names_only_urls_that_exist():
    names = {n for n, _r in URLS}
    assert not set(EXPECT) - names, f"rows for URLs that no longer exist: {sorted(set(EXPECT) - names)}"
    assert not set(PARAMS) - names, f"parameters for URLs that no longer exist: {sorted(set(PARAMS) - names)}"
