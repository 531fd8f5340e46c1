# One image for the four parts of the sandbox. docker-compose.yml picks the part with `command`
# (`npm run start -w <workspace>`), so the image itself only says how to build and run Node.
FROM node:20-bookworm-slim

WORKDIR /app
RUN chown node:node /app
USER node

# The package files first, so `npm ci` is cached until a dependency changes. npm ci needs the
# package.json of every workspace the lock file names (tests/compose.test.ts checks the list).
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node packages/protocol/package.json packages/protocol/
COPY --chown=node:node packages/jsapi/package.json packages/jsapi/
COPY --chown=node:node packages/openapi-client/package.json packages/openapi-client/
COPY --chown=node:node packages/playwright/package.json packages/playwright/
COPY --chown=node:node apps/platform/package.json apps/platform/
COPY --chown=node:node apps/merchant/package.json apps/merchant/
COPY --chown=node:node apps/mini-program/package.json apps/mini-program/
COPY --chown=node:node apps/shell/package.json apps/shell/
COPY --chown=node:node e2e/package.json e2e/
COPY --chown=node:node bench/package.json bench/
RUN npm ci --no-audit --no-fund

COPY --chown=node:node . .
# The data folder (keys and state; SANDBOX_DATA_DIR, by default <repo>/.sandbox-data). Made here
# so that a new named volume mounted on it starts out owned by `node`, not root.
RUN mkdir -p .sandbox-data

CMD ["npm", "run", "start", "-w", "@mp-sandbox/platform"]
