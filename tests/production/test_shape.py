"""The production shape, end to end over HTTP (issue 13): gunicorn, a Celery worker and Celery beat as separate
processes against their own PostgreSQL database, Redis and an S3-compatible server (moto_server).

The shape is started once for the module, because starting it is most of its cost: the probe answers, a
transition made over HTTP lands in the database and its notice is e-mailed by the worker, beat closes a publicity
whose period is over, an upload made over HTTP lands in the bucket and comes back only to its owner; and nginx with
the production caching rules (deploy/nginx/) in front keeps anonymous public pages and passes signed-in users
through. No timed assertions: the waits only bound how long a broken shape may hang, and a failure shows every
process's log.
"""

import boto3
import pytest

from tests.builders.intake import PDF

from .harness import BUCKET, Browser, Shape, ShapeFailed, configured

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(not configured(), reason="needs DATABASE_URL=postgres://... and REDIS_URL (as .ci/run sets)"),
]


@pytest.fixture(scope="module")
def shape(tmp_path_factory):
    """One shape for the module's tests: starting it is most of their cost."""
    running = Shape(tmp_path_factory.mktemp("shape"))
    try:
        running.up()
        yield running
    finally:
        running.stop()


def test_the_production_shape_over_http(shape):
    seed = shape.seed
    print("setup steps (s):", shape.timings)
    probe = Browser(shape.url).get("/health/?format=json", headers={"X-Forwarded-Proto": "http"})
    assert probe.status_code == 200, f"/health/: {probe.status_code} {probe.text[:1000]}\n{shape.report()}"
    assert "csrftoken" not in probe.cookies and "sessionid" not in probe.cookies

    # The notices of the seed's submission (queued before the worker started) are e-mailed by the worker.
    shape.wait("the worker to e-mail the submission's notices", lambda: shape.one(
        "select count(*) from awards_notice where application_id = %s and email_status = 'sent'",
        seed["submitted"])[0] >= 1, 60)

    # A transition over HTTP: the applicant withdraws the submitted application.
    submitter = Browser(shape.url)
    submitter.log_in(seed["submitter"], seed["password"])
    before = shape.one("select count(*) from awards_notice where application_id = %s", seed["submitted"])[0]
    status_page = f"/apply/{seed['submitted']}/status/"
    response = submitter.post(f"/apply/{seed['submitted']}/withdraw/", {"reason": "生产形态测试：撤回"},
                              form=status_page)
    assert response.status_code == 302, f"withdraw: {response.status_code} {response.text[:800]}"
    state = shape.one("select status from awards_application where id = %s", seed["submitted"])[0]
    assert state == "withdrawn", f"after the withdrawal over HTTP the application is {state!r}\n{shape.report()}"
    shape.wait("the worker to e-mail the withdrawal's notice", lambda: shape.one(
        "select count(*) from awards_notice where application_id = %s and email_status = 'sent'",
        seed["submitted"])[0] > before, 60)
    address = shape.one("select email from auth_user where username = %s", seed["submitter"])[0]
    shape.wait(f"an e-mail file to {address}", lambda: any(f"To: {address}" in m for m in shape.mails()), 30)

    # Beat: the seeded 公示 ended in October; the scheduled check closes it.
    shape.wait("beat to close the ended publicity", lambda: shape.one(
        "select closed_at from awards_publicity where id = %s", seed["publicity"])[0] is not None, 60)

    # An upload over HTTP lands in the bucket and comes back through the permission check.
    owner = Browser(shape.url)
    owner.log_in(seed["owner"], seed["password"])
    draft = seed["draft"]
    content = PDF + b"%shape-test"
    response = owner.post(f"/apply/{draft}/upload/", {"kind": "evidence", "secret_kind": ""},
                          form=f"/apply/{draft}/", files={"files": ("生产形态.pdf", content, "application/pdf")})
    assert response.status_code == 302, f"upload: {response.status_code} {response.text[:800]}"
    row = shape.one("select id, file from awards_document where application_id = %s order by id desc limit 1", draft)
    assert row, f"no document stored for the upload\n{shape.report()}"
    doc_id, key = row
    s3 = boto3.client("s3", endpoint_url=shape.s3_url, aws_access_key_id="shape",
                      aws_secret_access_key="shape-secret", region_name="us-east-1")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert key in keys, f"{key} not in the bucket: {keys}"

    download = owner.get(f"/apply/documents/{doc_id}/")
    assert download.status_code == 302, f"owner's download: {download.status_code} {download.text[:500]}"
    signed = download.headers["Location"]
    assert signed.startswith(shape.s3_url) and "Signature" in signed, signed
    fetched = Browser(shape.url).get(signed)  # the signed URL needs no cookie
    assert fetched.status_code == 200 and fetched.content == content, (fetched.status_code, fetched.content[:200])

    for other in (submitter, Browser(shape.url)):  # another applicant, and nobody
        refused = other.get(f"/apply/documents/{doc_id}/")
        assert refused.status_code in (302, 403, 404), refused.status_code
        assert shape.s3_url not in refused.headers.get("Location", ""), "a refused download got a signed URL"


def test_the_proxy_keeps_public_pages_and_passes_signed_in_users_through(shape):
    """nginx with deploy/nginx/portal-locations.conf: an anonymous page is stored and served again from the
    proxy's cache; a session or a language cookie always reaches gunicorn; the probe is never cached."""
    proxy = shape.proxy()
    reader = Browser(proxy)
    first, again = reader.get("/publicity/"), reader.get("/publicity/")
    assert first.status_code == again.status_code == 200, (first.status_code, first.text[:500])
    assert first.headers["X-Cache-Status"] in ("MISS", "EXPIRED") and again.headers["X-Cache-Status"] == "HIT", (
        first.headers, again.headers)
    assert again.text == first.text and "Set-Cookie" not in again.headers and not reader.cookies
    assert "公示" in again.text

    signed_in = Browser(proxy)
    signed_in.log_in(shape.seed["owner"], shape.seed["password"])
    assert "sessionid" in signed_in.cookies
    own = signed_in.get("/publicity/")
    assert own.headers["X-Cache-Status"] == "BYPASS" and own.status_code == 200
    english = Browser(proxy)
    english.cookies["django_language"] = "en"
    answer = english.get("/publicity/")
    assert answer.headers["X-Cache-Status"] == "BYPASS" and answer.text != first.text  # the English page, live

    for _ in range(2):
        probe = Browser(proxy).get("/health/?format=json")
        assert probe.status_code == 200 and probe.headers.get("X-Cache-Status", "") == "", probe.headers
    assert Browser(proxy).get("/api/v1/cities").status_code == 200
    assert Browser(proxy).get("/api/v1/cities").headers["X-Cache-Status"] == "HIT"


def test_harness_failure_message_names_what_was_awaited(tmp_path):
    """A wait that times out says what it waited for (the real test's failures read like this)."""
    idle = Shape(tmp_path)
    with pytest.raises(ShapeFailed, match="waiting for nothing"):
        idle.wait("nothing", lambda: False, timeout=0.3)
