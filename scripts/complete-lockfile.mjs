#!/usr/bin/env node
/**
 * Adds lockfile entries for platform-specific optional packages the registry this project installs
 * from does not serve (it answers 404 for, e.g., Rollup's Android and Windows builds), so npm
 * leaves them out of package-lock.json and `npm ci` then refuses the lockfile as out of sync. The
 * entries only name the package, version, os and cpu: npm skips them on any other platform, exactly
 * as it does with complete entries. On a registry that serves them npm records them itself and this
 * script changes nothing.
 *
 *   node scripts/complete-lockfile.mjs      (after any `npm install` that changed package-lock.json)
 */
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
  'aix',
];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

function platformOf(name) {
  const base = name.split('/').pop();
  const os = OS.find((o) => base.split('-').includes(o));
  const cpu = CPU.find(
    (c) => base.split('-').includes(c) || base.includes(`-${c}-`) || base.endsWith(`-${c}`),
  );
  if (!os || !cpu) return null;
  const libc =
    os === 'linux'
      ? base.includes('musl')
        ? ['musl']
        : base.includes('gnu')
          ? ['glibc']
          : undefined
      : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const added = [];
for (const [path, node] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(node.optionalDependencies ?? {})) {
    const at = `${path ? `${path}/` : ''}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (lock.packages[at] || lock.packages[hoisted]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    lock.packages[hoisted] = { version, ...platform, dev: node.dev ?? undefined, optional: true };
    added.push(`${dep}@${version}`);
  }
}
if (added.length) {
  const [root, ...rest] = Object.entries(lock.packages);
  lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(
  added.length
    ? `added ${added.length} platform entries:\n  ${added.join('\n  ')}`
    : 'package-lock.json is complete',
);
