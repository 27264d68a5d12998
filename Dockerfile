# The sidebar and its proxy in one image. Not built on the development machines (no container engine there):
# scripts/check-deploy-files.ts checks, in `npm test`, that what it copies and runs matches the package scripts.

# Build stage: every dependency, then the same `npm run build` the README documents.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies, the build and the demo's media files; no sources, no dev tools.
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    SIDEBAR_DIR=/app/dist/client
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/server/demo-media ./server/demo-media
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# The cheap liveness check; the proxy answers it without touching a vendor or the database.
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains requests in flight; give it 20 s (`docker stop -t 20`, compose's stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/node/server/main.js"]
