import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import {
  SCOPES,
  type ConsentDecision,
  type ConsentPolicy,
  type ScopeName,
} from '@mp-sandbox/protocol';
import { platformApi } from '../../api/platform';
import { useConsoleScope } from '../ConsoleScope';
import { CONSENT_DECISIONS } from '../controlApi';
import { RemoveButton } from './RemoveButton';

const ANY = '';
const SCOPE_NAMES = Object.keys(SCOPES) as ScopeName[];

const DECISION_TEXT: Record<ConsentDecision, string> = {
  ask: 'ask: show the sheet',
  approve: 'approve without a sheet',
  deny: 'deny without a sheet',
  cancel: 'cancel: close the sheet',
};

/**
 * What the wallet answers a consent sheet without a person: for an app, a persona and a scope
 * (each optional), ask as usual, approve, deny, or cancel.
 */
export function ConsentPolicyControl() {
  const queryClient = useQueryClient();
  const { api: control, keys, namespace } = useConsoleScope();
  const apps = useQuery({ queryKey: ['apps'], queryFn: platformApi.apps });
  const personas = useQuery({ queryKey: ['personas'], queryFn: platformApi.personas });
  const policies = useQuery({
    queryKey: keys.consentPolicies,
    queryFn: control.consentPolicies,
    retry: false,
  });
  const [appId, setAppId] = useState(ANY);
  const [userId, setUserId] = useState(ANY);
  const [scope, setScope] = useState<ScopeName | typeof ANY>(ANY);
  const [decision, setDecision] = useState<ConsentDecision>('approve');
  const ids = { app: useId(), user: useId(), scope: useId(), decision: useId() };
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.consentPolicies });
  const add = useMutation({ mutationFn: control.addConsentPolicy, onSuccess: refresh });
  const remove = useMutation({ mutationFn: control.removeConsentPolicy, onSuccess: refresh });

  const appName = (id: string | undefined) =>
    id ? (apps.data?.apps.find((a) => a.appId === id)?.name ?? id) : 'any app';
  // The remove button names the app by id: app names are the wallet's own buttons' names.
  const describe = (policy: ConsentPolicy, name = appName(policy.appId)) =>
    `${name} · ${policy.userId ?? 'any user'} · ${policy.scope ?? 'any scope'}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({
      decision,
      ...(appId && { appId }),
      ...(userId && { userId }),
      ...(scope && { scope }),
    });
  };
  const error = policies.error ?? add.error ?? remove.error;

  return (
    <section className="control" aria-labelledby="console-policy-title">
      <h4 id="console-policy-title">Consent policy</h4>
      <form className="control-form" aria-label="Add a consent policy" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.app}>Mini program</label>
          <select
            id={ids.app}
            value={appId}
            onChange={(event) => setAppId(event.currentTarget.value)}
          >
            <option value={ANY}>any app</option>
            {apps.data?.apps.map((app) => (
              <option key={app.appId} value={app.appId}>
                {app.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field-pair">
          <div className="field">
            <label htmlFor={ids.user}>Persona</label>
            <select
              id={ids.user}
              value={userId}
              onChange={(event) => setUserId(event.currentTarget.value)}
            >
              <option value={ANY}>any user</option>
              {personas.data?.personas
                .filter((persona) => persona.namespace === namespace)
                .map((persona) => (
                  <option key={persona.id} value={persona.id}>
                    {persona.id}
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.scope}>Scope</label>
            <select
              id={ids.scope}
              value={scope}
              onChange={(event) => setScope(event.currentTarget.value as ScopeName)}
            >
              <option value={ANY}>any</option>
              {SCOPE_NAMES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.decision}>Decision</label>
          <select
            id={ids.decision}
            value={decision}
            onChange={(event) => setDecision(event.currentTarget.value as ConsentDecision)}
          >
            {CONSENT_DECISIONS.map((value) => (
              <option key={value} value={value}>
                {DECISION_TEXT[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="chip" disabled={add.isPending}>
          Add policy
        </button>
      </form>
      {policies.data && policies.data.policies.length === 0 && (
        <p className="muted">No policy: every sheet waits for a person.</p>
      )}
      {policies.data && policies.data.policies.length > 0 && (
        <ul className="armed-list" aria-label="Consent policies">
          {policies.data.policies.map((policy) => (
            <li key={policy.id}>
              <span className="mono">
                {describe(policy)} → {policy.decision}
              </span>
              <RemoveButton
                label={`Remove policy ${describe(policy, policy.appId ?? 'any app')}`}
                pending={remove.isPending}
                onRemove={() => remove.mutate(policy.id)}
              />
            </li>
          ))}
        </ul>
      )}
      {error && <p className="control-error">{error.message}</p>}
    </section>
  );
}
