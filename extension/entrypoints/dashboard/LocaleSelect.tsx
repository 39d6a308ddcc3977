/** "Language of the message": one of ours, or the organization's language (sent as no `locale`). */
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../shared/i18n';
import { t } from '../../lib/i18n';

export function LocaleSelect({
  value,
  onChange,
  inline = false,
}: {
  value: Locale | '';
  onChange: (locale: Locale | '') => void;
  /** Beside its label, in a toolbar row, rather than under it in a form grid. */
  inline?: boolean;
}) {
  return (
    <label class={inline ? 'check' : undefined}>
      {t('invite.language')}
      <select
        name="locale"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value as Locale | '')}
      >
        <option value="">{t('invite.orgDefault')}</option>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
