// The local fakes listen on random ports, but the server under test was started with fixed base
// URLs (playwright.config.ts): this forwards a fixed port to a fake. Returns the function that stops it.
import { createServer, request as httpRequest } from "node:http";

export async function forwardPort(port: number, targetUrl: string): Promise<() => Promise<void>> {
  const target = new URL(targetUrl);
  const proxy = createServer((req, res) => {
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));
  return () => new Promise<void>((resolve) => proxy.close(() => resolve()));
}
