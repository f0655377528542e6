// Route handlers see no socket; the first X-Forwarded-For hop is the client as our proxy saw it.
export function clientIp(req: Request): string {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || req.headers.get("x-real-ip")?.trim() || "unknown";
  return ip.slice(0, 64);
}
