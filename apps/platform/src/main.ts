import { optionsFromEnv, type PlatformOptions } from './config.js';
import { ConfigError, configLabel } from './configFile.js';
import { startPlatform } from './server.js';

let options: PlatformOptions;
try {
  options = optionsFromEnv(process.env);
} catch (error) {
  // A bad config file or variable: say what is wrong, where, and stop (no stack trace).
  if (error instanceof ConfigError) {
    console.error(`platform: the config file cannot be used:\n${error.message}`);
  } else {
    console.error(`platform: ${(error as Error).message}`);
  }
  process.exit(1);
}

// The launcher checked the same file and has already shown these.
if (!process.env['SANDBOX_CONFIG_CHECKED'] && options.configFile) {
  for (const warning of options.configWarnings ?? [])
    console.warn(`platform: ${configLabel(options.configFile)}: ${warning}`);
}

try {
  const running = await startPlatform(options);
  console.log(
    `platform ready at ${running.url} (gateway ${running.url}/v2/..., control ${running.url}/sandbox/v1/health)`,
  );
  if (running.tls)
    console.log(
      `platform HTTPS gateway at ${running.tls.url} (trust the CA ${running.tls.caFile})`,
    );
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (
    code === 'EADDRINUSE' &&
    options.tls &&
    (error as { port?: number }).port === options.tls.port &&
    options.tls.port !== options.port
  ) {
    console.error(
      `platform: the HTTPS port ${options.tls.port} on ${options.host} is taken; stop what uses it or set PLATFORM_TLS_PORT (or "off")`,
    );
  } else if (code === 'EADDRINUSE') {
    console.error(
      `platform: port ${options.port} on ${options.host} is taken; stop what uses it or set PLATFORM_PORT`,
    );
  } else {
    console.error(`platform failed to start: ${(error as Error).stack ?? String(error)}`);
  }
  process.exit(1);
}
