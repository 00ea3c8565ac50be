/* global process, Buffer */
/** A bare node:http server on a free loopback port, answering every request with a small fixed JSON body. */
import http from 'node:http';

const BODY = Buffer.from(
  JSON.stringify({
    '@odata.type': '#microsoft.graph.profilePhoto',
    id: '861907cf-07cf-8619-cf07-1986cf071986',
    height: 6,
    width: 5,
  }),
);

export default async function globalSetup() {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
      res.end(BODY);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.FLOOR_ORIGIN = `http://127.0.0.1:${String(server.address().port)}`; // the workers inherit it
  return () => new Promise((resolve) => server.close(resolve));
}
