// Opens N mutual-TLS connections to HOST:PORT, keeps them open and idle, prints "ready" once every
// handshake has completed, and closes them all when stdin ends. Usage:
//   node idle-clients.mjs PORT N CA CERT KEY
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';

const [port, count, ca, cert, key] = process.argv.slice(2);
const options = { host: '127.0.0.1', port: Number(port), servername: 'localhost', ca: readFileSync(ca), cert: readFileSync(cert), key: readFileSync(key) };
const sockets = [];
let ready = 0;
let failed = 0;
// A few at a time, as a pool of clients would open them.
const open = (i) =>
  new Promise((resolve) => {
    const socket = connect(options, () => {
      ready++;
      resolve();
    });
    socket.on('error', () => {
      failed++;
      resolve();
    });
    sockets.push(socket);
  });
const total = Number(count);
for (let i = 0; i < total; i += 50) await Promise.all(Array.from({ length: Math.min(50, total - i) }, (_, j) => open(i + j)));
process.stdout.write(`${JSON.stringify({ ready, failed })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  for (const socket of sockets) socket.destroy();
  process.exit(0);
});
