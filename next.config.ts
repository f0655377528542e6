import type { NextConfig } from "next";

const config: NextConfig = {
  // The server keeps these as real Node modules: native bindings (argon2), WASM (PGlite) and
  // the database driver do not survive bundling.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  // `next dev` serves its client scripts only to the origins it knows: a newcomer who opens
  // http://127.0.0.1:3000 instead of localhost would get a dashboard that never hydrates.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  typedRoutes: false,
};

export default config;
