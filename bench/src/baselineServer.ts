/**
 * The baseline of the applyToken benchmark: what any signed gateway must do at least. An express 5
 * server with `express.raw()` whose handler checks the headers, verifies the request's RSA-SHA256
 * signature (one verify), parses the JSON body, and answers an echo signed with RSA-SHA256 (one
 * sign), with the same headers the real gateway sends so the real OpenApiClient accepts it.
 *
 * `keyMode: 'keyobject'` parses each key once at start (the intrinsic cost of a verify and a sign);
 * `'pem'` parses the PEM text on every request, as `signContent`/`verifyContent` do when handed a
 * string. The first is the DESIGN baseline; the second is a diagnostic.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import express from 'express';
import { signContent, verifyContent } from '@mp-sandbox/openapi-client';
import {
  formatGatewayTime,
  formatSignatureHeader,
  parseSignatureHeader,
  signedContent,
} from '@mp-sandbox/protocol';

export type KeyMode = 'keyobject' | 'pem';

export interface BaselineOptions {
  /** The server's private key (PEM): signs every response. */
  serverPrivateKey: string;
  /** The client's public key (PEM): verifies every request. */
  clientPublicKey: string;
  clientId: string;
  keyMode: KeyMode;
}

export interface RunningBaseline {
  url: string;
  close(): Promise<void>;
}

export async function startBaseline(options: BaselineOptions): Promise<RunningBaseline> {
  const signingKey: string | KeyObject =
    options.keyMode === 'pem'
      ? options.serverPrivateKey
      : createPrivateKey(options.serverPrivateKey);
  const verifyingKey: string | KeyObject =
    options.keyMode === 'pem' ? options.clientPublicKey : createPublicKey(options.clientPublicKey);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post(/.*/, express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const clientId = req.get('client-id') ?? '';
    const requestTime = req.get('request-time') ?? '';
    const header = parseSignatureHeader(req.get('signature') ?? '');
    const ok =
      clientId === options.clientId &&
      typeof header !== 'string' &&
      verifyContent(
        verifyingKey,
        signedContent(req.method, req.originalUrl, clientId, requestTime, raw),
        header.signature,
      );
    const body = JSON.stringify({
      result: ok
        ? { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'Success' }
        : {
            resultCode: 'INVALID_SIGNATURE',
            resultStatus: 'F',
            resultMessage: 'signature does not verify',
          },
      echo: JSON.parse(raw || '{}') as unknown,
    });
    const responseTime = formatGatewayTime(Date.now());
    const signature = signContent(
      signingKey,
      signedContent(req.method, req.originalUrl, clientId, responseTime, body),
    );
    res.status(200).set({
      'Content-Type': 'application/json; charset=UTF-8',
      'Client-Id': clientId,
      'Response-Time': responseTime,
      Signature: formatSignatureHeader(signature, 1),
    });
    res.send(body);
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
