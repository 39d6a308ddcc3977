/**
 * The organization's look on its hosted pages and in its messages: the accent colour and the logo
 * address are settings (saved with the form), an uploaded logo is sent at once (`PUT
 * /api/orgs/:org/logo`) and removed at once. The preview shows the button as pages show it, with
 * the text colour of shared/brand-colors.ts's rule.
 */
import { useSignal } from '@preact/signals';
import { MAX_LOGO_BYTES, type OrgSettings } from '../../../shared/api/orgs';
import { paletteOf, safeColor } from '../../../shared/brand-colors';
import { useApp } from '../../components/app-context';
import { ErrorNotice } from '../../components/Status';
import { callAdmin } from '../../lib/dashboard/admin';
import type { FieldErrors } from '../../lib/dashboard/validate';
import { t } from '../../lib/i18n';

interface Props {
  value: OrgSettings;
  errors: FieldErrors;
  /** The uploaded logo's address, null when there is none. */
  uploadedLogoUrl: string | null;
  onChange: (patch: Partial<OrgSettings>) => void;
  onUploaded: (url: string | null) => void;
}

/** The pages' own blue, shown while the organization chose no colour. */
const SERVICE_ACCENT = '#1d4ed8';
const IMAGE_TYPES = 'image/png,image/jpeg,image/webp,image/gif';
const KIB = MAX_LOGO_BYTES / 1024;

export function BrandingFields({ value, errors, uploadedLogoUrl, onChange, onUploaded }: Props) {
  const app = useApp();
  const busy = useSignal(false);
  const problem = useSignal<unknown>(null);
  const note = useSignal<string | null>(null);
  const accent = safeColor(value.accentColor) ?? SERVICE_ACCENT;
  const palette = paletteOf(accent);
  const logo = uploadedLogoUrl ?? value.logoUrl;

  async function run(task: () => Promise<string | null>, done: string) {
    busy.value = true;
    problem.value = null;
    note.value = null;
    try {
      onUploaded(await task());
      note.value = done;
    } catch (e) {
      problem.value = e;
    } finally {
      busy.value = false;
    }
  }

  function upload(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_LOGO_BYTES) {
      problem.value = null;
      note.value = t('branding.tooLarge', { kib: KIB });
      return;
    }
    void run(
      async () => (await callAdmin(app, (api, orgId) => api.orgs.uploadLogo(orgId, file))).url,
      t('branding.uploaded'),
    );
  }

  return (
    <fieldset class="stack" data-testid="branding">
      <legend>{t('branding.legend')}</legend>
      <div class="grid-form">
        <label>
          {t('branding.accent')}
          <input
            type="color"
            value={accent}
            onInput={(e) => onChange({ accentColor: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('branding.accentHex')}
          <input
            name="accentColor"
            placeholder={t('branding.accentPlaceholder')}
            maxLength={7}
            value={value.accentColor ?? ''}
            onInput={(e) => onChange({ accentColor: e.currentTarget.value.trim() || null })}
          />
          {errors.accentColor && <span class="row-error">{errors.accentColor}</span>}
        </label>
        <label>
          {t('branding.logoUrl')}
          <input
            type="url"
            name="logoUrl"
            placeholder="https://example.com/logo.png"
            value={value.logoUrl ?? ''}
            onInput={(e) => onChange({ logoUrl: e.currentTarget.value.trim() || null })}
          />
          {errors.logoUrl && <span class="row-error">{errors.logoUrl}</span>}
        </label>
        <label>
          {t('branding.upload', { kib: KIB })}
          <input
            type="file"
            accept={IMAGE_TYPES}
            disabled={busy.value}
            onChange={(e) => upload(e.currentTarget)}
          />
        </label>
      </div>
      <div class="row">
        {value.accentColor !== null && (
          <button type="button" onClick={() => onChange({ accentColor: null })}>
            {t('branding.defaultColour')}
          </button>
        )}
        {uploadedLogoUrl && (
          <button
            type="button"
            disabled={busy.value}
            onClick={() =>
              void run(async () => {
                await callAdmin(app, (api, orgId) => api.orgs.removeLogo(orgId));
                return null;
              }, t('branding.removed'))
            }
          >
            {t('branding.remove')}
          </button>
        )}
        {note.value && <span role="status">{note.value}</span>}
      </div>
      <ErrorNotice error={problem.value} />
      {uploadedLogoUrl && value.logoUrl && <p class="muted">{t('branding.uploadedWins')}</p>}
      <figure
        data-testid="branding-preview"
        style={{ margin: 0, borderTop: `4px solid ${accent}`, padding: '10px 0' }}
      >
        <figcaption class="muted">{t('branding.preview')}</figcaption>
        {logo && (
          <img
            src={logo}
            alt=""
            style={{ display: 'block', maxHeight: '48px', maxWidth: '200px' }}
          />
        )}
        <span
          style={{
            display: 'inline-block',
            marginTop: '8px',
            padding: '8px 14px',
            borderRadius: '6px',
            background: palette.accent,
            color: palette.onAccent,
          }}
        >
          {t('branding.previewButton')}
        </span>
      </figure>
    </fieldset>
  );
}
