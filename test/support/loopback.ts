import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/** Starts `server` listening on 127.0.0.1 on an ephemeral port; resolves to the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
