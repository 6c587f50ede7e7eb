"""The docs UIs (Swagger UI at /docs, ReDoc at /redoc) served from files in a PyPI package.

The JavaScript and CSS come from ``fastapi-offline``'s ``static`` folder, so the docs work on
a machine without internet. The pages hold no inline script (Swagger UI is started by
``/docs/static/swagger-init.js``, its OAuth2 redirect page runs ``oauth2-redirect.js``; ReDoc
reads its ``<redoc spec-url>`` element), so they are
served under a strict Content-Security-Policy: scripts, styles, images and the document come
only from this origin.
"""

from __future__ import annotations

import mimetypes
import re
from functools import cache
from importlib.resources import files

from fastapi.openapi.docs import get_swagger_ui_oauth2_redirect_html
from starlette.responses import HTMLResponse, Response

STATIC_PREFIX = "/docs/static/"
_PACKAGE_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")
# Inline styles are allowed because both UIs set element styles at run time; inline or
# remote scripts, frames, plugins and remote connections are not.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_REDOC_REMOTE_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
# A small "R" badge: the page makes no request outside this origin, even offline.
_REDOC_LOCAL_LOGO = (
    b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    b"%3Crect width='16' height='16' rx='3' fill='%2332329f'/%3E%3Ctext x='8' y='12' "
    b"font-size='11' text-anchor='middle' fill='white' font-family='sans-serif'%3ER%3C/text%3E"
    b"%3C/svg%3E"
)
_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}

_SWAGGER_INIT = """\
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  persistAuthorization: true,
  displayRequestDuration: true,
  showExtensions: true,
  showCommonExtensions: true,
  oauth2RedirectUrl: window.location.origin + "/docs/oauth2-redirect",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""

_SWAGGER_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shop platform API</title>
<link rel="icon" href="/docs/static/favicon.png">
<link rel="stylesheet" href="/docs/static/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/swagger-init.js"></script>
</body>
</html>
"""

_REDOC_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shop platform API</title>
<link rel="icon" href="/docs/static/favicon.png">
</head>
<body style="margin: 0">
<redoc spec-url="/openapi.json"></redoc>
<script src="/docs/static/redoc.standalone.js"></script>
</body>
</html>
"""


_OAUTH2_REDIRECT_PAGE = """\
<!doctype html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>Swagger UI: OAuth2 Redirect</title>
</head>
<body>
<script src="/docs/static/oauth2-redirect.js"></script>
</body>
</html>
"""


@cache
def _oauth2_redirect_script() -> str:
    """FastAPI's redirect page script, moved out of the page so the strict CSP holds there too."""
    page = bytes(get_swagger_ui_oauth2_redirect_html().body).decode()
    found = re.search(r"<script>(.*)</script>", page, re.DOTALL)
    if found is None:
        raise RuntimeError("FastAPI's OAuth2 redirect page has no inline script to move")
    return found.group(1)


def swagger_page() -> Response:
    return HTMLResponse(_SWAGGER_PAGE, headers=_HEADERS)


def redoc_page() -> Response:
    return HTMLResponse(_REDOC_PAGE, headers=_HEADERS)


def oauth2_redirect_page() -> Response:
    return HTMLResponse(_OAUTH2_REDIRECT_PAGE, headers=_HEADERS)


@cache
def _asset(name: str) -> tuple[bytes, str]:
    if name == "swagger-init.js":
        return _SWAGGER_INIT.encode(), "text/javascript"
    if name == "oauth2-redirect.js":
        return _oauth2_redirect_script().encode(), "text/javascript"
    body = files("fastapi_offline").joinpath("static", name).read_bytes()
    if name == "redoc.standalone.js":  # its footer logo is the one remote fetch left
        body = body.replace(_REDOC_REMOTE_LOGO, _REDOC_LOCAL_LOGO)
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return body, "text/javascript" if name.endswith(".js") else media_type


def asset(name: str) -> Response:
    """One static file, cached by browsers for a day (its content changes only on upgrades)."""
    body, media_type = _asset(name)
    headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type=media_type, headers=headers)


ASSET_NAMES = (*_PACKAGE_ASSETS, "swagger-init.js", "oauth2-redirect.js")
