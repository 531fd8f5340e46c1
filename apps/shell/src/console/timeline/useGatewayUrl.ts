import { useQuery } from '@tanstack/react-query';
import { platformApi } from '../../api/platform';

/**
 * Where merchant servers reach the gateway, as the platform says in its health answer: its own
 * URL, or the balancer's in front of it. HAR files and cURL commands name it, so they replay
 * whatever ports the parts run on. Undefined until the platform has answered.
 */
export function useGatewayUrl(): string | undefined {
  return useQuery({
    queryKey: ['gateway-url'],
    queryFn: async () => {
      const { http } = await platformApi.health();
      if (!http) throw new Error('the platform did not say where its gateway is');
      return http;
    },
    staleTime: Infinity,
  }).data;
}
