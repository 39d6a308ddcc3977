/**
 * Stands in for `postal-mime` in the Worker bundle (wrangler.toml `[alias]`). The Resend SDK imports
 * that parser for its inbound-mail API (`emails.receiving`), which the app never calls; sending
 * (mail/resend.ts) does not touch it, and leaving it out keeps about 71 KiB out of the bundle (README,
 * "Worker bundle"). Node runs the real package.
 */
export default {
  parse(): never {
    throw new Error('Parsing inbound mail is not part of this Worker');
  },
};
