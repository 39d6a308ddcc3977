/** The inputs of the organization settings form. */
import type { OrgSettings } from '../../../shared/api';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../shared/i18n';
import type { FieldErrors } from '../../lib/dashboard/validate';
import { t } from '../../lib/i18n';

interface Props {
  value: OrgSettings;
  errors: FieldErrors;
  locked: readonly (keyof OrgSettings)[];
  onChange: (patch: Partial<OrgSettings>) => void;
}

const SWITCHES = [
  'allowMemberLinks',
  'memberLinksRequireApproval',
  'emailOnly',
  'sendInitialPassword',
] as const;

/** The zones this browser knows, offered as the time zone is typed. */
function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

export function SettingsFields({ value, errors, locked, onChange }: Props) {
  const isLocked = (key: keyof OrgSettings) => locked.includes(key);
  const ownerNote = (key: keyof OrgSettings) =>
    isLocked(key) ? ` ${t('settings.ownerOnly')}` : '';
  const error = (key: keyof OrgSettings) =>
    errors[key] && <span class="row-error">{errors[key]}</span>;

  return (
    <div class="stack">
      {SWITCHES.map((key) => (
        <label class="check" key={key}>
          <input
            type="checkbox"
            checked={Boolean(value[key])}
            disabled={isLocked(key)}
            onChange={(e) => onChange({ [key]: e.currentTarget.checked })}
          />
          {t(`settings.${key}`)}
          {ownerNote(key)}
        </label>
      ))}
      <div class="grid-form">
        <label>
          {t('settings.inviteTtl')}
          <input
            type="number"
            min={1}
            max={2160}
            value={value.inviteTtlHours}
            onInput={(e) => onChange({ inviteTtlHours: e.currentTarget.valueAsNumber })}
          />
          {error('inviteTtlHours')}
        </label>
        <label>
          {t('settings.linkMaxTtl')}
          <input
            type="number"
            min={1}
            max={8760}
            value={value.linkMaxTtlHours ?? ''}
            onInput={(e) =>
              onChange({
                linkMaxTtlHours:
                  e.currentTarget.value === '' ? null : e.currentTarget.valueAsNumber,
              })
            }
          />
          {error('linkMaxTtlHours')}
        </label>
        <label>
          {t('settings.reminderHours')}
          <input
            type="number"
            min={1}
            max={720}
            value={value.reminderHoursBeforeExpiry ?? ''}
            onInput={(e) =>
              onChange({
                reminderHoursBeforeExpiry:
                  e.currentTarget.value === '' ? null : e.currentTarget.valueAsNumber,
              })
            }
          />
          {error('reminderHoursBeforeExpiry')}
        </label>
        <label>
          {t('settings.loginUrl')}
          {ownerNote('loginUrl')}
          <input
            type="url"
            placeholder={t('settings.loginUrlPlaceholder')}
            disabled={isLocked('loginUrl')}
            value={value.loginUrl ?? ''}
            onInput={(e) => onChange({ loginUrl: e.currentTarget.value.trim() || null })}
          />
          {error('loginUrl')}
        </label>
        <label>
          {t('settings.domains')}
          {ownerNote('allowedEmailDomains')}
          <input
            placeholder={t('settings.domainsPlaceholder')}
            disabled={isLocked('allowedEmailDomains')}
            value={value.allowedEmailDomains.join(', ')}
            onChange={(e) =>
              onChange({
                allowedEmailDomains: e.currentTarget.value.split(/[\s,]+/).filter(Boolean),
              })
            }
          />
          {error('allowedEmailDomains')}
        </label>
        <label>
          {t('settings.language')}
          {ownerNote('language')}
          <select
            name="language"
            disabled={isLocked('language')}
            value={value.language}
            onChange={(e) => onChange({ language: e.currentTarget.value as Locale })}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </select>
          {error('language')}
        </label>
        <label>
          {t('settings.timeZone')}
          {ownerNote('timeZone')}
          <input
            name="timeZone"
            list="time-zones"
            autoComplete="off"
            placeholder="Europe/Berlin"
            disabled={isLocked('timeZone')}
            value={value.timeZone}
            aria-invalid={errors.timeZone ? true : undefined}
            onInput={(e) => onChange({ timeZone: e.currentTarget.value.trim() })}
          />
          <datalist id="time-zones">
            {timeZones().map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          {errors.timeZone && <span class="row-error">{t('settings.timeZoneInvalid')}</span>}
        </label>
      </div>
    </div>
  );
}
