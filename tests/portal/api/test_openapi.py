"""Walk the OpenAPI document: every path it lists is requested with parameters from the seeded world, and each
JSON answer is validated against the schema the document gives for it (jsonschema: the document is OpenAPI 3.1,
whose schemas are JSON Schema 2020-12, so a plain validator checks them without a second tool's own client)."""

import jsonschema
import pytest

from ...builders.journeys import travel
from .conftest import TODAY


def filled(path: str, world) -> str:
    notice, certificate, application = world
    values = {"code": "chenzhou", "pk": str(notice.pk)}
    if path.startswith("/api/v1/certificates/"):
        values["code"] = certificate.code
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def validate(document, schema, body):
    jsonschema.Draft202012Validator({**schema, "components": document["components"]}).validate(body)


def test_every_path_answers_as_its_schema_says(client, world):
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"].startswith("质量奖开放数据")
    paths = document["paths"]
    assert len(paths) >= 8
    for path, operations in paths.items():
        operation = operations["get"]
        assert set(operations) == {"get"}, f"{path}: the API is read-only"
        with travel(TODAY):
            response = client.get(filled(path, world))
        assert response.status_code == 200, (path, response.content[:300])
        content = operation["responses"]["200"]["content"]
        kind = response["Content-Type"].split(";")[0]
        assert kind in content, (path, kind)
        if kind == "application/json":
            validate(document, content[kind]["schema"], response.json())
        assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/api/v1/cities/nowhere/rules", "/api/v1/certificates/NOSUCH99",
                                  "/api/v1/publicity/999999", "/api/v1/publicity/999999/download"])
def test_unknown_rows_are_a_chinese_404_in_the_error_schema(client, cities, path):
    response = client.get(path)
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail)


def test_bad_parameters_are_refused_in_chinese(client, cities):
    response = client.get("/api/v1/winners?year=abc")
    assert response.status_code == 422
    assert "参数" in response.json()["detail"]


def test_the_docs_page_is_a_portal_page_listing_every_path_and_no_inline_script(client, cities):
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200 and 'href="openapi.json"' in page
    assert "开放数据接口" in page and 'href="/publicity/"' in page  # the portal's header: no dead end
    for path in client.get("/api/v1/openapi.json").json()["paths"]:
        assert f"GET {path}" in page
    assert "<code>limit</code>" in page and "每页条数" in page and "城市代码" in page
    assert "<script>" not in page and "<script " not in page.replace('<script src="/static/', "")
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert "public" in response["Cache-Control"]


def test_a_signed_in_readers_docs_page_is_not_public_to_a_proxy(client, cities):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("docs-reader"))
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and "public" not in response.get("Cache-Control", "")


def test_writing_is_refused(client, cities):
    assert client.post("/api/v1/cities").status_code == 405
