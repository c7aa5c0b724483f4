// server.ts overwrites this header on every request with the socket's peer address (or, when
// BERTH_TRUST_PROXY=1, the proxy's X-Forwarded-For), so a client cannot choose its own IP.
export const CLIENT_IP_HEADER = "x-berth-client-ip";

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export function getClientIp(headers: HeaderSource | undefined): string {
  if (!headers) return "unknown";
  const raw =
    typeof (headers as { get?: unknown }).get === "function"
      ? (headers as { get(name: string): string | null }).get(CLIENT_IP_HEADER)
      : (headers as Record<string, string | string[] | undefined>)[CLIENT_IP_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && value.length <= 64 ? value : "unknown";
}
