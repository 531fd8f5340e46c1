// A merchant server's calls to the gateway, in Go: applyToken, inquiryUserInfo, refresh, revoke.
//
// Written from the public Alipay+ spec with the standard library only, and behaving on the wire as
// Alipay's global Go SDK does:
//   - Request-Time is epoch nanoseconds (time.Now().UnixNano());
//   - the signature header is compact (algorithm=RSA256,keyVersion=1,signature=...), the signature
//     URL-encoded with url.QueryEscape;
//   - the answer is verified over the request path with the response's client-id, response-time
//     and signature headers (Go's Header.Get, as the SDK reads them);
//   - keys as the SDK takes them: the merchant's private key as one line of base64 (PKCS#8), the
//     platform's public key as one line of base64 (SPKI).
//
// Environment: GATEWAY_URL (https://127.0.0.1:7704), CA_FILE (the sandbox's tls/ca.pem), CLIENT_ID,
// APP_ID, AUTH_CODE, MERCHANT_PRIVATE_KEY (one-line base64 PKCS#8), PLATFORM_PUBLIC_KEY (one-line
// base64 SPKI). Prints one JSON object with each step's resultCode; exits 1 naming the step that failed.
package main

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

type gateway struct {
	baseURL     string
	clientID    string
	privateKey  *rsa.PrivateKey
	platformKey *rsa.PublicKey
	http        *http.Client
}

type result struct {
	ResultCode    string `json:"resultCode"`
	ResultStatus  string `json:"resultStatus"`
	ResultMessage string `json:"resultMessage"`
}

type answer struct {
	Result       result                 `json:"result"`
	AccessToken  string                 `json:"accessToken"`
	RefreshToken string                 `json:"refreshToken"`
	CustomerID   string                 `json:"customerId"`
	UserInfo     map[string]interface{} `json:"userInfo"`
}

func env(name string) string {
	value := os.Getenv(name)
	if value == "" {
		fail(fmt.Errorf("set %s", name))
	}
	return value
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "merchant (go): %v\n", err)
	os.Exit(1)
}

func newGateway() (*gateway, error) {
	der, err := base64.StdEncoding.DecodeString(env("MERCHANT_PRIVATE_KEY"))
	if err != nil {
		return nil, fmt.Errorf("MERCHANT_PRIVATE_KEY is not base64: %v", err)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("MERCHANT_PRIVATE_KEY must be one line of base64 of a PKCS#8 key, as the Go SDK takes it: %v", err)
	}
	der, err = base64.StdEncoding.DecodeString(env("PLATFORM_PUBLIC_KEY"))
	if err != nil {
		return nil, fmt.Errorf("PLATFORM_PUBLIC_KEY is not base64: %v", err)
	}
	public, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("PLATFORM_PUBLIC_KEY must be one line of base64 of an SPKI key: %v", err)
	}
	pool := x509.NewCertPool()
	ca, err := os.ReadFile(env("CA_FILE"))
	if err != nil || !pool.AppendCertsFromPEM(ca) {
		return nil, fmt.Errorf("CA_FILE %s holds no PEM certificate", os.Getenv("CA_FILE"))
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	return &gateway{
		baseURL:     strings.TrimRight(env("GATEWAY_URL"), "/"),
		clientID:    env("CLIENT_ID"),
		privateKey:  parsed.(*rsa.PrivateKey),
		platformKey: public.(*rsa.PublicKey),
		http:        client,
	}, nil
}

