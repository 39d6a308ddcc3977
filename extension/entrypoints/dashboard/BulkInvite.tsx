/** "Send invitation" to every selected user by e-mail or SMS, and what happened to each. */
import { useSignal } from '@preact/signals';
import type { UsersState } from '../../lib/dashboard/users';
import type { Locale } from '../../../shared/locales';
import { plural, t } from '../../lib/i18n';
import { LocaleSelect } from './LocaleSelect';

export function BulkInvite({ users }: { users: UsersState }) {
  const channel = useSignal<'email' | 'sms'>('email');
  const locale = useSignal<Locale | ''>('');
  const count = users.selected.value.size;
  const result = users.inviteResult.value;

  return (
    <section class="card" aria-label={t('bulk.label')}>
      <div class="row">
        <span class="grow">
          {count === 0 ? t('bulk.selectHint') : plural('bulk.selected', count)}
        </span>
        <label class="check">
          {t('common.sendBy')}
          <select
            value={channel.value}
            onChange={(e) => (channel.value = e.currentTarget.value === 'sms' ? 'sms' : 'email')}
          >
            <option value="email">{t('common.email')}</option>
            <option value="sms">{t('common.sms')}</option>
          </select>
        </label>
        <LocaleSelect inline value={locale.value} onChange={(next) => (locale.value = next)} />
        <button
          type="button"
          class="primary"
          disabled={count === 0 || users.sending.value}
          onClick={() => void users.invite(channel.value, locale.value || undefined)}
        >
          {users.sending.value ? t('bulk.busy') : t('invite.send')}
        </button>
      </div>
      {result && (
        <p role="status" class="small">
          {plural('bulk.queued', result.queued)}
          {result.errors.length > 0 && ` ${plural('bulk.failed', result.errors.length)}`}
        </p>
      )}
    </section>
  );
}
