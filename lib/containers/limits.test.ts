import { describe, expect, it } from "vitest";
import { setParamsSchema } from "@/agent/protocol";
import { limitsToSetParams } from "./limits";

describe("limitsToSetParams", () => {
  it("speaks the agent's vzctl syntax and passes its schema", () => {
    const params = limitsToSetParams({
      ramMb: 512,
      swapMb: 256,
      numproc: 128,
      cpuunits: 1000,
      cpulimit: 50,
      cpus: 1,
      diskspaceMb: 10240,
      diskspaceLimitMb: 11264,
      diskinodes: 200000,
      diskinodesLimit: 220000,
    });
    expect(params).toMatchObject({
      ram: "512M",
      swap: "256M",
      numproc: "128:128",
      diskspace: "10240M:11264M",
      diskinodes: "200000:220000",
    });
    expect(setParamsSchema.safeParse(params).success).toBe(true);
  });
  it("writes unlimited where the panel has no limit", () => {
    const params = limitsToSetParams({
      ramMb: 256,
      swapMb: 0,
      numproc: null,
      cpuunits: 1000,
      cpulimit: null,
      cpus: null,
      diskspaceMb: 1024,
      diskspaceLimitMb: 1024,
      diskinodes: null,
      diskinodesLimit: null,
    });
    expect(params.numproc).toBe("unlimited");
    expect(params.diskinodes).toBe("unlimited");
    expect(setParamsSchema.safeParse(params).success).toBe(true);
  });
});
