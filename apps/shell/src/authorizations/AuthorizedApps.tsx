import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { SCOPES, type MiniProgramApp, type Persona } from '@mp-sandbox/protocol';
import { platformApi } from '../api/platform';
import { formatDateTime } from '../format';
import { useMessages } from '../i18n/language';
import { AppIcon } from '../wallet/AppIcon';
import { fullName } from '../wallet/Avatar';
import { Icon } from '../wallet/icons';

interface AuthorizedAppsProps {
  persona: Persona;
  apps: MiniProgramApp[];
  onBack: () => void;
}

/**
 * What this persona has let each mini program see, and since when. Revoking here revokes on the
 * platform: the merchant's tokens stop working and the mini program has to ask again.
 */
export function AuthorizedApps({ persona, apps, onBack }: AuthorizedAppsProps) {
  const queryClient = useQueryClient();
  const { authorizations: t, common, scopes, fields } = useMessages();
  const grants = useQuery({
    queryKey: ['grants', persona.id],
    queryFn: () => platformApi.grants(persona.id),
  });
  const appOf = (appId: string) => apps.find((a) => a.appId === appId);
  const nameOf = (appId: string) => appOf(appId)?.name ?? appId;
  // Revoking asks once more (the app loses its tokens), then says it was done.
  const [confirming, setConfirming] = useState<string | undefined>();
  const [revoked, setRevoked] = useState<string | undefined>();
  const revoke = useMutation({
    mutationFn: (appId: string) => platformApi.revokeGrant(persona.id, appId),
    onSuccess: (data, appId) => {
      queryClient.setQueryData(['grants', persona.id], data);
      setRevoked(nameOf(appId));
    },
  });

  return (
    <div className="container">
      <header className="title-bar">
        <button type="button" className="icon-button" aria-label={common.back} onClick={onBack}>
          <Icon name="back" />
        </button>
        <h1 className="title">{t.title}</h1>
        <span />
      </header>
      <div className="page">
        <p className="muted">{t.lead(fullName(persona))}</p>
        {grants.isPending && <p role="status">{common.loading}</p>}
        {grants.error && <p role="alert">{t.couldNotLoad(grants.error.message)}</p>}
        {revoke.error && <p role="alert">{t.couldNotRevoke(revoke.error.message)}</p>}
        <p className="feedback" role="status">
          {revoked && t.revoked(revoked)}
        </p>
        {grants.data?.grants.length === 0 && <p className="empty">{t.none}</p>}
        <ul className="grant-list">
          {grants.data?.grants.map((grant) => {
            const app = appOf(grant.appId);
            const name = app?.name ?? grant.appId;
            return (
              <li key={grant.appId} className="grant" aria-label={name}>
                <div className="grant-head">
                  <AppIcon icon={app?.icon ?? '📱'} />
                  <div>
                    <p className="grant-name">{name}</p>
                    <p className="muted">{t.since(formatDateTime(grant.grantedAt))}</p>
                  </div>
                </div>
                <ul className="grant-scopes">
                  {grant.scopes.map((scope) => (
                    <li key={scope}>
                      <span>{scopes[scope]}</span>
                      <span className="muted">
                        {' '}
                        ({scope}
                        {SCOPES[scope].fields.length > 0 &&
                          `: ${SCOPES[scope].fields.map((f) => fields[f]).join(', ')}`}
                        )
                      </span>
                    </li>
                  ))}
                </ul>
                {confirming === grant.appId ? (
                  <div className="confirm-row" role="group" aria-label={t.confirmGroup(name)}>
                    <span>{t.confirmText(name)}</span>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => setConfirming(undefined)}
                    >
                      {t.keep}
                    </button>
                    <button
                      type="button"
                      className="secondary danger"
                      disabled={revoke.isPending}
                      onClick={() => {
                        setConfirming(undefined);
                        revoke.mutate(grant.appId);
                      }}
                    >
                      {t.revokeNow}
                    </button>
                  </div>
                ) : (
                  <button
                    type="button"
                    className="secondary danger"
                    disabled={revoke.isPending}
                    onClick={() => setConfirming(grant.appId)}
                  >
                    {t.revoke(name)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
