// Types for scripts/phone-metadata.mjs, which test/unit/worker/phone.test.ts imports.
import type { MetadataJson } from 'libphonenumber-js/core';

export function reducePhoneMetadata(metadata: MetadataJson): MetadataJson;
