// The socket plumbing the HTTP fakes share: listen on a random loopback port, go down (every
// connection reset at once, so clients fail fast instead of retrying a quietly closed socket)
// and come back, and close for good.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type TFakeListener = { port: number; goDown: () => void; comeBack: () => void; isDown: () => boolean; close: () => Promise<void> };

export async function listenFake(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<TFakeListener> {
  const sockets = new Set<Socket>();
  let down = false;
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  // Clients keep connections alive between calls: do not drop them while they are idle.
  server.keepAliveTimeout = 120_000;
  server.on("connection", (socket) => {
    if (down) return void socket.resetAndDestroy();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    goDown: () => {
      down = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    comeBack: () => {
      down = false;
    },
    isDown: () => down,
    close: async () => {
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
