// Types for scripts/worker-bundle-size.mjs, which test/unit/worker/bundle.test.ts imports.
export interface Size {
  minified: number;
  gzip: number;
}
export const CEILING: Size;
export const UNWANTED: string[];
export function measureBundle(
  dir?: string,
): Promise<Size & { parts: [string, number][]; unwanted: string[] }>;
