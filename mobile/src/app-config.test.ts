// app.json is what `eas build` and the stores read: the identifiers, the deep-link scheme and the
// artwork it points at must all be there and be the right size.
import { readFileSync } from "node:fs";
import { join } from "node:path";

type TAppJson = {
  expo: {
    name: string;
    slug: string;
    scheme: string;
    icon: string;
    splash: { image: string; backgroundColor: string };
    ios: { bundleIdentifier: string };
    android: { package: string; adaptiveIcon: { foregroundImage: string } };
    web: { favicon: string };
  };
};
const root = join(__dirname, "..");
const app = (JSON.parse(readFileSync(join(root, "app.json"), "utf8")) as TAppJson).expo;

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(join(root, path));
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("app.json", () => {
  it("names the app and the identifiers the stores and deep links use", () => {
    expect(app.name).toBe("Verzek Auto Trader");
    expect(app.slug).toMatch(/^[a-z0-9-]+$/);
    expect(app.scheme).toBe("verzek");
    expect(app.android.package).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
    expect(app.ios.bundleIdentifier).toMatch(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/);
  });

  it("points at generated PNGs of the sizes the stores require", () => {
    expect(pngSize(app.icon)).toEqual({ width: 1024, height: 1024 });
    expect(pngSize(app.android.adaptiveIcon.foregroundImage)).toEqual({ width: 1024, height: 1024 });
    const splash = pngSize(app.splash.image);
    expect(splash.width).toBe(splash.height);
    expect(pngSize(app.web.favicon).width).toBeLessThanOrEqual(64);
  });
});

describe("eas.json", () => {
  const eas = JSON.parse(readFileSync(join(root, "eas.json"), "utf8")) as {
    build: Record<string, { android?: { buildType?: string }; env?: Record<string, string> }>;
  };
  it("has development, preview (APK) and production profiles", () => {
    expect(Object.keys(eas.build).sort()).toEqual(["development", "preview", "production"]);
    expect(eas.build.preview?.android?.buildType).toBe("apk");
    expect(eas.build.production?.env?.EXPO_PUBLIC_API_URL).toBe("https://api.verzekinnovative.com");
  });

  it("allows plain http only in the build that talks to a local platform over http", () => {
    // A release APK refuses http:// unless the manifest allows cleartext (plugins/with-cleartext-http.js).
    for (const [name, profile] of Object.entries(eas.build)) {
      const http = profile.env?.EXPO_PUBLIC_API_URL?.startsWith("http://") ?? false;
      expect([name, profile.env?.ALLOW_CLEARTEXT_HTTP === "1"]).toEqual([name, http]);
    }
    expect(eas.build.development?.env?.ALLOW_CLEARTEXT_HTTP).toBe("1");
  });
});
