import { optionsFromEnv } from './config.js';
import { startMerchant } from './server.js';

const options = optionsFromEnv(process.env);
try {
  const running = await startMerchant(options);
  console.log(
    `merchant ready at ${running.url} (gateway ${options.gatewayUrl}, client ${options.clientId})`,
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `merchant: port ${options.port} on ${options.host} is taken; stop what uses it or set MERCHANT_PORT`,
    );
  } else {
    console.error(`merchant failed to start: ${(error as Error).stack ?? String(error)}`);
  }
  process.exit(1);
}
