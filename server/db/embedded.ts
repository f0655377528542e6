// Embedded PostgreSQL (PGlite, WASM) served on a loopback port, so the app, the migrations and
// the tests only ever see a DATABASE_URL. One process owns a data folder: the launcher (or the
// test setup) starts this and hands the URL to everything else.
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type TEmbeddedDb = { url: string; stop: () => Promise<void> };

/** A free loopback port (the embedded database, the soak test's platform). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** dataDir undefined → an in-memory database (tests). */
export async function startEmbeddedDb(dataDir?: string): Promise<TEmbeddedDb> {
  // pg_trgm backs the admin lists' substring searches (migration search_trigram_indexes); PGlite
  // can only CREATE EXTENSION what its constructor was handed.
  const options = { extensions: { pg_trgm } };
  const pglite = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  const port = await freePort();
  // PGlite is one PostgreSQL session: clients must use a pool of one connection
  // (DATABASE_POOL_MAX=1) so that transactions never interleave.
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port, maxConnections: 4 });
  await server.start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await pglite.close();
    },
  };
}
