#!/usr/bin/env bash
# Exchange an authCode for tokens with curl and openssl alone, exactly as a merchant server does:
# sign the request, post it, then verify the platform's signature on the answer.
#
#   code=$(curl -s -X POST http://127.0.0.1:7701/sandbox/v1/authcodes -H 'Content-Type: application/json' \
#     -d '{"appId":"3333010071465913","userId":"ana","scopes":["auth_user"]}' | sed 's/.*"authCode":"\([^"]*\)".*/\1/')
#   examples/curl-apply-token.sh "$code"
set -euo pipefail

AUTH_CODE=${1:?usage: $0 <authCode>}
GATEWAY=${GATEWAY:-http://127.0.0.1:7701}
CLIENT_ID=${CLIENT_ID:-2024SANDBOXMERCHANT01}
APP_ID=${APP_ID:-3333010071465913}
PRIVATE_KEY=${PRIVATE_KEY:-.sandbox-data/keys/sample-merchant.private.pem}
PLATFORM_PUBLIC_KEY=${PLATFORM_PUBLIC_KEY:-.sandbox-data/keys/platform.public.pem}

API_PATH=/v2/authorizations/applyToken
BODY="{\"appId\":\"$APP_ID\",\"authClientId\":\"$CLIENT_ID\",\"grantType\":\"AUTHORIZATION_CODE\",\"authCode\":\"$AUTH_CODE\"}"
REQUEST_TIME=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

urlencode_base64() { sed -e 's/+/%2B/g' -e 's/\//%2F/g' -e 's/=/%3D/g'; }
urldecode_base64() { sed -e 's/%2B/+/g' -e 's/%2F/\//g' -e 's/%3D/=/g'; }

# 1. Sign "POST <path>\n<Client-Id>.<Request-Time>.<body>" with SHA256withRSA.
SIGNATURE=$(printf 'POST %s\n%s.%s.%s' "$API_PATH" "$CLIENT_ID" "$REQUEST_TIME" "$BODY" \
  | openssl dgst -sha256 -sign "$PRIVATE_KEY" | openssl base64 -A | urlencode_base64)

# 2. Post it.
curl -sS -X POST "$GATEWAY$API_PATH" \
  -H 'Content-Type: application/json; charset=UTF-8' \
  -H "Client-Id: $CLIENT_ID" \
  -H "Request-Time: $REQUEST_TIME" \
  -H "Signature: algorithm=RSA256, keyVersion=1, signature=$SIGNATURE" \
  --data-raw "$BODY" -D "$work/headers" -o "$work/body"
cat "$work/body"; echo

# 3. Verify the answer: the same scheme, with Response-Time and the platform's public key.
header() { grep -i "^$1:" "$work/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
RESPONSE_TIME=$(header Response-Time)
RESPONSE_CLIENT_ID=$(header Client-Id)
header Signature | sed 's/.*signature=//' | urldecode_base64 | openssl base64 -d -A > "$work/signature"
{ printf 'POST %s\n%s.%s.' "$API_PATH" "$RESPONSE_CLIENT_ID" "$RESPONSE_TIME"; cat "$work/body"; } \
  | openssl dgst -sha256 -verify "$PLATFORM_PUBLIC_KEY" -signature "$work/signature"
