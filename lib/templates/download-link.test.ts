import { describe, expect, it } from "vitest";
import { DOWNLOAD_LINK_TTL_SECONDS, signDownloadLink, verifyDownloadLink } from "./download-link";

const secret = "unit-test-secret-0123456789abcdef0123456789";
const now = new Date("2026-11-26T20:00:00Z");
const link = signDownloadLink({ secret, templateId: "tmpl1", nodeId: "node1", now });
const verify = (params: Record<string, string | null>, options: { at?: Date; templateId?: string } = {}) =>
  verifyDownloadLink({ secret, templateId: options.templateId ?? "tmpl1", params, now: options.at ?? now });

describe("signed template download links", () => {
  it("accepts the link it signed, until it expires", () => {
    expect(verify(link)).toBe(true);
    expect(verify(link, { at: new Date(now.getTime() + (DOWNLOAD_LINK_TTL_SECONDS - 1) * 1000) })).toBe(true);
  });
  it("refuses an expired link", () => {
    expect(verify(link, { at: new Date(now.getTime() + (DOWNLOAD_LINK_TTL_SECONDS + 1) * 1000) })).toBe(
      false,
    );
  });
  it("refuses the link for another node or another template", () => {
    expect(verify({ ...link, node: "node2" })).toBe(false);
    expect(verify(link, { templateId: "tmpl2" })).toBe(false);
  });
  it("refuses a tampered signature or expiry, and missing fields", () => {
    const sig = link.sig;
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    expect(verify({ ...link, sig: flipped })).toBe(false);
    expect(verify({ ...link, sig: sig.slice(0, 20) })).toBe(false);
    expect(verify({ ...link, expires: String(Number(link.expires) + 60) })).toBe(false);
    expect(verify({ ...link, sig: null })).toBe(false);
    expect(verify({ ...link, expires: "abc" })).toBe(false);
  });
  it("refuses a link signed with another secret, or one claiming to live too long", () => {
    const other = signDownloadLink({ secret: `${secret}x`, templateId: "tmpl1", nodeId: "node1", now });
    expect(verify(other)).toBe(false);
    const long = signDownloadLink({ secret, templateId: "tmpl1", nodeId: "node1", now, ttlSeconds: 86_400 });
    expect(verify(long)).toBe(false);
  });
});
