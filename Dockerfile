# Campaign Studio: one image for both production processes (docker-compose.yml runs it as
# `api` and as `worker`). TypeScript runs through tsx, as in development; `npm run build`
# bundles the workflows (dist/) and builds the designer (designer/dist/) once, at image build.
FROM node:24-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    npm_config_update_notifier=false

WORKDIR /app

# Dependencies first: this layer is reused until package-lock.json changes. The dev
# dependencies are needed to build (vite) and are pruned afterwards.
COPY package.json package-lock.json ./
# `npm install` only if npm ci refuses the lock for missing optional platform binaries (see
# .ci/run); it installs the same versions from the same lock.
RUN npm ci --include=dev --no-audit --no-fund || npm install --include=dev --no-audit --no-fund

COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && chown -R node:node /app

USER node
EXPOSE 3000

# node itself is PID 1's child (compose sets `init: true`), with tsx as a loader: SIGTERM
# reaches our handler directly, without npm or npx in between.
CMD ["node", "--import", "tsx", "scripts/serve-api.ts"]
