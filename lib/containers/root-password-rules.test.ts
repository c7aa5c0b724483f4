import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import {
  assertRootPassword,
  getEffectiveLength,
  getRootPasswordProblem,
  ROOT_PASSWORD_MESSAGES,
  ROOT_PASSWORD_PROBLEMS,
  rootPasswordSchema,
} from "./root-password-rules";

describe("root password rules", () => {
  it.each([
    ["Tr0ub4dor&3x", null],
    ["kV9#mQ2!xLp7", null],
    ["correct horse battery staple", null], // a passphrase: two classes, but long
    ["hVq7RZm2xWfK9pLcT4bN", null], // generated-style: 20 random characters
  ])("accepts %s", (password, expected) => {
    expect(getRootPasswordProblem(password)).toBe(expected);
  });

  it.each([
    ["Sh0rt!pw", "too-short"],
    ["", "too-short"],
    [`Aa1!${"x".repeat(130)}`, "too-long"],
    ["Tr0ub4dor&3x\nroot:owned", "control-characters"],
    ["Tr0ub4dor\t&3x", "control-characters"],
    ["alllowercaseonly", "few-classes"],
    ["lowercase12345", "few-classes"],
    ["Aa1!Aa1!Aa1!Aa1!", "repetitive"],
    ["Abcdefgh1234!", "repetitive"],
    ["Zz!!!!!!!!9xQ", "repetitive"],
    ["12345678901234567890", "repetitive"],
    ["Password123!", "common"],
    ["P@ssw0rd!2024", "common"],
    ["Qwerty!20249", "common"],
    ["Qwerty!98765x", "repetitive"],
    ["Rootroot#2024", "common"],
    ["!Welcome2025#", "common"],
    ["#2024$%^&*()!", "few-classes"],
  ])("refuses %j as %s", (password, expected) => {
    expect(getRootPasswordProblem(password)).toBe(expected);
  });

  it("refuses the container's host name inside the password", () => {
    expect(getRootPasswordProblem("Mailhost#2024xq", { hostname: "mailhost.example.com" })).toBe("hostname");
    expect(getRootPasswordProblem("Mailhost#2024xq", { hostname: "web1.example.com" })).toBeNull();
    // Labels shorter than four characters are too common to refuse.
    expect(getRootPasswordProblem("Kv9#web!Lp7x", { hostname: "web.example.com" })).toBeNull();
  });

  it("counts runs of repeats and sequences once", () => {
    expect(getEffectiveLength("aaaa")).toBe(1);
    expect(getEffectiveLength("1234x")).toBe(2);
    expect(getEffectiveLength("dcba")).toBe(1);
    expect(getEffectiveLength("pass")).toBe(4);
    expect(getEffectiveLength("abab")).toBe(4);
  });

  it("has a message for every problem", () => {
    for (const p of ROOT_PASSWORD_PROBLEMS) expect(ROOT_PASSWORD_MESSAGES[p]).toMatch(/\.$/);
  });

  it("as a zod schema, carries the problem as the issue's reason", () => {
    const parsed = rootPasswordSchema().safeParse("Password123!");
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.message).toBe(ROOT_PASSWORD_MESSAGES.common);
    expect(issue?.code === "custom" && issue.params?.reason).toBe("common");
  });

  it("throws a VALIDATION AppError naming the field and a translatable reason", () => {
    expect(() => assertRootPassword("kV9#mQ2!xLp7", { field: "password" })).not.toThrow();
    try {
      assertRootPassword("short", { field: "rootPassword" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("VALIDATION");
      expect((err as AppError).field).toBe("rootPassword");
      expect((err as AppError).reason).toBe("root-password.too-short");
    }
  });
});
