import type { NextConfig } from "next";

const config: NextConfig = {
  // The server keeps these as real Node modules: native bindings (argon2), WASM (PGlite) and
  // the database driver do not survive bundling.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
