"""The app as a whole: its OpenAPI document declares every route's errors."""

PUBLIC = {("post", "/providers/{provider_name}/callback"), ("get", "/checkout/{session_id}"),
          ("post", "/checkout/{session_id}")}  # fmt: skip


async def test_every_route_declares_its_error_responses(client):
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    operations = [
        (method, path, spec)
        for path, item in response.json()["paths"].items()
        for method, spec in item.items()
    ]
    assert len(operations) == 19
    for method, path, spec in operations:
        errors = {code for code in spec["responses"] if code.startswith(("4", "5"))}
        assert errors - {"422"}, f"{method.upper()} {path} declares no error responses"
        if (method, path) not in PUBLIC:
            assert "401" in errors, f"{method.upper()} {path} does not declare 401"


async def test_health(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
