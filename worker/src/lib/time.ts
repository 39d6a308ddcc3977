export const HOUR_MS = 3600_000;
