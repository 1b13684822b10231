"""The open-data API (/api/v1/): read-only, public, cached, rate-limited; its OpenAPI document at openapi.json."""
