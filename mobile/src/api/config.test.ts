import { apiConfig, PRODUCTION_API_URL } from "./config";

describe("apiConfig", () => {
  it("defaults to the production API", () => {
    expect(apiConfig({}).baseUrl).toBe(PRODUCTION_API_URL);
    expect(apiConfig({ apiUrl: "  " }).baseUrl).toBe("https://api.verzekinnovative.com");
  });
  it("takes EXPO_PUBLIC_API_URL without its trailing slash, and the API key", () => {
    expect(apiConfig({ apiUrl: "http://192.168.1.20:3000/", apiKey: "k" })).toEqual({ baseUrl: "http://192.168.1.20:3000", apiKey: "k" });
  });
  it("reads the environment by default", () => {
    expect(apiConfig()).toEqual({ baseUrl: "http://platform.test", apiKey: "test-app-key" });
  });
  it("refuses a URL that is not http(s)", () => {
    expect(() => apiConfig({ apiUrl: "ftp://x" })).toThrow(/EXPO_PUBLIC_API_URL/);
    expect(() => apiConfig({ apiUrl: "not a url" })).toThrow(/EXPO_PUBLIC_API_URL/);
  });
});
