# The Plenary server image: `docker build -t plenary .` (docker-compose.yml builds it for the scaled-out setup).
#
# Stage 1 installs every dependency and builds the client (Vite) into client/dist. Stage 2 is the runtime:
# production dependencies only, the server's TypeScript run as is by Node 24's type stripping (no compile step),
# the built client copied from stage 1, as the unprivileged `node` user of the official image.
#
# --ignore-scripts: the only install script in the lockfile is the `node` devDependency's, which downloads a
# second Node 24 for `npm run` on machines whose own Node is older; this image already is Node 24.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY client ./client
COPY shared ./shared
COPY boards ./boards
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY server ./server
COPY shared ./shared
COPY boards ./boards
COPY --from=build /app/client/dist ./client/dist
# SQLite's folder (the default storage); unused with STORAGE=postgres. Owned by `node` so a named volume
# mounted there starts out writable by it.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# server/start.js turns on Node's compile cache (in /tmp), so later starts skip the type stripper.
# SIGTERM: the server closes sockets with 1001, writes final snapshots and exits 0 (server/main.ts).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=2", "server/start.js"]
