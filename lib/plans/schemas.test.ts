import { describe, expect, it } from "vitest";
import { planInputSchema } from "./schemas";

const base = { name: "basic", ram: "512 MiB", diskspace: "10G" };

function issue(input: Record<string, string>) {
  const r = planInputSchema.safeParse({ ...base, ...input });
  if (r.success) throw new Error("expected a validation error");
  const first = r.error.issues[0];
  return { field: first?.path.join("."), message: first?.message };
}

describe("planInputSchema", () => {
  it("reads human units into MiB, empty as unlimited and limits as their barriers", () => {
    const plan = planInputSchema.parse({ ...base, swap: "", ram: "1.5 GiB", diskinodes: "200000" });
    expect(plan).toEqual({
      name: "basic",
      description: "",
      ramMb: 1536,
      swapMb: 0,
      numproc: null,
      cpuunits: 1000,
      cpulimit: null,
      cpus: null,
      diskspaceMb: 10240,
      diskspaceLimitMb: 10240,
      diskinodes: 200000,
      diskinodesLimit: 200000,
      numpty: null,
      numfile: null,
      bandwidthMbit: null,
    });
  });

  it("takes every beancounter", () => {
    const plan = planInputSchema.parse({
      ...base,
      swap: "1G",
      numproc: "512",
      cpuunits: "2000",
      cpulimit: "150%",
      cpus: "2",
      diskspaceLimit: "11 GiB",
      diskinodes: "131072",
      diskinodesLimit: "140000",
      numpty: "64",
      numfile: "8192",
      bandwidth: "100",
    });
    expect(plan).toMatchObject({
      swapMb: 1024,
      numproc: 512,
      cpuunits: 2000,
      cpulimit: 150,
      cpus: 2,
      diskspaceLimitMb: 11264,
      diskinodesLimit: 140000,
      numpty: 64,
      numfile: 8192,
      bandwidthMbit: 100,
    });
  });

  it("accepts numbers from API clients and 'unlimited'", () => {
    const plan = planInputSchema.parse({ ...base, ram: 2048, numproc: "unlimited" });
    expect(plan.ramMb).toBe(2048);
    expect(plan.numproc).toBeNull();
  });

  it("says how to fix each mistake, on the right field", () => {
    expect(issue({ diskspaceLimit: "5G" })).toEqual({
      field: "diskspaceLimit",
      message: expect.stringContaining("limit must be ≥ barrier"),
    });
    expect(issue({ ram: "32M" })).toEqual({ field: "ram", message: "RAM must be at least 64 MiB." });
    expect(issue({ ram: "" })).toMatchObject({ field: "ram", message: expect.stringContaining("required") });
    expect(issue({ ram: "lots" })).toMatchObject({
      field: "ram",
      message: expect.stringContaining("512 MiB"),
    });
    expect(issue({ diskspace: "100M" })).toMatchObject({ field: "diskspace" });
    expect(issue({ diskinodes: "200000", diskinodesLimit: "100000" })).toMatchObject({
      field: "diskinodesLimit",
      message: expect.stringContaining("limit must be ≥ barrier"),
    });
    expect(issue({ diskinodesLimit: "100000" })).toMatchObject({ field: "diskinodes" });
    expect(issue({ cpus: "2", cpulimit: "300" })).toMatchObject({
      field: "cpulimit",
      message: expect.stringContaining("lower the limit or raise CPUs"),
    });
    expect(issue({ numproc: "1.5" })).toMatchObject({
      field: "numproc",
      message: expect.stringContaining("or empty for unlimited"),
    });
    expect(issue({ cpuunits: "4" })).toMatchObject({
      field: "cpuunits",
      message: "CPU units must be a whole number from 8 to 500000.",
    });
  });

  it("allows only vzctl sample names", () => {
    for (const ok of ["basic", "vps-2g", "a", "0.5g_plan"])
      expect(planInputSchema.safeParse({ ...base, name: ok }).success, ok).toBe(true);
    for (const bad of ["", "Basic", "-x", ".x", "a b", "a/b", "a..b", "x".repeat(65), "计划"]) {
      expect(planInputSchema.safeParse({ ...base, name: bad }).success, bad).toBe(false);
    }
  });

  it("refuses descriptions that could break out of the config sample's quotes", () => {
    expect(issue({ description: 'a "quoted" text' }).field).toBe("description");
    expect(issue({ description: "line\nbreak" }).field).toBe("description");
    expect(planInputSchema.parse({ ...base, description: "Small VPS, 512 MiB" }).description).toBe(
      "Small VPS, 512 MiB",
    );
  });
});
