/** @type {import('jest').Config} */
module.exports = {
  preset: "jest-expo",
  setupFiles: ["<rootDir>/test/setup-env.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // jest-expo's default ignore list plus the ESM-only packages we use.
  transformIgnorePatterns: [
    "node_modules/(?!((jest-)?react-native|@react-native(-community)?)|expo(nent)?|@expo(nent)?/.*|@expo-google-fonts/.*|react-navigation|@react-navigation/.*|@sentry/react-native|native-base|react-native-svg|react-native-sse)",
  ],
};
