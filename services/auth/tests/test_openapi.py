"""Every route is documented with its error responses; /token documents both body types."""

PROBLEM = "application/problem+json"


async def test_every_operation_documents_problem_errors(client):
    spec = (await client.get("/openapi.json")).json()
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if path != "/.well-known/jwks.json"
    ]
    assert len(operations) >= 20
    for path, method, op in operations:
        errors = {code: r for code, r in op["responses"].items() if code.startswith("4")}
        assert errors, (method, path)
        for response in errors.values():
            assert PROBLEM in response["content"], (method, path)


async def test_token_accepts_json_and_the_oauth2_form(client):
    spec = (await client.get("/openapi.json")).json()
    content = spec["paths"]["/token"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json", "application/x-www-form-urlencoded"}
    schemes = spec["components"]["securitySchemes"]
    assert schemes["OAuth2PasswordBearer"]["flows"]["password"]["tokenUrl"] == "/api/auth/token"


async def test_documented_paths_match_the_design(client):
    spec = (await client.get("/openapi.json")).json()
    expected = {
        "/register": {"post"},
        "/token": {"post"},
        "/token/refresh": {"post"},
        "/logout": {"post"},
        "/me": {"get", "patch", "delete"},
        "/me/email": {"post"},
        "/me/password": {"post"},
        "/email-verification": {"post"},
        "/email-verification/confirm": {"post"},
        "/password-reset": {"post"},
        "/password-reset/confirm": {"post"},
        "/api-keys": {"post", "get"},
        "/api-keys/{key_id}": {"delete"},
        "/users": {"get"},
        "/users/{user_id}": {"get", "patch", "delete"},
        "/.well-known/jwks.json": {"get"},
    }
    assert {path: set(item) for path, item in spec["paths"].items()} == expected
