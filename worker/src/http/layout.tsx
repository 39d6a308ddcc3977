/**
 * The hosted pages' frame (join, invitation, set password, confirm, sign in): server-rendered with
 * hono/jsx, no JavaScript, readable on a phone, and never cached or sent as a referrer.
 */
import type { Child } from 'hono/jsx';
import type { Context } from 'hono';
import { LOCALE_NAMES, LOCALES } from '../../../shared/i18n';
import { type Brand, brandCss } from '../lib/brand';
import { layoutText } from './layout.text';
import type { PageLang } from './page-locale';

/*
 * Contrast of what shows where a control is, against the white card (WCAG 1.4.11 asks 3:1; ratios
 * by the WCAG relative-luminance formula): input borders #767676 are 4.5:1 (4.2:1 on the page's
 * #f5f6f8), the focus ring #2563eb 5.2:1 (the buttons' blue #1d4ed8 is 6.7:1), the language
 * switcher's too. Links that stand apart from a sentence (the error summary's, those under the
 * sign-in form, the "Sign in" that ends a flow) are targets at least 24 px high with room between
 * them (WCAG 2.2 2.5.8).
 */
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;background:#f5f6f8}
main{max-width:440px;margin:0 auto;padding:32px 20px}
.card{background:#fff;border:1px solid #e2e4e8;border-radius:12px;padding:24px}
h1{font-size:22px;line-height:1.3;margin:0 0 12px}
p{margin:0 0 12px}
.muted{color:#555;font-size:14px}
label{display:block;font-weight:600;margin:16px 0 6px}
input{width:100%;font:inherit;padding:10px 12px;border:1px solid #767676;border-radius:8px}
input:focus,button:focus,a:focus{outline:3px solid #2563eb;outline-offset:1px}
button{margin-top:20px;width:100%;font:inherit;font-weight:600;padding:12px;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer}
.error{color:#a11;margin:6px 0 0;font-size:14px}
.notice{border-left:4px solid #1d4ed8;padding:8px 12px;background:#eef3ff;border-radius:4px}
.bad{border-left-color:#a11;background:#fdeeee}
button{min-height:44px}
button.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
ul{margin:0 0 12px;padding-left:20px}
.error-links li+li{margin-top:4px}
.error-links a,form+p.muted a,p.alone a{display:inline-block;min-height:24px;padding:4px 0}
`;

/**
 * The pages' icon, inline (no request; the pages' CSP admits `data:` images): an envelope on the
 * buttons' blue.
 */
export const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='7' fill='#1d4ed8'/><path d='M8 10h16v12H8z M8 10l8 7 8-7' fill='none' stroke='#fff' stroke-width='2' stroke-linejoin='round'/></svg>",
)}`;

/** The language switcher (`LanguageSwitcher`): small, beside the card, with 24×24 px targets. */
const SWITCHER_CSS = `
.langs{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:4px;margin:0 0 8px;padding:0;list-style:none;font-size:14px}
.langs a{display:inline-block;min-width:24px;min-height:24px;padding:2px 6px;line-height:20px;color:#444;border-radius:4px;text-decoration:none}
.langs a:hover{text-decoration:underline}
.langs a:focus{outline:3px solid #2563eb;outline-offset:1px}
.langs a[aria-current]{color:#111;font-weight:600}
`;

/** Links to the page in each language (`?lang=`), the current one marked. */
function LanguageSwitcher(props: { lang: PageLang }) {
  return (
    <nav aria-label={layoutText.in(props.lang.locale).languages}>
      <ul class="langs">
        {LOCALES.map((code) => (
          <li>
            <a
              href={`?lang=${code}`}
              hreflang={code}
              lang={code}
              aria-current={code === props.lang.locale ? 'page' : undefined}
            >
              {LOCALE_NAMES[code]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Page(props: { title: string; lang: PageLang; children: Child; brand?: Brand }) {
  const { locale } = props.lang;
  const brandStyle = brandCss(props.brand);
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${layoutText.in(locale).product}`}</title>
        <link rel="icon" href={FAVICON} />
        {/* The page's own constant CSS, written as it is (escaping would turn its quotes into entities). */}
        <style dangerouslySetInnerHTML={{ __html: CSS + SWITCHER_CSS }} />
        {/* The organization's colours: CSS built from a checked #rrggbb only (lib/brand.ts). */}
        {brandStyle ? <style dangerouslySetInnerHTML={{ __html: brandStyle }} /> : null}
      </head>
      <body>
        <main>
          <LanguageSwitcher lang={props.lang} />
          <div class="card">
            {props.brand?.logoSrc ? (
              <img class="brand-logo" src={props.brand.logoSrc} alt={props.brand.name} />
            ) : null}
            {props.children}
          </div>
        </main>
      </body>
    </html>
  );
}

/** A page with only a heading and a sentence (and maybe a link): expired, revoked, used-up, done. */
export function MessagePage(props: {
  title: string;
  message: string;
  lang: PageLang;
  bad?: boolean;
  brand?: Brand;
  children?: Child;
}) {
  return (
    <Page title={props.title} lang={props.lang} brand={props.brand}>
      <h1>{props.title}</h1>
      <p class={props.bad ? 'notice bad' : 'notice'}>{props.message}</p>
      {props.children}
    </Page>
  );
}

/** Headers every hosted page carries: tokens in its URL never reach caches or other sites. */
export function pageHeaders(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
}
