#!/usr/bin/env python3
"""A merchant server's calls to the gateway, in Python: applyToken, inquiryUserInfo, refresh, revoke.

Written from the public Alipay+ spec with the standard library and `cryptography` (Debian's
python3-cryptography), and behaving on the wire as Alipay's Python SDK does:
  - HTTPS only, with the request line in absolute form: `POST https://host/v2/... HTTP/1.1`
    (the SDK always dials port 443; here the port of GATEWAY_URL, so a test can use another);
  - the signature covers the path only, never the scheme and host;
  - the response headers are looked up by exact, lower-case name (`signature`, `response-time`,
    `client-id`), and a missing one is an error, never a skipped check;
  - keys as the SDK takes them: the merchant's private key as PKCS#1 PEM, the platform's public key
    as one line of base64 (SPKI).

Environment: GATEWAY_URL (https://127.0.0.1:7704), CA_FILE (the sandbox's tls/ca.pem), CLIENT_ID,
APP_ID, AUTH_CODE, MERCHANT_PRIVATE_KEY_FILE (PKCS#1 PEM), PLATFORM_PUBLIC_KEY (one-line base64).
Prints one JSON object with each step's resultCode; exits 1 naming the step that failed.
"""
import base64
import http.client
import json
import os
import ssl
import sys
import time
import urllib.parse

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


class GatewayError(Exception):
    pass


def env(name):
    value = os.environ.get(name)
    if not value:
        raise GatewayError(f"set {name}")
    return value


class Gateway:
    def __init__(self):
        url = urllib.parse.urlsplit(env("GATEWAY_URL"))
        if url.scheme != "https":
            raise GatewayError(f"GATEWAY_URL must be https:// (got {url.scheme}://), as the SDK requires")
        self.host = url.hostname
        self.port = url.port or 443
        self.prefix = url.path.rstrip("/")
        self.client_id = env("CLIENT_ID")
        with open(env("MERCHANT_PRIVATE_KEY_FILE"), "rb") as f:
            pem = f.read()
        if b"BEGIN RSA PRIVATE KEY" not in pem:
            raise GatewayError("MERCHANT_PRIVATE_KEY_FILE must be PKCS#1 PEM (-----BEGIN RSA PRIVATE KEY-----), the form the Python SDK takes")
        self.private_key = serialization.load_pem_private_key(pem, password=None)
        self.platform_key = serialization.load_der_public_key(base64.b64decode(env("PLATFORM_PUBLIC_KEY")))
        self.tls = ssl.create_default_context(cafile=env("CA_FILE"))

    def call(self, path, body):
        path = self.prefix + path
        raw = json.dumps(body, separators=(",", ":"))
        request_time = str(int(time.time() * 1000))
        content = f"POST {path}\n{self.client_id}.{request_time}.{raw}".encode("utf-8")
        signature = base64.b64encode(self.private_key.sign(content, padding.PKCS1v15(), hashes.SHA256())).decode()
        headers = {
            "Content-Type": "application/json; charset=UTF-8",
            "Client-Id": self.client_id,
            "Request-Time": request_time,
            "Signature": f"algorithm=RSA256,keyVersion=1,signature={urllib.parse.quote(signature, safe='')}",
        }
        connection = http.client.HTTPSConnection(self.host, self.port, context=self.tls, timeout=30)
        try:
            # Absolute form, without the port, as the SDK writes it.
            connection.request("POST", f"https://{self.host}{path}", body=raw.encode("utf-8"), headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
            # Exact names, as the SDK reads them: a header sent as "Signature" would not be found.
            received = dict(response.getheaders())
        finally:
            connection.close()
        self.verify(path, received, text)
        return json.loads(text)

    def verify(self, path, received, text):
        for name in ("signature", "response-time", "client-id"):
            if name not in received:
                raise GatewayError(f"response header {name} not exist (headers: {', '.join(received)})")
        parts = dict(part.strip().split("=", 1) for part in received["signature"].split(",") if "=" in part)
        signature = base64.b64decode(urllib.parse.unquote(parts.get("signature", "")))
        content = f"POST {path}\n{received['client-id']}.{received['response-time']}.{text}".encode("utf-8")
        try:
            self.platform_key.verify(signature, content, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise GatewayError("the platform's response signature does not verify with PLATFORM_PUBLIC_KEY") from None


def main():
    gateway = Gateway()
    app_id, client_id = env("APP_ID"), env("CLIENT_ID")
    outcome = {}

    def step(name, path, body, expect="SUCCESS"):
        answer = gateway.call(path, body)
        code = answer["result"]["resultCode"]
        outcome[name] = code
        if code != expect:
            raise GatewayError(f"{name}: {code} ({answer['result'].get('resultMessage')})")
        return answer

    tokens = step("applyToken", "/v2/authorizations/applyToken",
                  {"appId": app_id, "authClientId": client_id, "grantType": "AUTHORIZATION_CODE", "authCode": env("AUTH_CODE")})
    outcome["customerId"] = tokens["customerId"]
    user = step("inquiryUserInfo", "/v2/users/inquiryUserInfo",
                {"appId": app_id, "authClientId": client_id, "accessToken": tokens["accessToken"]})
    outcome["userId"] = user["userInfo"]["userId"]
    refreshed = step("refresh", "/v2/authorizations/applyToken",
                     {"appId": app_id, "authClientId": client_id, "grantType": "REFRESH_TOKEN", "refreshToken": tokens["refreshToken"]})
    step("revoke", "/v2/authorizations/revoke",
         {"appId": app_id, "authClientId": client_id, "accessToken": refreshed["accessToken"]})
    step("afterRevoke", "/v2/users/inquiryUserInfo",
         {"appId": app_id, "authClientId": client_id, "accessToken": refreshed["accessToken"]}, expect="INVALID_ACCESS_TOKEN")
    print(json.dumps(outcome))


if __name__ == "__main__":
    try:
        main()
    except (GatewayError, OSError, ssl.SSLError) as error:
        print(f"merchant.py: {error}", file=sys.stderr)
        sys.exit(1)
