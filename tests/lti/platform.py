"""A tiny LTI 1.3 platform (an LMS) for the tests, served on 127.0.0.1 from a thread.

It answers the OIDC login with a signed id_token (as an auto-post form, like a real LMS),
publishes its key set, hands out OAuth2 tokens for a signed client assertion, and keeps the
line items and scores it is sent. `fail_scores` makes the next score posts fail (e.g. 503).
"""

from __future__ import annotations

import html
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from jwcrypto.jwk import JWK

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]


def new_key(kid: str) -> tuple[JWK, str]:
    key = JWK.generate(kty="RSA", size=2048, kid=kid)
    return key, key.export_to_pem(private_key=True, password=None).decode()


@dataclass
class TestPlatform:
    __test__ = False  # a fixture's helper, not a test class

    client_id: str = "virtlearn-client"
    deployment_id: str = "deployment-1"
    port: int = 0
    kid: str = "platform-key-1"
    tool_jwks: dict = field(default_factory=dict)
    launches: dict[str, dict[str, Any]] = field(default_factory=dict)
    line_items: list[dict[str, Any]] = field(default_factory=list)
    scores: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    fail_scores: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key, self.private_pem = new_key(self.kid)
        # Same kid, other key: what a forged or mis-registered token is signed with.
        _other, self.other_pem = new_key(self.kid)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def auth_url(self) -> str:
        return f"{self.issuer}/auth"

    @property
    def token_url(self) -> str:
        return f"{self.issuer}/token"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/jwks"

    @property
    def lineitems_url(self) -> str:
        return f"{self.issuer}/lineitems"

    def register(self) -> Any:
        """Register this platform in virtlearn, as an administrator would in the admin."""
        from lti.models import Deployment, Platform

        platform = Platform.objects.create(
            name="Test LMS",
            issuer=self.issuer,
            client_id=self.client_id,
            auth_login_url=self.auth_url,
            auth_token_url=self.token_url,
            key_set_url=self.jwks_url,
        )
        Deployment.objects.create(platform=platform, deployment_id=self.deployment_id)
        return platform

    def prepare(
        self,
        *,
        sub: str = "learner-1",
        roles: tuple[str, ...] = (LEARNER,),
        message_type: str = "LtiResourceLinkRequest",
        custom: dict[str, str] | None = None,
        ags: bool = True,
        lineitem: str | None = None,
        resource_link_id: str = "link-1",
        claims: dict[str, Any] | None = None,
        exp_in: int = 300,
        forged: bool = False,
    ) -> str:
        """Get a launch ready; returns the login_hint that starts it."""
        body: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "given_name": "Ada",
            "family_name": "Lovelace",
            "email": f"{sub}@school.test",
            f"{CLAIM}message_type": message_type,
            f"{CLAIM}version": "1.3.0",
            f"{CLAIM}deployment_id": self.deployment_id,
            f"{CLAIM}roles": list(roles),
            f"{CLAIM}context": {"id": "course-1", "title": "Virtualization 101"},
        }
        if message_type == "LtiResourceLinkRequest":
            body[f"{CLAIM}resource_link"] = {"id": resource_link_id, "title": "Linked activity"}
            body[f"{CLAIM}target_link_uri"] = "http://testserver/lti/launch/"
            if custom:
                body[f"{CLAIM}custom"] = custom
            if ags:
                body[AGS] = {"scope": SCOPES, "lineitems": self.lineitems_url}
                if lineitem:
                    body[AGS]["lineitem"] = lineitem
        else:
            body[DL] = {
                "deep_link_return_url": f"{self.issuer}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": True,
                "data": "opaque-platform-data",
            }
        body.update(claims or {})
        hint = secrets.token_hex(8)
        self.launches[hint] = {"body": body, "exp_in": exp_in, "forged": forged}
        return hint

    def id_token(self, hint: str, nonce: str) -> str:
        launch = self.launches[hint]
        now = int(time.time())
        body = {"iat": now, "exp": now + launch["exp_in"], "nonce": nonce, **launch["body"]}
        if launch["exp_in"] < 0:
            body["iat"] = now + launch["exp_in"] - 60
        pem = self.other_pem if launch["forged"] else self.private_pem
        return jwt.encode(body, pem, algorithm="RS256", headers={"kid": self.kid})

    def public_jwks(self) -> dict:
        public = json.loads(self.key.export_public())
        public.update({"alg": "RS256", "use": "sig", "kid": self.kid})
        return {"keys": [public]}

    def check_assertion(self, assertion: str) -> dict[str, Any]:
        kid = jwt.get_unverified_header(assertion).get("kid")
        keys = [k for k in self.tool_jwks.get("keys", []) if k.get("kid") == kid]
        if not keys:
            raise ValueError(f"unknown tool key {kid}")
        pem = JWK(**keys[0]).export_to_pem()
        return jwt.decode(assertion, pem, algorithms=["RS256"], audience=self.token_url)

    def decode_tool_jwt(self, token: str) -> dict[str, Any]:
        kid = jwt.get_unverified_header(token).get("kid")
        key = next(k for k in self.tool_jwks["keys"] if k["kid"] == kid)
        return jwt.decode(
            token, JWK(**key).export_to_pem(), algorithms=["RS256"], audience=self.issuer
        )


