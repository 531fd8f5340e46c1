# One image for the four parts of the sandbox, running the same production build users install:
# the launcher package (@mp-sandbox/cli), with the wallet shell and the sample mini programs built
# by Vite ahead of time. docker-compose.yml picks the part with `command`
# (`npx --no-install mp-sandbox --only <part>`).
#
# Stage 1 builds and packs the launcher from this repository; stage 2 installs only that tarball
# (and its npm dependencies): no sources, no TypeScript, no Vite in the image that runs.
FROM node:20-bookworm-slim AS build

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
COPY --chown=node:node packages/cli/package.json packages/cli/
COPY --chown=node:node apps/platform/package.json apps/platform/
COPY --chown=node:node apps/merchant/package.json apps/merchant/
COPY --chown=node:node apps/mini-program/package.json apps/mini-program/
COPY --chown=node:node apps/shell/package.json apps/shell/
COPY --chown=node:node e2e/package.json e2e/
COPY --chown=node:node bench/package.json bench/
# --ignore-scripts: the root's `prepare` builds from sources that are not copied yet; the install
# scripts of dependencies (esbuild's) run with `npm rebuild` once they are.
RUN npm ci --no-audit --no-fund --ignore-scripts

COPY --chown=node:node . .
RUN npm rebuild \
 && npm run build --silent -w @mp-sandbox/cli \
 && node --import tsx scripts/pack.ts --no-build --out /tmp/packs \
 && mv /tmp/packs/mp-sandbox-cli-*.tgz /tmp/mp-sandbox-cli.tgz

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
RUN chown node:node /app
USER node
COPY --chown=node:node --from=build /tmp/mp-sandbox-cli.tgz /tmp/
RUN echo '{ "name": "sandbox-image", "private": true }' > package.json \
 && npm install --omit=dev --no-audit --no-fund /tmp/mp-sandbox-cli.tgz \
 && rm /tmp/mp-sandbox-cli.tgz
# The samples' config (SANDBOX_CONFIG in docker-compose.yml), with the schema it names.
COPY --chown=node:node sandbox.config.json sandbox.config.schema.json ./
# The data folder (keys and state; SANDBOX_DATA_DIR). Made here so that a new named volume
# mounted on it starts out owned by `node`, not root.
RUN mkdir -p .sandbox-data

CMD ["npx", "--no-install", "mp-sandbox", "--only", "platform"]
