import { useState } from 'react';
import type { OpenApiCallEventData, SandboxEvent } from '@mp-sandbox/protocol';
import type { TimelineStep } from './buildTimeline';
import { curlFor } from './curl';
import { JsonBlock } from './JsonBlock';
import { useGatewayUrl } from './useGatewayUrl';

/** Header names as the gateway documents them; the platform records them in lower case. */
const HEADER_NAMES: Record<string, string> = {
  'client-id': 'Client-Id',
  'request-time': 'Request-Time',
  'response-time': 'Response-Time',
  signature: 'Signature',
  'content-type': 'Content-Type',
};

function Headers({ headers }: { headers: Record<string, string | undefined> }) {
  const entries = Object.entries(headers).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (entries.length === 0) return <p className="muted">No headers.</p>;
  return (
    <dl className="headers">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{HEADER_NAMES[name] ?? name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Copies the stored signed request as a curl command, and says whether it worked. */
function CopyAsCurl({ data }: { data: OpenApiCallEventData }) {
  const [copied, setCopied] = useState<string | undefined>();
  const gateway = useGatewayUrl();
  const copy = () => {
    if (!gateway) return;
    navigator.clipboard.writeText(curlFor(data, gateway)).then(
      () => setCopied('Copied: it replays while its Request-Time is under 5 minutes old.'),
      (error: unknown) => setCopied(`Could not copy: ${(error as Error).message}`),
    );
  };
  return (
    <p className="copy-row">
      <button type="button" className="chip" disabled={!gateway} onClick={copy}>
        Copy as cURL
      </button>
      <span className="muted" role="status">
        {copied}
      </span>
    </p>
  );
}

function CallDetails({ data }: { data: OpenApiCallEventData }) {
  return (
    <>
      {!data.request.bodyTruncated && <CopyAsCurl data={data} />}
      <section className="exchange" aria-label="Request">
        <h4>Request</h4>
        <p className="mono">
          {data.request.method} {data.request.path}
        </p>
        <Headers headers={{ ...data.request.headers }} />
        <JsonBlock value={data.request.body} />
        {data.request.bodyTruncated && (
          <p className="muted">Only the first 8 KB of the body were kept.</p>
        )}
      </section>
      <section className="exchange" aria-label="Response">
        <h4>Response</h4>
        <p className="mono">HTTP {data.response.status}</p>
        <Headers headers={{ ...data.response.headers }} />
        <JsonBlock value={data.response.body} />
      </section>
    </>
  );
}

function Effects({ effects }: { effects: SandboxEvent[] }) {
  return (
    <section className="exchange" aria-label="What the platform did">
      <h4>What the platform did</h4>
      {effects.map((effect) => (
        <div key={effect.seq}>
          <p className="mono">{effect.type}</p>
          <JsonBlock value={effect.data} />
        </div>
      ))}
    </section>
  );
}

/** A step opened: a gateway call's request and response, or any other event's data. */
export function StepDetails({ id, step }: { id: string; step: TimelineStep }) {
  const { event, effects } = step;
  return (
    <div id={id} className="step-details">
      {event.type === 'openapi.call' ? (
        <CallDetails data={event.data as unknown as OpenApiCallEventData} />
      ) : (
        <section className="exchange" aria-label="Event data">
          <h4>{event.type}</h4>
          <JsonBlock value={event.data} />
        </section>
      )}
      {effects.length > 0 && <Effects effects={effects} />}
      <p className="muted mono">
        seq {event.seq} · {event.at}
        {event.correlationId && ` · correlationId ${event.correlationId}`}
      </p>
    </div>
  );
}
