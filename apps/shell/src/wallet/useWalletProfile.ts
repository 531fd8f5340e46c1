import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { walletProfile, type MiniProgramApp, type WalletProfile } from '@mp-sandbox/protocol';
import { walletQueries } from './walletQueries';

/**
 * The wallet the shell plays: the open app's own profile, else the sandbox's (`"wallet"` in the
 * config). Its name is the page's title too, so a QA screenshot or a tab says which wallet it was.
 */
export function useWalletProfile(openApp: MiniProgramApp | undefined): WalletProfile {
  const wallets = useQuery(walletQueries.wallets);
  const profile = walletProfile(openApp?.wallet ?? wallets.data?.default);
  useEffect(() => {
    document.title = `${profile.name} · sandbox`;
  }, [profile.name]);
  return profile;
}
