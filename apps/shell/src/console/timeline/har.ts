import type { OpenApiCallEventData, SandboxEvent } from '@mp-sandbox/protocol';

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the fields this export writes. */
interface HarHeader {
  name: string;
  value: string;
}
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: Array<{
      startedDateTime: string;
      time: number;
      request: {
        method: string;
        url: string;
        httpVersion: string;
        cookies: [];
        headers: HarHeader[];
        queryString: Array<{ name: string; value: string }>;
        postData?: { mimeType: string; text: string };
        headersSize: -1;
        bodySize: number;
      };
      response: {
        status: number;
        statusText: string;
        httpVersion: string;
        cookies: [];
        headers: HarHeader[];
        content: { size: number; mimeType: string; text: string };
        redirectURL: '';
        headersSize: -1;
        bodySize: number;
      };
      cache: Record<string, never>;
      timings: { send: number; wait: number; receive: number };
      comment?: string;
    }>;
  };
}

function headersOf(record: object): HarHeader[] {
  return Object.entries(record)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, value]) => ({ name, value }));
}

/** A body as sent: JSON bodies are kept parsed, and the gateway's clients send them compact. */
function textOf(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body ?? null);
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/**
 * The gateway calls of the timeline as a HAR 1.2 log, for tools that read HAR (browsers' network
 * panels, proxies). `gatewayUrl` is where merchants reach the gateway; each entry is a call as it
 * went over the wire, signed headers included. The sandbox does not time calls: `time` is 0.
 */
export function buildHar(
  events: readonly SandboxEvent[],
  gatewayUrl: string,
  version = '0.1.0',
): Har {
  const base = gatewayUrl.replace(/\/+$/, '');
  const entries = events
    .filter((event) => event.type === 'openapi.call')
    .map((event) => {
      const data = event.data as unknown as OpenApiCallEventData;
      const url = new URL(`${base}${data.request.path}`);
      const requestText = textOf(data.request.body);
      const responseText = textOf(data.response.body);
      const requestType = data.request.headers['content-type'] ?? 'application/json';
      return {
        startedDateTime: new Date(event.at).toISOString(),
        time: 0,
        request: {
          method: data.request.method,
          url: url.toString(),
          httpVersion: 'HTTP/1.1',
          cookies: [] as [],
          headers: headersOf(data.request.headers),
          queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
          postData: { mimeType: requestType, text: requestText },
          headersSize: -1 as const,
          bodySize: new TextEncoder().encode(requestText).length,
        },
        response: {
          status: data.response.status,
          statusText: STATUS_TEXT[data.response.status] ?? '',
          httpVersion: 'HTTP/1.1',
          cookies: [] as [],
          headers: headersOf(data.response.headers),
          content: {
            size: new TextEncoder().encode(responseText).length,
            mimeType: 'application/json; charset=utf-8',
            text: responseText,
          },
          redirectURL: '' as const,
          headersSize: -1 as const,
          bodySize: new TextEncoder().encode(responseText).length,
        },
        cache: {},
        timings: { send: 0, wait: 0, receive: 0 },
        comment: `${data.api ?? 'unknown API'} ${data.resultCode}${event.correlationId ? ` · login ${event.correlationId}` : ''}`,
      };
    });
  return {
    log: { version: '1.2', creator: { name: 'mp-sandbox wallet console', version }, entries },
  };
}
