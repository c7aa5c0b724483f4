import type { plansEn } from "./plans.en";

// plans 页面的界面文字(简体中文)。
export const plansZhCN: Record<keyof typeof plansEn, string> = {};
