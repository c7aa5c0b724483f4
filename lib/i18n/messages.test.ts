import { describe, expect, it } from "vitest";
import { en } from "./en";
import { createTranslator, matchLocale } from "./messages";
import { zhCN } from "./zh-cn";

describe("i18n", () => {
  it("has a Chinese text for every English key, with the same placeholders", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy();
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(vars(zhCN[key]), key).toEqual(vars(en[key]));
    }
  });
  it("fills placeholders", () => {
    expect(createTranslator("en")("dashboard.nodesOnline", { count: 3 })).toBe("3 online");
    expect(createTranslator("zh-CN")("dashboard.nodesOnline", { count: 3 })).toBe("3 个在线");
  });
  it("matches Accept-Language", () => {
    expect(matchLocale("zh-TW,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(matchLocale("en-US,en;q=0.9")).toBe("en");
    expect(matchLocale("fr-FR")).toBe("en");
    expect(matchLocale(undefined)).toBe("en");
  });
});
