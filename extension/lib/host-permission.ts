/**
 * Access to the configured server only. The manifest grants the default local server; any other
 * server is an optional host permission asked for when the user names it, so the extension never
 * holds `<all_urls>`.
 */
import { browser } from 'wxt/browser';

/** Hosts the manifest's `host_permissions` already grant, on every port (`http://localhost/*`). */
const GRANTED_HOSTS = ['http://localhost', 'http://127.0.0.1'];

/**
 * `http://example.com:8080` → `http://example.com/*`: a match pattern for the host, every port.
 * Firefox matches a pattern with a port against nothing; without one, both browsers match every
 * port.
 */
export function originPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

export function isGrantedByManifest(serverUrl: string): boolean {
  const url = new URL(serverUrl);
  return GRANTED_HOSTS.includes(`${url.protocol}//${url.hostname}`);
}

/**
 * Asks for access to one server. Call it straight from a click or submit handler, before any
 * `await`: browsers only show the prompt during a user gesture. Resolves `true` when access is (or
 * already was) granted.
 */
export function requestHostPermission(serverUrl: string): Promise<boolean> {
  if (isGrantedByManifest(serverUrl)) return Promise.resolve(true);
  return browser.permissions.request({ origins: [originPattern(serverUrl)] }).catch(() => false);
}
