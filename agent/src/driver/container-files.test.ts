import { describe, expect, it } from "vitest";
import { hostsContent, resolvContent } from "./container-files";

describe("files written inside a container", () => {
  it("replaces the old hostname's line in /etc/hosts and keeps localhost", () => {
    const cur = "127.0.0.1\tlocalhost\n127.0.1.1\told.example.com old\n10.0.0.5\tdb\n";
    expect(hostsContent(cur, "new.example.com", "old.example.com", "199.199.199.199")).toBe(
      "127.0.0.1\tlocalhost\n10.0.0.5\tdb\n199.199.199.199\tnew.example.com new\n",
    );
  });

  it("rewrites nameserver and search lines, keeping options", () => {
    const cur = "search old.example\nnameserver 1.1.1.1\noptions ndots:2\n";
    expect(resolvContent(cur, ["205.171.2.65", "205.171.3.65"], [])).toBe(
      "search old.example\noptions ndots:2\nnameserver 205.171.2.65\nnameserver 205.171.3.65\n",
    );
    expect(resolvContent(cur, [], ["a.example", "b.example"])).toBe(
      "search a.example b.example\nnameserver 1.1.1.1\noptions ndots:2\n",
    );
  });
});
