/** @type {import('jest').Config} */
module.exports = {
  preset: "jest-expo",
  setupFiles: ["<rootDir>/test/setup-env.ts"],
  setupFilesAfterEnv: ["<rootDir>/test/jest.setup.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/dist-e2e/", "/dist-perf/"],
  // The first render of the router in a cold worker takes seconds on a busy 2-core machine.
  testTimeout: 30_000,
};
