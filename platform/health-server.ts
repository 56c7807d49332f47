/**
 * Health endpoints for a process without an HTTP API of its own (the bridge): `/health/live` (the process
 * answers) and `/health/ready` (its Kafka consumer is in its group and consuming, with its lag). `npm run
 * status` reads them (infra/status.sh). Binds to loopback unless told otherwise.
 */
import http from 'node:http';
import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import type { SupervisedConsumer } from './kafka-consumer';

export async function startHealthServer(o: {
  host: string;
  port: number;
  consumers: SupervisedConsumer[];
  admin: Admin;
  logger: Logger;
}): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health/live') return send(200, { status: 'ok' });
    if (req.url !== '/health/ready') return send(404, { status: 'not found' });
    void consumerReadiness(o.consumers, o.admin).then(
      (r) => send(r.ready ? 200 : 503, r),
      () => send(503, { status: 'not ready', consumers: o.consumers.map((c) => c.health()) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  o.logger.info({ url: `http://${o.host}:${o.port}/health/ready` }, 'health endpoints listening');
  return server;
}

/** Each consumer's state and lag; ready when every one is in its group. Lag is left out if Kafka does not answer in 3 s. */
export async function consumerReadiness(consumers: SupervisedConsumer[], admin: Admin) {
  const within = async <T>(p: Promise<T>) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), 3000)))]);
    } finally {
      clearTimeout(timer);
    }
  };
  const rows = await Promise.all(
    consumers.map(async (c) => ({
      ...c.health(),
      ready: c.ready(),
      lag: (await within(c.lag(admin).catch(() => undefined)))?.total ?? null,
    })),
  );
  const ready = rows.every((r) => r.ready);
  return { status: ready ? 'ready' : 'not ready', ready, consumers: rows };
}
