<?php
/**
 * A merchant server's calls to the gateway, in PHP: applyToken, inquiryUserInfo, refresh, revoke.
 *
 * Written from the public Alipay+ spec with PHP's standard library (streams and openssl), and
 * behaving on the wire as Alipay's PHP SDK does:
 *   - the response headers are looked up by exact, lower-case name (`response-time`, `signature`,
 *     `client-id`). Where the SDK silently skips verification when `response-time` is missing, this
 *     merchant refuses the answer: a wrong platform key must never pass;
 *   - keys as the SDK takes them: one line of base64 each (the merchant's PKCS#8 private key, the
 *     platform's SPKI public key), wrapped into PEM here.
 *
 * Environment: GATEWAY_URL (https://127.0.0.1:7704), CA_FILE (the sandbox's tls/ca.pem), CLIENT_ID,
 * APP_ID, AUTH_CODE, MERCHANT_PRIVATE_KEY (one-line base64 PKCS#8), PLATFORM_PUBLIC_KEY (one-line
 * base64 SPKI). Prints one JSON object with each step's resultCode; exits 1 naming the step that failed.
 */

function fail(string $message): void
{
    fwrite(STDERR, "merchant.php: $message\n");
    exit(1);
}

function env(string $name): string
{
    $value = getenv($name);
    if ($value === false || $value === '') fail("set $name");
    return $value;
}

function pem(string $base64, string $label): string
{
    return "-----BEGIN $label-----\n" . chunk_split(trim($base64), 64, "\n") . "-----END $label-----\n";
}

final class Gateway
{
    private string $baseUrl;
    private string $clientId;
    /** @var OpenSSLAsymmetricKey */
    private $privateKey;
    /** @var OpenSSLAsymmetricKey */
    private $platformKey;
    private string $caFile;

    public function __construct()
    {
        $this->baseUrl = rtrim(env('GATEWAY_URL'), '/');
        $this->clientId = env('CLIENT_ID');
        $this->caFile = env('CA_FILE');
        $private = openssl_pkey_get_private(pem(env('MERCHANT_PRIVATE_KEY'), 'PRIVATE KEY'));
        if ($private === false) fail('MERCHANT_PRIVATE_KEY must be one line of base64 of a PKCS#8 key');
        $public = openssl_pkey_get_public(pem(env('PLATFORM_PUBLIC_KEY'), 'PUBLIC KEY'));
        if ($public === false) fail('PLATFORM_PUBLIC_KEY must be one line of base64 of an SPKI key');
        $this->privateKey = $private;
        $this->platformKey = $public;
    }

    public function call(string $path, array $body): array
    {
        $path = (string) parse_url($this->baseUrl, PHP_URL_PATH) . $path;
        $raw = json_encode($body, JSON_UNESCAPED_SLASHES);
        $requestTime = date('Y-m-d\TH:i:sP');
        openssl_sign("POST $path\n{$this->clientId}.$requestTime.$raw", $signature, $this->privateKey, OPENSSL_ALGO_SHA256);
        $origin = preg_replace('#^(https://[^/]+).*$#', '$1', $this->baseUrl);
        $context = stream_context_create([
            'http' => [
                'method' => 'POST',
                'header' => implode("\r\n", [
                    'Content-Type: application/json; charset=UTF-8',
                    "Client-Id: {$this->clientId}",
                    "Request-Time: $requestTime",
                    'Signature: algorithm=RSA256,keyVersion=1,signature=' . urlencode(base64_encode($signature)),
                ]),
                'content' => $raw,
                'ignore_errors' => true,
                'timeout' => 30,
            ],
            'ssl' => ['cafile' => $this->caFile, 'verify_peer' => true, 'verify_peer_name' => true],
        ]);
        $text = @file_get_contents($origin . $path, false, $context);
        if ($text === false) fail("POST $path: " . (error_get_last()['message'] ?? 'no answer'));
        $this->verify($path, $this->headersOf($http_response_header ?? []), $text);
        return json_decode($text, true);
    }

    /** The header lines by their exact names, as the SDK reads them (no case folding). */
    private function headersOf(array $lines): array
    {
        $headers = [];
        foreach (array_slice($lines, 1) as $line) {
            $at = strpos($line, ':');
            if ($at !== false) $headers[substr($line, 0, $at)] = trim(substr($line, $at + 1));
        }
        return $headers;
    }

    private function verify(string $path, array $headers, string $text): void
    {
        foreach (['response-time', 'client-id', 'signature'] as $name) {
            if (!array_key_exists($name, $headers)) fail("the answer has no '$name' header (got: " . implode(', ', array_keys($headers)) . ')');
        }
        $encoded = '';
        foreach (explode(',', $headers['signature']) as $part) {
            [$key, $value] = array_pad(explode('=', trim($part), 2), 2, '');
            if ($key === 'signature') $encoded = $value;
        }
        $content = "POST $path\n{$headers['client-id']}.{$headers['response-time']}.$text";
        if (openssl_verify($content, base64_decode(urldecode($encoded)), $this->platformKey, OPENSSL_ALGO_SHA256) !== 1) {
            fail("the platform's response signature does not verify with PLATFORM_PUBLIC_KEY");
        }
    }
}

$gateway = new Gateway();
$appId = env('APP_ID');
$clientId = env('CLIENT_ID');
$outcome = [];
$step = function (string $name, string $path, array $body, string $expect = 'SUCCESS') use ($gateway, &$outcome): array {
    $answer = $gateway->call($path, $body);
    $code = $answer['result']['resultCode'] ?? '(none)';
    $outcome[$name] = $code;
    if ($code !== $expect) fail("$name: $code (" . ($answer['result']['resultMessage'] ?? '') . ')');
    return $answer;
};

$tokens = $step('applyToken', '/v2/authorizations/applyToken',
    ['appId' => $appId, 'authClientId' => $clientId, 'grantType' => 'AUTHORIZATION_CODE', 'authCode' => env('AUTH_CODE')]);
$outcome['customerId'] = $tokens['customerId'];
$user = $step('inquiryUserInfo', '/v2/users/inquiryUserInfo',
    ['appId' => $appId, 'authClientId' => $clientId, 'accessToken' => $tokens['accessToken']]);
$outcome['userId'] = $user['userInfo']['userId'];
$refreshed = $step('refresh', '/v2/authorizations/applyToken',
    ['appId' => $appId, 'authClientId' => $clientId, 'grantType' => 'REFRESH_TOKEN', 'refreshToken' => $tokens['refreshToken']]);
$step('revoke', '/v2/authorizations/revoke',
    ['appId' => $appId, 'authClientId' => $clientId, 'accessToken' => $refreshed['accessToken']]);
$step('afterRevoke', '/v2/users/inquiryUserInfo',
    ['appId' => $appId, 'authClientId' => $clientId, 'accessToken' => $refreshed['accessToken']], 'INVALID_ACCESS_TOKEN');
echo json_encode($outcome), "\n";