class Handler(BaseHTTPRequestHandler):
    platform: TestPlatform

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send(self, status: int, body: Any, content_type: str = "application/json") -> None:
        data = (
            body
            if isinstance(body, bytes)
            else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorized(self) -> bool:
        return self.headers.get("Authorization", "").startswith("Bearer tok-")

    def read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))

    def do_GET(self) -> None:
        platform = self.platform
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/course":  # a course page of the LMS, framing the tool
            src = html.escape(query.get("src", ""))
            page = (
                '<!doctype html><html lang="en"><head><title>Course</title></head><body>'
                f'<h1>Course</h1><iframe src="{src}" title="virtlearn" width="900" height="700">'
                "</iframe></body></html>"
            )
            self.send(200, page, "text/html")
        elif url.path == "/jwks":
            self.send(200, platform.public_jwks())
        elif url.path == "/auth":
            hint = query.get("login_hint", "")
            if query.get("client_id") != platform.client_id or hint not in platform.launches:
                self.send(400, "unknown client or login hint", "text/plain")
                return
            token = platform.id_token(hint, query["nonce"])
            page = (
                f'<form method="post" action="{html.escape(query["redirect_uri"])}">'
                f'<input type="hidden" name="id_token" value="{token}">'
                f'<input type="hidden" name="state" value="{html.escape(query["state"])}">'
                "<noscript>no script</noscript></form>"
                "<script>document.forms[0].submit()</script>"
            )
            self.send(200, page, "text/html")
        elif url.path == "/lineitems" and self.authorized():
            self.send(200, platform.line_items, "application/vnd.ims.lis.v2.lineitemcontainer+json")
        else:
            self.send(404, {"error": "not found"})

    def do_POST(self) -> None:
        platform = self.platform
        url = urlsplit(self.path)
        raw = self.read_body()
        if url.path == "/token":
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            try:
                claims = platform.check_assertion(form.get("client_assertion", ""))
            except Exception as error:
                self.send(401, {"error": "invalid_client", "error_description": str(error)})
                return
            platform.token_requests.append({"form": form, "claims": claims})
            self.send(
                200,
                {
                    "access_token": f"tok-{secrets.token_hex(4)}",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "scope": form.get("scope", ""),
                },
            )
        elif url.path == "/lineitems" and self.authorized():
            item = json.loads(raw)
            item["id"] = f"{platform.lineitems_url}/{len(platform.line_items) + 1}"
            platform.line_items.append(item)
            self.send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
        elif re.fullmatch(r"/lineitems/\d+/scores", url.path) and self.authorized():
            if platform.fail_scores:
                self.send(platform.fail_scores.pop(0), {"error": "LMS unavailable"})
                return
            platform.scores.append((f"{platform.issuer}{url.path}", json.loads(raw)))
            self.send(200, {})
        else:
            self.send(404, {"error": "not found"})


@pytest.fixture
def lti_platform() -> Iterator[TestPlatform]:
    platform = TestPlatform()
    handler = type("BoundHandler", (Handler,), {"platform": platform})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    platform.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()


def form_fields(page: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the auto-post form an LMS answers a login with."""
    action = html.unescape(re.search(r'action="([^"]*)"', page).group(1))
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', page)
    }
    return action, fields


def begin_launch(client: Any, platform: TestPlatform, hint: str) -> tuple[str, dict[str, str]]:
    """The LMS starts the login; the tool redirects to the LMS, which answers with the form."""
    response = client.post(
        "/lti/login/",
        {
            "iss": platform.issuer,
            "login_hint": hint,
            "target_link_uri": "http://testserver/lti/launch/",
            "client_id": platform.client_id,
            "lti_deployment_id": platform.deployment_id,
        },
    )
    assert response.status_code == 302, response.content
    answer = requests.get(response["Location"], timeout=10)
    assert answer.status_code == 200, answer.text
    action, fields = form_fields(answer.text)
    return urlsplit(action).path, fields


def launch(client: Any, platform: TestPlatform, hint: str) -> Any:
    path, fields = begin_launch(client, platform, hint)
    return client.post(path, fields)
