/** Whether the extension may already reach a server (the options page shows it). */
import { browser } from 'wxt/browser';
import { isGrantedByManifest, originPattern } from './host-permission';

export async function hasHostPermission(serverUrl: string): Promise<boolean> {
  if (isGrantedByManifest(serverUrl)) return true;
  return browser.permissions.contains({ origins: [originPattern(serverUrl)] });
}
