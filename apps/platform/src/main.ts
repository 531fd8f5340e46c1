import { optionsFromEnv } from './config.js';
import { startPlatform } from './server.js';

const options = optionsFromEnv(process.env);
try {
  const running = await startPlatform(options);
  console.log(`platform ready at ${running.url} (gateway ${running.url}/v2/..., control ${running.url}/sandbox/v1/health)`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(`platform: port ${options.port} on ${options.host} is taken; stop what uses it or set PLATFORM_PORT`);
  } else {
    console.error(`platform failed to start: ${(error as Error).stack ?? String(error)}`);
  }
  process.exit(1);
}
