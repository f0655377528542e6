// Android (9 and later) refuses plain http:// from a release build, and every APK `eas build` makes
// is one. The development profile's APK talks to a local platform (http://10.0.2.2:3000, the
// emulator's host), so that build, and only it, allows cleartext: eas.json sets
// ALLOW_CLEARTEXT_HTTP=1 in its env. Preview and production builds stay https-only.
const { AndroidConfig, withAndroidManifest } = require("expo/config-plugins");

module.exports = function withCleartextHttp(config) {
  if (process.env.ALLOW_CLEARTEXT_HTTP !== "1") return config;
  return withAndroidManifest(config, (c) => {
    AndroidConfig.Manifest.getMainApplicationOrThrow(c.modResults).$["android:usesCleartextTraffic"] = "true";
    return c;
  });
};
