import { describe, expect, it } from "vitest";
import { getDbProvider, getSqlitePath } from "./db-url";

describe("getDbProvider", () => {
  it("tells SQLite from PostgreSQL", () => {
    expect(getDbProvider("file:./x.db")).toBe("sqlite");
    expect(getDbProvider("postgresql://u:p@127.0.0.1/db")).toBe("postgres");
    expect(getDbProvider("postgres://u@h/db")).toBe("postgres");
  });
  it("refuses other schemes with a message naming both choices", () => {
    expect(() => getDbProvider("mysql://x")).toThrow(/file:.*postgresql:/);
  });
});

describe("getSqlitePath", () => {
  it("resolves relative paths against the working directory", () => {
    expect(getSqlitePath("file:./.berth/berth.db", "/srv/berth")).toBe("/srv/berth/.berth/berth.db");
    expect(getSqlitePath("file:/var/lib/berth/panel.db", "/srv")).toBe("/var/lib/berth/panel.db");
  });
});
