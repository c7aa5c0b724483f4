import type { ipPoolsEn } from "./ip-pools.en";

// ip-pools 页面的界面文字(简体中文)。
export const ipPoolsZhCN: Record<keyof typeof ipPoolsEn, string> = {};