func (g *gateway) call(path string, body map[string]string) (*answer, error) {
	raw, _ := json.Marshal(body)
	target, err := url.Parse(g.baseURL + path)
	if err != nil {
		return nil, err
	}
	requestTime := strconv.FormatInt(time.Now().UnixNano(), 10)
	digest := sha256.Sum256([]byte(fmt.Sprintf("POST %s\n%s.%s.%s", target.Path, g.clientID, requestTime, raw)))
	signature, err := rsa.SignPKCS1v15(rand.Reader, g.privateKey, crypto.SHA256, digest[:])
	if err != nil {
		return nil, err
	}
	request, _ := http.NewRequest("POST", target.String(), bytes.NewReader(raw))
	request.Header.Set("Content-Type", "application/json; charset=UTF-8")
	request.Header.Set("Client-Id", g.clientID)
	request.Header.Set("Request-Time", requestTime)
	request.Header.Set("Signature", "algorithm=RSA256,keyVersion=1,signature="+url.QueryEscape(base64.StdEncoding.EncodeToString(signature)))
	response, err := g.http.Do(request)
	if err != nil {
		return nil, err
	}
	defer response.Body.Close()
	text, err := io.ReadAll(response.Body)
	if err != nil {
		return nil, err
	}
	if err := g.verify(target.Path, response.Header, text); err != nil {
		return nil, err
	}
	var out answer
	if err := json.Unmarshal(text, &out); err != nil {
		return nil, fmt.Errorf("the answer is not JSON: %v", err)
	}
	return &out, nil
}

func (g *gateway) verify(path string, header http.Header, body []byte) error {
	responseTime, clientID, value := header.Get("response-time"), header.Get("client-id"), header.Get("signature")
	if responseTime == "" || clientID == "" || value == "" {
		return fmt.Errorf("the answer lacks response-time, client-id or signature")
	}
	encoded := ""
	for _, part := range strings.Split(value, ",") {
		if kv := strings.SplitN(strings.TrimSpace(part), "=", 2); len(kv) == 2 && kv[0] == "signature" {
			encoded = kv[1]
		}
	}
	unescaped, err := url.QueryUnescape(encoded)
	if err != nil {
		return err
	}
	signature, err := base64.StdEncoding.DecodeString(unescaped)
	if err != nil {
		return err
	}
	digest := sha256.Sum256([]byte(fmt.Sprintf("POST %s\n%s.%s.%s", path, clientID, responseTime, body)))
	if rsa.VerifyPKCS1v15(g.platformKey, crypto.SHA256, digest[:], signature) != nil {
		return fmt.Errorf("check signature fail: the platform's response signature does not verify with PLATFORM_PUBLIC_KEY")
	}
	return nil
}

func main() {
	g, err := newGateway()
	if err != nil {
		fail(err)
	}
	appID, clientID := env("APP_ID"), env("CLIENT_ID")
	outcome := map[string]string{}
	step := func(name, path string, body map[string]string, expect string) *answer {
		out, err := g.call(path, body)
		if err != nil {
			fail(fmt.Errorf("%s: %v", name, err))
		}
		outcome[name] = out.Result.ResultCode
		if out.Result.ResultCode != expect {
			fail(fmt.Errorf("%s: %s (%s)", name, out.Result.ResultCode, out.Result.ResultMessage))
		}
		return out
	}
	tokens := step("applyToken", "/v2/authorizations/applyToken",
		map[string]string{"appId": appID, "authClientId": clientID, "grantType": "AUTHORIZATION_CODE", "authCode": env("AUTH_CODE")}, "SUCCESS")
	outcome["customerId"] = tokens.CustomerID
	user := step("inquiryUserInfo", "/v2/users/inquiryUserInfo",
		map[string]string{"appId": appID, "authClientId": clientID, "accessToken": tokens.AccessToken}, "SUCCESS")
	outcome["userId"], _ = user.UserInfo["userId"].(string)
	refreshed := step("refresh", "/v2/authorizations/applyToken",
		map[string]string{"appId": appID, "authClientId": clientID, "grantType": "REFRESH_TOKEN", "refreshToken": tokens.RefreshToken}, "SUCCESS")
	step("revoke", "/v2/authorizations/revoke",
		map[string]string{"appId": appID, "authClientId": clientID, "accessToken": refreshed.AccessToken}, "SUCCESS")
	step("afterRevoke", "/v2/users/inquiryUserInfo",
		map[string]string{"appId": appID, "authClientId": clientID, "accessToken": refreshed.AccessToken}, "INVALID_ACCESS_TOKEN")
	printed, _ := json.Marshal(outcome)
	fmt.Println(string(printed))
}
