/**
 * Copies text with the Clipboard API (allowed in extension pages during a click). Resolves whether
 * it worked; when it did not, the page asks the user to copy the selected link by hand.
 */
export function copyText(text: string): Promise<boolean> {
  return navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
}
