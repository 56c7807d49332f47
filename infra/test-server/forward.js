#!/usr/bin/env node
// The TS SDK spawns its time-skipping server itself and waits only 5 s, which a cold JVM on 2 cores can miss.
// infra/up.sh --with-test-server starts the JVM once; this tiny executable, handed to the SDK as the server
// binary, listens on the port the SDK chose (argv[2]) and forwards every connection to that running server.
'use strict';
const net = require('node:net');
const listenPort = Number(process.argv[2]);
const target = Number(process.env.TEST_SERVER_PORT || 7244);
if (!Number.isInteger(listenPort)) {
  process.stderr.write('usage: forward.js <port> [--enable-time-skipping]\n');
  process.exit(2);
}
const server = net.createServer((client) => {
  const upstream = net.connect(target, '127.0.0.1');
  client.pipe(upstream).pipe(client);
  const close = () => { client.destroy(); upstream.destroy(); };
  client.on('error', close);
  upstream.on('error', close);
});
server.listen(listenPort, '127.0.0.1');
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => process.exit(0));
