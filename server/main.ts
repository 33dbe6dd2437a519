/** `npm run server`: one replica, configured by the environment (see server/README.md). */
import { configFromEnv } from './config';
import { startServer } from './server';

const server = await startServer(configFromEnv());

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: finishing in-flight requests, then stopping`);
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
