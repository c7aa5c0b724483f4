// UI text for the ip-pools pages (English).
export const ipPoolsEn = {} as const;
