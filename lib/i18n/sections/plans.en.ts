// UI text for the plans pages (English).
export const plansEn = {} as const;
