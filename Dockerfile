# The Sidedesk server (server/README.md). Build: docker build -t sidedesk-server .
# Run: docker run -p 8787:8787 -v sidedesk-data:/data sidedesk-server   (SQLite in the volume)
#  or: docker run -p 8787:8787 -e DATABASE_URL=postgres://… sidedesk-server   (PostgreSQL)

FROM node:20-slim AS deps
WORKDIR /app
# Compilers only in this stage, in case no prebuilt better-sqlite3 binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts skips the extension's postinstall (wxt); the one native module is built after.
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production PORT=8787 HOST=0.0.0.0 DATA_DIR=/data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
# The server shares only these files with the extension.
COPY lib/model.ts ./lib/model.ts
COPY lib/sync/protocol.ts ./lib/sync/protocol.ts
COPY lib/sites/types.ts ./lib/sites/types.ts
COPY server ./server
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node itself is PID 1 and handles SIGTERM: in-flight requests finish before it exits.
CMD ["node", "--import", "tsx", "server/main.ts"]
