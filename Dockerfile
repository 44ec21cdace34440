# Build stage: compile TypeScript with all dependencies.
# Node 22 (LTS): Node 20 reached end of life in April 2026.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# Runtime stage: production dependencies and the compiled code only, as a non-root user.
FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The code stays root-owned (read-only for the server); only the embedded
# database's directory, used when no DATABASE_URL is given, is writable.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
# The server drains in-flight requests for SHUTDOWN_TIMEOUT (10 s) on SIGTERM;
# give it longer than that before SIGKILL (docker stop -t / stop_grace_period).
STOPSIGNAL SIGTERM
# Liveness only: /healthz answers while the process runs. Readiness (/readyz)
# checks the database and belongs to the orchestrator's routing decision.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# A larger young generation: responses allocate many short-lived objects (see docs/operations.md, Memory).
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
